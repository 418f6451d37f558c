/**
 * A syntax check for CloudEvents SQL (CESQL v1) expressions, as Trigger `filters[].cesql` takes
 * them. It accepts what the grammar accepts (cloudevents/spec cesql/spec.md; the ANTLR grammar
 * of cloudevents/sdk-go sql/v2) and reports the first syntax error; it does not type-check.
 */

type TokenKind = 'string' | 'number' | 'word' | 'op' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
}

const KEYWORDS = new Set(['NOT', 'AND', 'OR', 'XOR', 'LIKE', 'IN', 'EXISTS', 'TRUE', 'FALSE']);
const BINARY = new Set([
  'AND',
  'OR',
  'XOR',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
]);

function tokenize(src: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      // a quote is escaped by a backslash or by doubling it ('it''s')
      let j = i + 1;
      for (;;) {
        while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
        if (j + 1 < src.length && src[j + 1] === c) j += 2;
        else break;
      }
      if (j >= src.length) return `unterminated string starting at position ${i}`;
      tokens.push({ kind: 'string', text: src.slice(i, j + 1), pos: i });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+[A-Za-z0-9]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: /^[0-9]+$/.test(m[0]) ? 'number' : 'word', text: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0], pos: i });
      i += m[0].length;
    } else {
      const op =
        ['<=', '>=', '!=', '<>'].find((o) => src.startsWith(o, i)) ??
        ('=<>+-*/%(),'.includes(c) ? c : undefined);
      if (!op) return `unexpected character '${c}' at position ${i}`;
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  public parse(): void {
    this.expression();
    const t = this.peek();
    if (t.kind !== 'end') throw this.error(t, 'expected an operator or the end');
  }

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isKeyword(t: Token, kw: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === kw;
  }
  private expect(text: string): void {
    const t = this.next();
    if (!(t.kind === 'op' && t.text === text)) throw this.error(t, `expected '${text}'`);
  }
  private error(t: Token, what: string): Error {
    return new Error(
      `${what} at position ${t.pos}${t.kind === 'end' ? ' (end of expression)' : ` ('${t.text}')`}`,
    );
  }

  private expression(): void {
    this.unary();
    for (;;) {
      const t = this.peek();
      const word = t.kind === 'word' ? t.text.toUpperCase() : undefined;
      if ((t.kind === 'op' && BINARY.has(t.text)) || (word && BINARY.has(word))) {
        this.next();
        this.unary();
      } else if (word === 'NOT' || word === 'LIKE' || word === 'IN') {
        this.next();
        const op = word === 'NOT' ? this.next() : t;
        if (this.isKeyword(op, 'LIKE')) {
          const s = this.next();
          if (s.kind !== 'string') throw this.error(s, 'LIKE needs a string pattern');
        } else if (this.isKeyword(op, 'IN')) {
          this.expect('(');
          this.list();
        } else {
          throw this.error(op, 'expected LIKE or IN after NOT');
        }
      } else {
        return;
      }
    }
  }

  private list(): void {
    this.expression();
    while (this.peek().kind === 'op' && this.peek().text === ',') {
      this.next();
      this.expression();
    }
    this.expect(')');
  }

  private unary(): void {
    const t = this.next();
    if (this.isKeyword(t, 'NOT') || (t.kind === 'op' && t.text === '-')) return this.unary();
    if (this.isKeyword(t, 'EXISTS')) {
      const id = this.next();
      if (id.kind !== 'word' || KEYWORDS.has(id.text.toUpperCase()))
        throw this.error(id, 'EXISTS needs an attribute name');
      return;
    }
    if (t.kind === 'op' && t.text === '(') {
      this.expression();
      this.expect(')');
      return;
    }
    if (t.kind === 'string' || t.kind === 'number') return;
    if (t.kind === 'word') {
      const upper = t.text.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return;
      if (KEYWORDS.has(upper)) throw this.error(t, 'expected a value');
      const isCall = this.peek().kind === 'op' && this.peek().text === '(';
      // attribute names are letters and digits; '_' only appears in function names
      if (!isCall && t.text.includes('_'))
        throw this.error(t, 'attribute names have only letters and digits');
      if (isCall && !/^[A-Za-z][A-Za-z_]*$/.test(t.text))
        throw this.error(t, "function names have only letters and '_'");
      if (isCall) {
        this.next();
        if (this.peek().kind === 'op' && this.peek().text === ')') {
          this.next();
          return;
        }
        this.list();
      }
      return;
    }
    throw this.error(t, 'expected a value');
  }
}

/** Returns undefined when the expression parses, else the reason it does not. */
export function cesqlSyntaxError(expression: string): string | undefined {
  if (expression.trim() === '') return 'the expression is empty';
  const tokens = tokenize(expression);
  if (typeof tokens === 'string') return tokens;
  try {
    new Parser(tokens).parse();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

import * as fs from 'node:fs';
import * as YAML from 'yaml';
import { Issue, ValidationError } from './validation';

/**
 * How much input the readers accept. Generous for a real fleet (a 5,000-model catalog is about
 * 3 MB), small enough that a mistaken or hostile file is refused with one clear line instead of
 * exhausting memory or the stack. Every limit can be raised with `--limit <name>=<value>`.
 */
export interface InputLimits {
  /** Bytes in one input file. @default 16 MiB */
  readonly bytes: number;
  /** Alias expansions in one YAML document (`*name`). @default 1,000 */
  readonly aliases: number;
  /** Nesting of maps and lists. @default 64 */
  readonly depth: number;
  /** Models in one catalog. @default 20,000 */
  readonly models: number;
  /** Versions of one model. @default 100 */
  readonly versions: number;
  /** Data rows in one trace. @default 20,000,000 */
  readonly rows: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  bytes: 16 * 1024 * 1024,
  aliases: 1_000,
  depth: 64,
  models: 20_000,
  versions: 100,
  rows: 20_000_000,
};

const n = (value: number) => value.toLocaleString('en-US');

/** `--limit name=value` strings to limits, or `<path>: <message>` issues for the bad ones. */
export function parseLimits(
  specs: readonly string[],
  path = '--limit',
): { limits: InputLimits; issues: Issue[] } {
  const limits: Record<string, number> = { ...DEFAULT_INPUT_LIMITS };
  const issues: Issue[] = [];
  const names = Object.keys(DEFAULT_INPUT_LIMITS).join(', ');
  for (const spec of specs) {
    const m = /^([a-z]+)=(\d+)$/.exec(spec.trim());
    if (!m || !(m[1] in limits) || !(Number(m[2]) > 0) || !Number.isSafeInteger(Number(m[2]))) {
      issues.push({
        path,
        message: `'${spec}' is not a limit; write <name>=<positive whole number> with a name of ${names} (e.g. models=50000)`,
      });
      continue;
    }
    limits[m[1]] = Number(m[2]);
  }
  return { limits: limits as unknown as InputLimits, issues };
}

/** The limits `--limit name=value` options ask for; a malformed one is an input error. */
export function inputLimits(specs: readonly string[] = []): InputLimits {
  const { limits, issues } = parseLimits(specs);
  if (issues.length > 0) throw new ValidationError(issues);
  return limits;
}

/**
 * Reads a text input file whole, as UTF-8, refusing with one `<file>: <message>` issue what no
 * parser should see: a missing file, a directory, a FIFO or device (reading it could block), a file
 * over the size limit, UTF-16, bytes that are not UTF-8, and an empty file. A UTF-8 byte order mark
 * is dropped.
 */
export function readInputFile(
  file: string,
  what: string,
  limits: InputLimits,
  shown = file,
): string {
  const fail = (message: string): never => {
    throw new ValidationError([{ path: shown, message }]);
  };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return fail(`cannot read the ${what} (${code}); check the path`);
  }
  if (stat.isDirectory()) return fail(`is a directory; give the ${what} file itself`);
  if (!stat.isFile()) {
    return fail(
      `is not a regular file (a pipe, socket or device); save the ${what} to a file first`,
    );
  }
  if (stat.size > limits.bytes) {
    return fail(
      `the ${what} is ${n(stat.size)} bytes, over the limit of ${n(limits.bytes)}; split it, or raise the limit with --limit bytes=${stat.size}`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return fail(`cannot read the ${what} (${code}); check the path and its permissions`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail(`the ${what} is UTF-16; save it as UTF-8`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    return fail(
      `line ${line} holds bytes that are not UTF-8 (at byte ${n(at)}); save the ${what} as UTF-8`,
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail(`the ${what} is empty`);
  return text;
}

/**
 * Parses one YAML (or JSON) document with the limits applied: several documents, syntax errors,
 * duplicate keys, alias bombs and nesting beyond the limit are each one `<file>[:line]: <message>`
 * issue, never an exception of the YAML library.
 */
export function parseYamlInput(
  text: string,
  file: string,
  what: string,
  limits: InputLimits,
): unknown {
  const docs = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > 1) {
    const line = lineOf(text, list[1].range[0]);
    throw new ValidationError([
      {
        path: `${file}:${line}`,
        message: `a second YAML document starts here; the ${what} is one document: remove the '---' and what follows, or merge it into the first`,
      },
    ]);
  }
  const doc = list[0];
  if (!doc) throw new ValidationError([{ path: file, message: `the ${what} is empty` }]);
  const errors = doc.errors;
  if (errors.length > 0) {
    const exhausted = errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
    if (exhausted) {
      throw new ValidationError([
        {
          path: `${file}:${exhausted.linePos?.[0]?.line ?? '?'}`,
          message: `the ${what} nests too deeply to read; it may nest at most ${limits.depth} levels`,
        },
      ]);
    }
    throw new ValidationError(
      errors.map((err) => ({
        path: `${file}:${err.linePos?.[0]?.line ?? '?'}`,
        message: `the ${what} is not valid YAML: ${err.message.split('\n')[0].replace(/:$/, '')}`,
      })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.aliases });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      throw new ValidationError([
        {
          path: file,
          message: `the ${what}'s aliases (*name) expand to more than ${n(limits.aliases)} nodes; write the values out, or raise the limit with --limit aliases=<n>`,
        },
      ]);
    }
    throw e;
  }
  const depth = depthOf(value, limits.depth + 1);
  if (depth > limits.depth) {
    throw new ValidationError([
      {
        path: file,
        message: `the ${what} nests more than ${limits.depth} levels of maps and lists; flatten it, or raise the limit with --limit depth=<n>`,
      },
    ]);
  }
  return value;
}

/**
 * Reads and parses a YAML or JSON input file with the limits applied; `shown` is how messages name
 * the file (by default its path as given).
 */
export function loadYamlFile(
  file: string,
  what: string,
  limits: InputLimits,
  shown = file,
): unknown {
  return parseYamlInput(readInputFile(file, what, limits, shown), shown, what, limits);
}

/** The nesting depth of a parsed value, counted without recursion, stopping at `cap`. */
function depthOf(value: unknown, cap: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    if (max >= cap) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (a prefix ending mid-character still decodes). */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

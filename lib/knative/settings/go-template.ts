// Go templates: a test render of the subset Knative's templates use.

type Rendering =
  { readonly text: string } | { readonly error: string } | { readonly unknown: true };

/**
 * Renders the subset of Go's text/template that Knative's domain and tag templates use:
 * `{{.Field}}`, `{{index .Map "key"}}`, comments and `{{-`/`-}}` trimming. Anything else
 * (pipelines, functions, conditionals) is reported as `unknown` and not test-rendered.
 */
export function renderGoTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  maps: readonly string[] = [],
): Rendering {
  let out = '';
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      out += rest;
      break;
    }
    out += rest.slice(0, open);
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) return { error: 'unclosed action: a {{ has no matching }}' };
    let action = rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
    if (action.startsWith('- ')) {
      out = out.replace(/\s+$/, '');
      action = action.slice(2);
    }
    if (action.endsWith(' -')) {
      rest = rest.replace(/^\s+/, '');
      action = action.slice(0, -2);
    }
    action = action.trim();
    if (/^\/\*[\s\S]*\*\/$/.test(action)) continue;
    const field = /^\.([A-Za-z_]\w*)$/.exec(action);
    if (field) {
      if (field[1] in values) out += values[field[1]];
      else if (maps.includes(field[1])) out += 'map[]';
      else
        return {
          error: `can't evaluate field ${field[1]}; the template knows ${[...Object.keys(values), ...maps].map((k) => `.${k}`).join(', ')}`,
        };
      continue;
    }
    const index = /^index\s+\.([A-Za-z_]\w*)\s+"[^"]*"$/.exec(action);
    if (index && maps.includes(index[1])) continue; // a missing key of a nil map renders as ''
    if (action === '') return { error: 'missing value for command' };
    return { unknown: true };
  }
  return { text: out };
}

export function goTemplateError(template: string, fields: ReadonlySet<string>): string | undefined {
  const values = Object.fromEntries(
    [...fields].filter((f) => f !== 'Labels' && f !== 'Annotations').map((f) => [f, 'x']),
  );
  const r = renderGoTemplate(template, values, ['Labels', 'Annotations']);
  return 'error' in r ? r.error : undefined;
}

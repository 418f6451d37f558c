import { renderGoTemplate } from './settings/go-template';
import { NetworkTemplates } from './cluster-config';

/**
 * Renders the subset of Go templates Knative's `domain-template` and `tag-template` use:
 * `{{.Name}}`, `{{.Namespace}}`, `{{.Domain}}`, `{{.Tag}}`. Returns undefined for anything else
 * (functions, pipelines, annotations), so callers skip checks they cannot do faithfully.
 */
export function renderNameTemplate(
  template: string,
  vars: Readonly<Record<string, string>>,
): string | undefined {
  const parts = compiled(template);
  if (parts === undefined) {
    // Trim markers, comments and `index`: the full renderer, which follows Go's rules for them.
    const r = renderGoTemplate(template, vars);
    return 'text' in r ? r.text : undefined;
  }
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      out += parts[i];
    } else {
      const value = vars[parts[i]];
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}

/** Templates split into literal text and variable names (odd indexes), once per template. */
const templates = new Map<string, string[] | undefined>();
function compiled(template: string): string[] | undefined {
  if (templates.has(template)) return templates.get(template);
  const parts: string[] = [];
  let supported = true;
  let last = 0;
  for (const m of template.matchAll(/\{\{-?\s*([^}]*?)\s*-?\}\}/g)) {
    const v = /^\.([A-Za-z]+)$/.exec(m[1]);
    if (!v || m[0].startsWith('{{-') || m[0].endsWith('-}}')) supported = false;
    parts.push(template.slice(last, m.index), v ? v[1] : '');
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(template.slice(last));
  const result = supported ? parts : undefined;
  templates.set(template, result);
  return result;
}

/** The host Knative gives a route (or, with a tag, the tag's route). */
// knative/serving pkg/reconciler/route/domains/domains.go (DomainNameFromTemplate, HostnameFromTemplate)
export function routeHost(
  network: NetworkTemplates,
  routeName: string,
  namespace: string,
  tag?: string,
): string | undefined {
  const name =
    tag === undefined
      ? routeName
      : renderNameTemplate(network.tagTemplate, { Tag: tag, Name: routeName });
  if (name === undefined) return undefined;
  return renderNameTemplate(network.domainTemplate, {
    Name: name,
    Namespace: namespace,
    Domain: network.domain,
  });
}

/** The labels of a host that are longer than DNS allows (63 characters). */
export function longHostLabels(host: string): string[] {
  if (host.length <= 63) return [];
  return host.split('.').filter((label) => label.length > 63);
}

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
  let unsupported = false;
  const out = template.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_m, expr: string) => {
    const v = /^\.([A-Za-z]+)$/.exec(expr);
    if (!v || vars[v[1]] === undefined) {
      unsupported = true;
      return '';
    }
    return vars[v[1]];
  });
  return unsupported ? undefined : out;
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
  return host.split('.').filter((label) => label.length > 63);
}

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

/** The label that keeps a Route (or a Service's route) off the external gateway. */
// knative/networking pkg/apis/networking/register.go VisibilityLabelKey
export const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
/** The only value of the visibility label Knative acts on. */
// knative/serving pkg/apis/serving/register.go VisibilityClusterLocal
export const CLUSTER_LOCAL = 'cluster-local';

/** Who can reach a route: only workloads in the cluster, or also the external gateway. */
export type Visibility = 'cluster-local' | 'external';

/** The visibility a Route's (or Service's) labels ask for. */
export function visibilityOf(labels: Readonly<Record<string, string>> | undefined): Visibility {
  return labels?.[VISIBILITY_LABEL] === CLUSTER_LOCAL ? 'cluster-local' : 'external';
}

/** The template Knative uses for cluster-local routes, whatever `domain-template` says. */
// knative/networking pkg/config/config.go DefaultDomainTemplate
const DEFAULT_DOMAIN_TEMPLATE = '{{.Name}}.{{.Namespace}}.{{.Domain}}';

/**
 * The host Knative gives a route (or, with a tag, the tag's route). A cluster-local route always
 * gets the default domain template and the domain `svc.<cluster domain>`: `<name>.<ns>.svc.cluster.local`.
 */
// knative/serving pkg/reconciler/route/domains/domains.go (DomainNameFromTemplate, HostnameFromTemplate);
// pkg/reconciler/route/config/domain.go (LookupDomainForLabels: the cluster-local label wins)
export function routeHost(
  network: NetworkTemplates,
  routeName: string,
  namespace: string,
  tag?: string,
  visibility: Visibility = 'external',
): string | undefined {
  const name =
    tag === undefined
      ? routeName
      : renderNameTemplate(network.tagTemplate, { Tag: tag, Name: routeName });
  if (name === undefined) return undefined;
  const local = visibility === 'cluster-local';
  return renderNameTemplate(local ? DEFAULT_DOMAIN_TEMPLATE : network.domainTemplate, {
    Name: name,
    Namespace: namespace,
    Domain: local ? `svc.${network.clusterDomain ?? 'cluster.local'}` : network.domain,
  });
}

/** The labels of a host that are longer than DNS allows (63 characters). */
export function longHostLabels(host: string): string[] {
  if (host.length <= 63) return [];
  return host.split('.').filter((label) => label.length > 63);
}

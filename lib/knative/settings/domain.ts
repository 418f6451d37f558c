import { Issue, isDns1123Label, isDns1123Subdomain, joinPath, show } from '../../validation';
import { Collector, Rendered, sortedRecord, toYaml } from './collector';
import { checkLabels } from './labels';

/** `config-domain` (knative/serving pkg/reconciler/route/config/domain.go). */
export interface DomainSettings {
  /** The domain of every Route no selector matches. @default - 'svc.cluster.local' (routes stay cluster-local) */
  readonly defaultDomain?: string;
  /** Domain -> label selector: Routes carrying all these labels get that domain. @default {} */
  readonly selectorDomains?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

// knative/serving pkg/reconciler/route/config/domain.go (NewDomainFromConfigMap)
export function domainData(d: DomainSettings, path: string): Rendered {
  const c = new Collector(path);
  if (
    d.defaultDomain !== undefined &&
    c.check(checkDomainName(d.defaultDomain, c.at('defaultDomain'), 'defaultDomain'))
  ) {
    c.set(d.defaultDomain, '');
  }
  for (const [domain, selector] of Object.entries(d.selectorDomains ?? {})) {
    const at = joinPath(c.at('selectorDomains'), domain);
    const ok = c.check(checkDomainName(domain, at, 'selector domain'));
    if (domain === d.defaultDomain) {
      c.check([
        {
          path: at,
          message: `domain ${show(domain)} is both the default domain and a selector domain; a ConfigMap key holds one of them`,
        },
      ]);
      continue;
    }
    if (selector === null || typeof selector !== 'object' || Object.keys(selector).length === 0) {
      c.check([
        {
          path: at,
          message: `selector of domain ${show(domain)} is empty, which makes it a default domain; give at least one label, or use defaultDomain`,
        },
      ]);
      continue;
    }
    if (c.check(checkLabels(selector, at, 'selector label')) && ok) {
      c.set(domain, toYaml({ selector: sortedRecord(selector) }));
    }
  }
  return c.done();
}

function checkDomainName(value: unknown, path: string, what: string): Issue[] {
  if (
    typeof value === 'string' &&
    isDns1123Subdomain(value) &&
    value.split('.').every(isDns1123Label)
  )
    return [];
  return [
    {
      path,
      message: `${what} ${show(value)} is not a domain name: use lower-case DNS labels of at most 63 characters joined by '.', such as 'models.example.com'`,
    },
  ];
}

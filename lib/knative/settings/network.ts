import { Issue, isDns1123Label, isDns1123Subdomain, show } from '../../validation';
import { Collector, Rendered, boolKey, choiceKey, numberKey, toYaml } from './collector';
import { renderGoTemplate } from './go-template';
import { LabelSelectorSettings, checkLabelSelector, labelSelectorJson } from './labels';

/** `enabled` or `disabled`: the only values Knative accepts for its TLS switches. */
export type TlsSetting = 'enabled' | 'disabled';
const TLS_SETTINGS: readonly TlsSetting[] = ['enabled', 'disabled'];

/** `config-network` (knative/networking pkg/config/config.go). */
export interface NetworkSettings {
  /** `ingress-class`: the gateway implementation. @default 'istio.ingress.networking.knative.dev' */
  readonly ingressClass?: string;
  /** `certificate-class`. @default 'cert-manager.certificate.networking.knative.dev' */
  readonly certificateClass?: string;
  /** `domain-template`: must render a bare hostname. @default '{{.Name}}.{{.Namespace}}.{{.Domain}}' */
  readonly domainTemplate?: string;
  /** `tag-template`. @default '{{.Tag}}-{{.Name}}' */
  readonly tagTemplate?: string;
  /** `rollout-duration`: whole seconds >= 0 over which new revisions receive traffic. @default 0 */
  readonly rolloutDurationSeconds?: number;
  /** `autocreate-cluster-domain-claims`: when false, each DomainMapping needs a ClusterDomainClaim. @default false */
  readonly autocreateClusterDomainClaims?: boolean;
  /** `external-domain-tls`. @default 'disabled' */
  readonly externalDomainTls?: TlsSetting;
  /** `cluster-local-domain-tls`. @default 'disabled' */
  readonly clusterLocalDomainTls?: TlsSetting;
  /** `system-internal-tls`. @default 'disabled' */
  readonly systemInternalTls?: TlsSetting;
  /** `http-protocol`. @default 'enabled' */
  readonly httpProtocol?: 'enabled' | 'redirected' | 'disabled';
  /** `default-external-scheme`. @default 'http' */
  readonly defaultExternalScheme?: 'http' | 'https';
  /** `mesh-compatibility-mode`. @default 'auto' */
  readonly meshCompatibilityMode?: 'auto' | 'enabled' | 'disabled';
  /** `enable-mesh-pod-addressability`. @default false */
  readonly enableMeshPodAddressability?: boolean;
  /** `namespace-wildcard-cert-selector`. @default - none */
  readonly namespaceWildcardCertSelector?: LabelSelectorSettings;
}

// knative/networking pkg/config/config.go (NewConfigFromMap, checkDomainTemplate, checkTagTemplate)
export function networkData(n: NetworkSettings, path: string): Rendered {
  const c = new Collector(path);
  for (const [prop, key] of [
    ['ingressClass', 'ingress-class'],
    ['certificateClass', 'certificate-class'],
  ] as const) {
    const v = n[prop];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isDns1123Subdomain(v)) {
      c.check([
        {
          path: c.at(prop),
          message: `${key} ${show(v)} must be a class name such as '${prop === 'ingressClass' ? 'kourier.ingress.networking.knative.dev' : 'cert-manager.certificate.networking.knative.dev'}' (lower-case letters, digits, '-' and '.')`,
        },
      ]);
    } else {
      c.set(key, v);
    }
  }
  if (
    n.domainTemplate !== undefined &&
    c.check(checkDomainTemplate(n.domainTemplate, c.at('domainTemplate')))
  ) {
    c.set('domain-template', n.domainTemplate);
  }
  if (
    n.tagTemplate !== undefined &&
    c.check(checkTagTemplate(n.tagTemplate, c.at('tagTemplate')))
  ) {
    c.set('tag-template', n.tagTemplate);
  }
  numberKey(c, n.rolloutDurationSeconds, 'rolloutDurationSeconds', 'rollout-duration', {
    integer: true,
    min: 0,
    hint: 'give whole seconds',
  });
  boolKey(
    c,
    n.autocreateClusterDomainClaims,
    'autocreateClusterDomainClaims',
    'autocreate-cluster-domain-claims',
  );
  for (const [prop, key, allowed] of [
    ['externalDomainTls', 'external-domain-tls', TLS_SETTINGS],
    ['clusterLocalDomainTls', 'cluster-local-domain-tls', TLS_SETTINGS],
    ['systemInternalTls', 'system-internal-tls', TLS_SETTINGS],
    ['httpProtocol', 'http-protocol', ['enabled', 'redirected', 'disabled']],
    ['defaultExternalScheme', 'default-external-scheme', ['http', 'https']],
    ['meshCompatibilityMode', 'mesh-compatibility-mode', ['auto', 'enabled', 'disabled']],
  ] as const) {
    choiceKey(c, n[prop], prop, key, allowed);
  }
  boolKey(
    c,
    n.enableMeshPodAddressability,
    'enableMeshPodAddressability',
    'enable-mesh-pod-addressability',
  );
  if (n.namespaceWildcardCertSelector !== undefined) {
    const sel = n.namespaceWildcardCertSelector;
    if (
      c.check(
        checkLabelSelector(
          sel,
          c.at('namespaceWildcardCertSelector'),
          'namespace-wildcard-cert-selector',
        ),
      )
    ) {
      c.set('namespace-wildcard-cert-selector', toYaml(labelSelectorJson(sel)));
    }
  }
  return c.done();
}

function checkDomainTemplate(template: unknown, path: string): Issue[] {
  const fix = "use a template such as '{{.Name}}.{{.Namespace}}.{{.Domain}}'";
  if (typeof template !== 'string' || template === '') {
    return [{ path, message: `domain-template ${show(template)} must be a Go template; ${fix}` }];
  }
  const r = renderGoTemplate(template, { Name: 'foo', Namespace: 'bar', Domain: 'baz.com' }, [
    'Annotations',
    'Labels',
  ]);
  if ('unknown' in r) return [];
  if ('error' in r)
    return [
      {
        path,
        message: `domain-template ${show(template)} does not render (${r.error}); ${fix}`,
      },
    ];
  const rendered = r.text;
  const cut = rendered.search(/[/?#]/);
  const authority = cut < 0 ? rendered : rendered.slice(0, cut);
  const tail = cut < 0 ? '' : rendered.slice(cut);
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:[0-9]*$/, '');
  const sample = `renders ${show(rendered)} for name 'foo', namespace 'bar' and domain 'baz.com'`;
  if (tail !== '' && tail !== '/') {
    return [
      {
        path,
        message: `domain-template ${show(template)} ${sample}, which has a URL path; the result must be a bare hostname, so ${fix}`,
      },
    ];
  }
  if (host === '')
    return [
      {
        path,
        message: `domain-template ${show(template)} ${sample}, which has an empty hostname; ${fix}`,
      },
    ];
  if (!isDns1123Subdomain(host) || !host.split('.').every(isDns1123Label)) {
    return [
      {
        path,
        message: `domain-template ${show(template)} ${sample}, which is not a valid hostname (lower-case DNS labels joined by '.'); ${fix}`,
      },
    ];
  }
  return [];
}

function checkTagTemplate(template: unknown, path: string): Issue[] {
  const fix = "use a template such as '{{.Tag}}-{{.Name}}'";
  if (typeof template !== 'string' || template === '') {
    return [{ path, message: `tag-template ${show(template)} must be a Go template; ${fix}` }];
  }
  const r = renderGoTemplate(template, { Name: 'foo', Tag: 'v2' });
  if ('unknown' in r) return [];
  if ('error' in r)
    return [
      {
        path,
        message: `tag-template ${show(template)} does not render (${r.error}); ${fix}`,
      },
    ];
  if (!isDns1123Label(r.text)) {
    return [
      {
        path,
        message: `tag-template ${show(template)} renders ${show(r.text)} for tag 'v2' and name 'foo', which is not a DNS label, yet it stands in for the route name in each tag's host; ${fix}`,
      },
    ];
  }
  return [];
}

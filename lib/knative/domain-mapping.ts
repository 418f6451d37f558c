import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IAddressable, KReference, isAddressable } from './reference';
import { ServingSettings } from './serving-settings';
import {
  Issue,
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkStringMap,
  isDns1123Label,
  joinPath,
  show,
  throwIfAny,
} from '../validation';

/** The targets a DomainMapping can resolve: Addressables whose URL is `{name}.{namespace}.svc.<cluster-domain>`. */
// knative/serving pkg/reconciler/domainmapping/reconciler.go (resolveRef and the host check)
export const DOMAIN_MAPPING_TARGETS: readonly {
  readonly apiVersion: string;
  readonly kind: string;
}[] = [
  { apiVersion: 'serving.knative.dev/v1', kind: 'Service' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Route' },
  { apiVersion: 'v1', kind: 'Service' },
];

export interface KnativeDomainMappingProps {
  /** The domain to serve, such as `credit-score.models.example.com`. It is also the object's name. */
  readonly domain: string;
  /** What the domain points at: a Knative Service or Route, or a Kubernetes Service, in the same namespace. */
  readonly ref: IAddressable | KReference;
  /** Namespace of the DomainMapping (and of its target). @default - the chart's namespace, else the ref's namespace */
  readonly namespace?: string;
  /** An existing `kubernetes.io/tls` Secret holding the domain's certificate. @default - no TLS (plain HTTP, unless the cluster provisions certificates) */
  readonly tlsSecretName?: string;
  /**
   * Also render the cluster-scoped `ClusterDomainClaim` that lets this namespace use the domain.
   * Needed unless `config-network` sets `autocreate-cluster-domain-claims: "true"` or a platform
   * team creates the claims.
   * @default false
   */
  readonly clusterDomainClaim?: boolean;
  /** The Kubernetes cluster domain; the DomainMapping must not be under it. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** Annotations such as `networking.knative.dev/ingress.class`. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const claimed = new WeakMap<IConstruct, Map<string, string>>();

/**
 * A Knative `DomainMapping` (`serving.knative.dev/v1beta1`): serves a custom domain from a Knative
 * Service, Route or Kubernetes Service, optionally with the `ClusterDomainClaim` it needs.
 * It is not addressable itself; it exposes `domain` and `url`.
 */
export class KnativeDomainMapping extends Construct {
  /** The mapped domain (the object's name). */
  public readonly domain: string;
  /**
   * `https://<domain>` with a TLS secret, or when the App's ServingSettings turn on
   * `external-domain-tls` (and the mapping does not opt out); else `http://<domain>`.
   */
  public readonly url: string;
  public readonly namespace: string;
  /** The resolved target, with its namespace filled in. */
  public readonly ref: KReference;
  /** The DomainMapping object (also the construct's default child, `Resource`). */
  public readonly apiObject: ApiObject;
  /** The ClusterDomainClaim, when `clusterDomainClaim` is true. */
  public readonly claim?: ApiObject;

  constructor(scope: Construct, id: string, props: KnativeDomainMappingProps) {
    super(scope, id);
    const path = this.node.path;
    const chart = Chart.of(this);
    const given: KReference | undefined = isAddressable(props.ref)
      ? props.ref.addressRef
      : props.ref;
    const namespace = props.namespace ?? chart.namespace ?? given?.namespace;
    const clusterDomain = props.clusterDomain ?? 'cluster.local';

    const issues: Issue[] = [
      ...checkDomain(props.domain, joinPath(path, 'domain'), clusterDomain),
      ...checkRef(given, joinPath(path, 'ref'), namespace),
      ...checkDns1123Subdomain(clusterDomain, joinPath(path, 'clusterDomain'), 'clusterDomain'),
      ...checkStringMap(
        props.annotations as Record<string, unknown> | undefined,
        joinPath(path, 'annotations'),
        'annotation',
      ),
      ...checkStringMap(
        props.labels as Record<string, unknown> | undefined,
        joinPath(path, 'labels'),
        'label',
      ),
    ];
    if (namespace === undefined) {
      issues.push({
        path: joinPath(path, 'namespace'),
        message: `namespace is required: a DomainMapping lives in its target's namespace; set 'namespace', the chart's namespace or the ref's namespace`,
      });
    } else {
      issues.push(...checkDns1123Label(namespace, joinPath(path, 'namespace'), 'namespace'));
    }
    if (props.tlsSecretName !== undefined) {
      issues.push(
        ...checkDns1123Subdomain(
          props.tlsSecretName,
          joinPath(path, 'tlsSecretName'),
          'tlsSecretName',
        ),
      );
    }
    if (props.clusterDomainClaim !== undefined && typeof props.clusterDomainClaim !== 'boolean') {
      issues.push({
        path: joinPath(path, 'clusterDomainClaim'),
        message: `clusterDomainClaim ${show(props.clusterDomainClaim)} must be true or false`,
      });
    }
    const domains = claimed.get(this.node.root) ?? new Map<string, string>();
    const owner = domains.get(props.domain);
    if (owner !== undefined) {
      issues.push({
        path: joinPath(path, 'domain'),
        message: `domain ${show(props.domain)} is already mapped by '${owner}'; a domain maps to one target, so remove one of them`,
      });
    }
    throwIfAny(issues);

    domains.set(props.domain, path);
    claimed.set(this.node.root, domains);
    this.domain = props.domain;
    this.namespace = namespace as string;
    const target = given as KReference;
    this.ref = {
      apiVersion: target.apiVersion,
      kind: target.kind,
      name: target.name,
      namespace: this.namespace,
    };
    this.url = `${tlsFor(this, props) ? 'https' : 'http'}://${this.domain}`;

    // knative/serving pkg/apis/serving/v1beta1/domainmapping_types.go
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.knative.dev/v1beta1',
      kind: 'DomainMapping',
      metadata: {
        name: this.domain,
        namespace: this.namespace,
        ...(props.annotations && Object.keys(props.annotations).length > 0
          ? { annotations: { ...props.annotations } }
          : {}),
        ...(props.labels && Object.keys(props.labels).length > 0
          ? { labels: { ...props.labels } }
          : {}),
      },
      spec: {
        ref: { ...this.ref },
        ...(props.tlsSecretName !== undefined ? { tls: { secretName: props.tlsSecretName } } : {}),
      },
    });

    if (props.clusterDomainClaim) {
      // knative/networking pkg/apis/networking/v1alpha1/domainclaim_types.go: cluster-scoped
      this.claim = new ApiObject(this, 'ClusterDomainClaim', {
        apiVersion: 'networking.internal.knative.dev/v1alpha1',
        kind: 'ClusterDomainClaim',
        metadata: { name: this.domain },
        spec: { namespace: this.namespace },
      });
      if (chart.namespace !== undefined)
        this.claim.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }
}

/** Whether the domain is served over TLS: its own secret, or the cluster's external-domain TLS unless opted out. */
function tlsFor(scope: IConstruct, props: KnativeDomainMappingProps): boolean {
  if (props.tlsSecretName !== undefined) return true;
  const optOut =
    props.annotations?.['networking.knative.dev/disable-external-domain-tls'] === 'true';
  return !optOut && (ServingSettings.of(scope)?.externalDomainTls ?? false);
}

/** Checks a DomainMapping's name the way Knative's webhook does, all problems at once. */
// knative/serving pkg/apis/serving/v1beta1/domainmapping_validation.go (validateMetadata);
// k8s.io/apimachinery pkg/util/validation/validation.go IsFullyQualifiedDomainName
export function checkDomain(
  domain: unknown,
  path: string,
  clusterDomain = 'cluster.local',
): Issue[] {
  const example = "such as 'credit-score.models.example.com'";
  if (typeof domain !== 'string' || domain === '') {
    return [{ path, message: `domain is required: a fully qualified domain name ${example}` }];
  }
  const issues: Issue[] = [];
  if (domain.length > 253) {
    issues.push({
      path,
      message: `domain ${show(domain)} is ${domain.length} characters; a domain name has at most 253`,
    });
  }
  const labels = domain.split('.');
  if (labels.length < 2) {
    issues.push({
      path,
      message: `domain ${show(domain)} is not fully qualified: it needs at least two labels separated by '.', ${example}`,
    });
  }
  for (const label of labels) {
    if (label.length > 63) {
      issues.push({
        path,
        message: `domain ${show(domain)} has the label ${show(label)} of ${label.length} characters; a DNS label has at most 63`,
      });
    } else if (!isDns1123Label(label)) {
      issues.push({
        path,
        message: `domain ${show(domain)} has the label ${show(label)}, which is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
      });
    }
  }
  for (const local of [...new Set([clusterDomain, 'svc.cluster.local'])]) {
    if (domain.endsWith(`.${local}`)) {
      issues.push({
        path,
        message: `domain ${show(domain)} is under the cluster-local domain '${local}'; a DomainMapping serves an external domain, ${example}`,
      });
      break;
    }
  }
  return issues;
}

/** Checks the target of a DomainMapping. */
// knative/pkg apis/duck/v1/knative_reference.go (Validate); knative/serving pkg/reconciler/domainmapping/reconciler.go
export function checkRef(
  ref: KReference | undefined,
  path: string,
  namespace: string | undefined,
): Issue[] {
  if (ref === undefined || ref === null || typeof ref !== 'object') {
    return [
      {
        path,
        message: `ref is required: a Knative Service or Route, or a Kubernetes Service, in the mapping's namespace`,
      },
    ];
  }
  const issues: Issue[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof ref[field] !== 'string' || ref[field] === '') {
      issues.push({ path: joinPath(path, field), message: `ref ${field} is required` });
    }
  }
  if (
    issues.length === 0 &&
    !DOMAIN_MAPPING_TARGETS.some((t) => t.apiVersion === ref.apiVersion && t.kind === ref.kind)
  ) {
    issues.push({
      path,
      message: `ref ${show(ref.kind)} (${show(ref.apiVersion)}) cannot back a DomainMapping; point it at a Knative Service or Route (serving.knative.dev/v1) or a Kubernetes Service (v1)`,
    });
  }
  issues.push(...checkDns1035Label(ref.name, joinPath(path, 'name'), 'ref name'));
  if (ref.namespace !== undefined && namespace !== undefined && ref.namespace !== namespace) {
    issues.push({
      path: joinPath(path, 'namespace'),
      message: `ref namespace ${show(ref.namespace)} differs from the DomainMapping's namespace ${show(namespace)}; a DomainMapping can only point at a target in its own namespace`,
    });
  }
  return issues;
}

/**
 * @deprecated renamed `KnativeDomainMapping`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const DomainMapping = KnativeDomainMapping;
/** @deprecated renamed `KnativeDomainMapping`; removed in the next release */
export type DomainMapping = KnativeDomainMapping;
/** @deprecated renamed `KnativeDomainMappingProps`; removed in the next release */
export type DomainMappingProps = KnativeDomainMappingProps;

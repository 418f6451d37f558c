import { IAddressable, KReference } from '../reference';
import { Issue, joinPath, show } from '../../validation/issue';
import { prune } from './_util';
import { EventingFeatureRequirement } from './features';

/**
 * A KReference as Eventing destinations accept it: `apiVersion`, or `group` when the cluster
 * enables `kreference-group` (knative/pkg apis/duck/v1/knative_reference.go).
 */
export interface DestinationRef {
  readonly apiVersion?: string;
  /** API group instead of `apiVersion`; needs the Eventing feature `kreference-group`. */
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The `Destination` duck type as rendered in manifests (knative/pkg apis/duck/v1/destination.go). */
export interface DestinationSpec {
  readonly ref?: DestinationRef;
  readonly uri?: string;
  readonly CACerts?: string;
  readonly audience?: string;
}

export interface DestinationOptions {
  /**
   * A path resolved against the ref's address, such as `/events`. Only relative URIs are allowed
   * together with a ref.
   * @default - the ref's address as is
   */
  readonly relativeUri?: string;
  /**
   * PEM `CERTIFICATE` blocks to trust when the destination uses TLS.
   * @default - the cluster's trust bundle
   */
  readonly caCerts?: string;
  /**
   * The OIDC audience of the destination (with `authentication-oidc`).
   * @default - none
   */
  readonly audience?: string;
}

/**
 * Where events go: an addressable object (a Knative Service, a model's Route, a Broker), a
 * KReference, or an absolute URI. The factories do not throw; the construct that uses the
 * destination reports every problem at once through `checkDestination`.
 */
export class Destination {
  /** Delivers to an addressable object, such as a `ModelService` (its Route) or a `KnativeService`. */
  public static to(addressable: IAddressable, opts: DestinationOptions = {}): Destination {
    return Destination.ref(addressable.addressRef, opts.relativeUri, opts);
  }

  /** Delivers to an absolute URI with a host, such as `https://hooks.example.com/events`. */
  public static uri(url: string, opts: Omit<DestinationOptions, 'relativeUri'> = {}): Destination {
    return new Destination({ uri: url, CACerts: opts.caCerts, audience: opts.audience });
  }

  /** Delivers to a referenced object, optionally at a path relative to its address. */
  public static ref(
    kref: KReference | DestinationRef,
    relativeUri?: string,
    opts: Omit<DestinationOptions, 'relativeUri'> = {},
  ): Destination {
    return new Destination({
      ref: { ...kref },
      uri: relativeUri,
      CACerts: opts.caCerts,
      audience: opts.audience,
    });
  }

  /** Wraps a raw destination spec, e.g. one read from a manifest. */
  public static fromSpec(spec: DestinationSpec): Destination {
    return new Destination(spec);
  }

  private constructor(public readonly spec: DestinationSpec) {}
}

/** Anything a destination prop accepts: an addressable object, a `Destination`, or a URI string. */
export type DestinationInput = IAddressable | Destination | string;

/** Turns any accepted destination input into a `Destination`. */
export function toDestination(input: DestinationInput): Destination {
  if (input instanceof Destination) return input;
  if (typeof input === 'string') return Destination.uri(input);
  return Destination.to(input);
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Checks a destination: ref and/or uri, an absolute uri only without a ref, a ref with kind,
 * name and apiVersion (or group), and PEM CA certificates.
 */
// knative/pkg apis/duck/v1/destination.go ValidateDestination
export function checkDestination(
  spec: DestinationSpec | undefined,
  path: string,
  what = 'destination',
): Issue[] {
  if (!spec || (spec.ref === undefined && (spec.uri === undefined || spec.uri === ''))) {
    return [
      {
        path,
        message: `${what} needs a ref or a uri, got neither; use Destination.to(service), Destination.ref(...) or Destination.uri('https://...')`,
      },
    ];
  }
  const issues: Issue[] = [];
  const url = spec.uri !== undefined && spec.uri !== '' ? parseUrl(spec.uri) : undefined;
  if (spec.ref !== undefined) {
    issues.push(...checkDestinationRef(spec.ref, joinPath(path, 'ref')));
    if (url?.absolute) {
      issues.push({
        path: joinPath(path, 'uri'),
        message: `${what} uri ${show(spec.uri)} is absolute, but a ref is set; with a ref the uri must be a relative path such as '/events', or drop the ref`,
      });
    }
  } else if (!url?.absolute || !url.host) {
    issues.push({
      path: joinPath(path, 'uri'),
      message: `${what} uri ${show(spec.uri)} must be an absolute URI with a host, such as 'https://hooks.example.com/events', when no ref is set`,
    });
  }
  if (spec.CACerts !== undefined && !PEM_CERT.test(spec.CACerts)) {
    issues.push({
      path: joinPath(path, 'caCerts'),
      message: `${what} caCerts must hold PEM 'CERTIFICATE' blocks ('-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----')`,
    });
  }
  return issues;
}

/** Checks a KReference used by a destination. */
// knative/pkg apis/duck/v1/knative_reference.go KReference.Validate
export function checkDestinationRef(ref: DestinationRef, path: string): Issue[] {
  const issues: Issue[] = [];
  if (!ref.kind)
    issues.push({
      path: joinPath(path, 'kind'),
      message: `ref kind is required, such as 'Service' or 'Broker'`,
    });
  if (!ref.name) issues.push({ path: joinPath(path, 'name'), message: `ref name is required` });
  if (!ref.apiVersion && !ref.group) {
    issues.push({
      path: joinPath(path, 'apiVersion'),
      message: `ref apiVersion is required, such as 'serving.knative.dev/v1'`,
    });
  }
  if (ref.apiVersion && ref.group && !ref.apiVersion.startsWith(ref.group)) {
    issues.push({
      path: joinPath(path, 'group'),
      message: `ref apiVersion ${show(ref.apiVersion)} and group ${show(ref.group)} name different API groups; set only one`,
    });
  }
  return issues;
}

/** Feature flags the destination needs: a ref with `group` needs `kreference-group`. */
export function destinationFeatures(
  spec: DestinationSpec | undefined,
  path: string,
): EventingFeatureRequirement[] {
  if (spec?.ref?.group !== undefined) {
    return [
      {
        flag: 'kreference-group',
        path: joinPath(joinPath(path, 'ref'), 'group'),
        field: 'ref.group',
      },
    ];
  }
  return [];
}

/**
 * Renders a destination; a ref without a namespace gets `defaultNamespace` (what the webhook's
 * defaulter does for a Trigger's subscriber), so the manifest says where events go.
 */
export function renderDestination(
  spec: DestinationSpec,
  defaultNamespace?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.ref) {
    const { apiVersion, group, kind, name } = spec.ref;
    const namespace = spec.ref.namespace ?? defaultNamespace;
    out.ref = prune({ apiVersion, group, kind, name, namespace });
  }
  if (spec.uri !== undefined && spec.uri !== '') out.uri = spec.uri;
  if (spec.CACerts !== undefined) out.CACerts = spec.CACerts;
  if (spec.audience !== undefined) out.audience = spec.audience;
  return out;
}

function parseUrl(text: string): { absolute: boolean; host: string } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/([^/?#]*))?/.exec(text);
  if (!m) return { absolute: false, host: '' };
  const authority = m[3] ?? '';
  const host = authority.replace(/^[^@]*@/, '').replace(/:\d*$/, '');
  return { absolute: true, host };
}

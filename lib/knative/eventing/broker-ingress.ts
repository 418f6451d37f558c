import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, joinPath, show, throwIfAny } from '../../validation/issue';
import {
  checkDns1123Label,
  checkDns1123Subdomain,
  isDns1123Subdomain,
} from '../../validation/names';
import { addManifest } from './_util';
import { IBroker } from './broker';

/** One broker to expose: its namespace and name (the broker ingress serves `/<namespace>/<name>`). */
export interface ExposedBroker {
  readonly namespace: string;
  readonly name: string;
}

export interface BrokerIngressProps {
  /** The Ingress name (in the Eventing namespace). */
  readonly name: string;
  /** The host name the gateway serves, e.g. `events.example.com`. */
  readonly host: string;
  /**
   * The brokers to expose; only their paths are routed. Brokers built here must have a namespace.
   */
  readonly brokers: readonly (IBroker | ExposedBroker)[];
  /**
   * The Ingress class of the cluster's gateway, e.g. `alb` for the ALB Ingress controller.
   * @default - the cluster's default Ingress class
   */
  readonly ingressClassName?: string;
  /**
   * A TLS Secret (in the Eventing namespace) for `host`.
   * @default - no TLS section; terminate TLS at the gateway
   */
  readonly tlsSecretName?: string;
  /**
   * Extra annotations for the gateway's controller.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The namespace of Knative Eventing, where the broker ingress Service runs.
   * @default 'knative-eventing'
   */
  readonly eventingNamespace?: string;
  /**
   * The broker ingress Service: `broker-ingress` port 80 for MTChannelBasedBroker; the Kafka
   * broker's is `kafka-broker-ingress`.
   * @default { name: 'broker-ingress', port: 80 }
   */
  readonly ingressService?: { readonly name: string; readonly port: number };
}

function exposed(b: IBroker | ExposedBroker): { namespace?: string; name: string } {
  return 'brokerName' in b ? { namespace: b.brokerNamespace, name: b.brokerName } : b;
}

/** Checks the props; every problem is returned. */
export function checkBrokerIngress(props: BrokerIngressProps, path: string): Issue[] {
  const issues = checkDns1123Subdomain(props.name, joinPath(path, 'name'), 'Ingress name');
  if (
    typeof props.host !== 'string' ||
    !isDns1123Subdomain(props.host) ||
    !props.host.includes('.')
  ) {
    issues.push({
      path: joinPath(path, 'host'),
      message: `host ${show(props.host)} must be a DNS name such as 'events.example.com' (lower case, no scheme or port)`,
    });
  }
  if (!props.brokers || props.brokers.length === 0) {
    issues.push({
      path: joinPath(path, 'brokers'),
      message: `brokers must list at least one broker to expose`,
    });
  }
  (props.brokers ?? []).forEach((b, i) => {
    const at = joinPath(joinPath(path, 'brokers'), i);
    const { namespace, name } = exposed(b);
    if (namespace === undefined) {
      issues.push({
        path: at,
        message: `broker ${show(name)} has no namespace; give the Broker (or its chart) a namespace`,
      });
    } else {
      issues.push(...checkDns1123Label(namespace, joinPath(at, 'namespace'), 'broker namespace'));
    }
    issues.push(...checkDns1123Subdomain(name, joinPath(at, 'name'), 'broker name'));
  });
  if (props.tlsSecretName !== undefined)
    issues.push(
      ...checkDns1123Subdomain(
        props.tlsSecretName,
        joinPath(path, 'tlsSecretName'),
        'tlsSecretName',
      ),
    );
  if (props.ingressService !== undefined) {
    const at = joinPath(path, 'ingressService');
    issues.push(
      ...checkDns1123Label(props.ingressService.name, joinPath(at, 'name'), 'ingressService name'),
    );
    if (
      !Number.isInteger(props.ingressService.port) ||
      props.ingressService.port < 1 ||
      props.ingressService.port > 65535
    ) {
      issues.push({
        path: joinPath(at, 'port'),
        message: `ingressService port ${show(props.ingressService.port)} must be a whole number from 1 to 65535`,
      });
    }
  }
  return issues;
}

/** Renders the Ingress: one Prefix path per broker to Service `broker-ingress` port 80. */
// knative/eventing config/brokers/mt-channel-broker/deployments/broker-ingress.yaml (Service broker-ingress, port 80)
export function renderBrokerIngress(props: BrokerIngressProps): Record<string, unknown> {
  const namespace = props.eventingNamespace ?? 'knative-eventing';
  const svc = props.ingressService ?? { name: 'broker-ingress', port: 80 };
  const paths = props.brokers
    .map(exposed)
    .map((b) => `/${b.namespace}/${b.name}`)
    .sort()
    .map((p) => ({
      path: p,
      pathType: 'Prefix',
      backend: { service: { name: svc.name, port: { number: svc.port } } },
    }));
  const spec: Record<string, unknown> = {};
  if (props.ingressClassName !== undefined) spec.ingressClassName = props.ingressClassName;
  if (props.tlsSecretName !== undefined)
    spec.tls = [{ hosts: [props.host], secretName: props.tlsSecretName }];
  spec.rules = [{ host: props.host, http: { paths } }];
  const metadata: Record<string, unknown> = { name: props.name, namespace };
  if (props.annotations && Object.keys(props.annotations).length > 0)
    metadata.annotations = { ...props.annotations };
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec };
}

/**
 * Exposes Knative Brokers on the cluster's gateway, so an outside event source (such as an
 * EventBridge HTTPS target) can post to `https://<host>/<namespace>/<broker>`. Knative does not
 * do this by itself. Anyone who can reach the host can publish events: prefer an internal gateway,
 * or restrict it with the gateway's own controls.
 */
export class BrokerIngress extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: BrokerIngressProps) {
    super(scope, id);
    throwIfAny(checkBrokerIngress(props, this.node.path));
    this.apiObject = addManifest(this, renderBrokerIngress(props));
  }

  /** The URL of one exposed broker, for an EventBridge target. */
  public static urlOf(
    host: string,
    broker: IBroker | ExposedBroker,
    scheme: 'https' | 'http' = 'https',
  ): string {
    const b = exposed(broker);
    return `${scheme}://${host}/${b.namespace}/${b.name}`;
  }
}

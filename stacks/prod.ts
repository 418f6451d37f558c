import { App } from 'cdk8s';
import * as pulumi from '@pulumi/pulumi';
import { ServingPlatform } from '../lib/deploy/serving-platform';
import { addOssToBroker } from '../examples/event-driven-scoring/event-bridge';
import type { EventingInstaller } from '../lib/cloud/knative-eventing';
import { ProdConfig } from './config';
import { buildFleet } from './fleet';
import { gatewayFor } from './gateway';
import { Stack, buildPlatform } from './stack';

/** The platform's `eventing` argument for the `ack-serving:eventing` config value. */
function eventingArgs(
  e: ProdConfig['eventing'],
): { installer: EventingInstaller } | false | undefined {
  if (e === undefined || e === false) return e;
  return e.installer === 'upstream'
    ? { installer: { kind: 'upstream', release: e.release } }
    : { installer: { kind: 'addon', addonName: e.addonName, version: e.version } };
}

/**
 * The `prod` environment: a new VPC and ACK Pro cluster with a steady pool, an optional GPU pool,
 * ECI virtual nodes, Knative with the chosen gateway (ALB by default), observability, the catalog's
 * fleet and, when `eventDrivenScoring` is set, the event-driven scoring example (Broker, Triggers,
 * nightly PingSource and the EventBridge rule that brings OSS uploads to the Broker).
 * Reads nothing but `config`; throws one ValidationError (paths = config keys) before any resource.
 */
export function prodStack(config: ProdConfig, opts: pulumi.ComponentResourceOptions = {}): Stack {
  const scoring = config.eventDrivenScoring
    ? { ...config.eventDrivenScoring, region: config.region }
    : undefined;
  let namespace = '';
  const login =
    config.nodePassword !== undefined
      ? { password: config.nodePassword }
      : { keyName: config.nodeKeyName };
  const platform = buildPlatform(
    () =>
      new ServingPlatform(
        'prod',
        {
          network: { zones: config.zones, ...(config.vpcCidr ? { vpcCidr: config.vpcCidr } : {}) },
          cluster: {
            ...(config.kubernetesVersion ? { version: config.kubernetesVersion } : {}),
            ...(config.deletionProtection !== undefined
              ? { deletionProtection: config.deletionProtection }
              : {}),
          },
          // managed pools take only key pairs: with a password the steady pool is not managed
          steadyNodePool: {
            ...config.steadyPool,
            ...login,
            ...(config.nodePassword !== undefined ? { managed: false } : {}),
          },
          gpuNodePool: config.gpuPool ? { ...config.gpuPool, ...login } : undefined,
          knative: { gateway: gatewayFor(config.gateway ?? 'alb') },
          observability: config.observability === false ? false : undefined,
          eventing: eventingArgs(config.eventing),
          ...(config.acr ? { acr: config.acr } : {}),
          kubernetes: {
            build: (app: App, context) => {
              namespace = buildFleet(app, context, config.catalog, scoring).catalog.namespace;
            },
          },
        },
        opts,
      ),
  );
  const eventBridge = scoring
    ? addOssToBroker(
        'scoring',
        {
          uploads: {
            region: scoring.region,
            accountId: scoring.accountId,
            bucket: scoring.bucket,
            keyPrefix: scoring.keyPrefix,
          },
          // Taken from the release's output, so the rule itself (not only its component, which
          // does not pass `dependsOn` on) waits for the Kubernetes objects, the Broker among them.
          gatewayHost: platform.release.resources.apply(() => scoring.host),
          namespace,
        },
        // the rule posts to the Broker: create it once the Kubernetes side is deployed
        { dependsOn: [platform.release] },
      )
    : undefined;
  return { platform, eventBridge };
}

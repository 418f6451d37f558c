import { App } from 'cdk8s';
import * as pulumi from '@pulumi/pulumi';
import { ServingPlatform } from '../lib/deploy/serving-platform';
import { DevConfig } from './config';
import { buildFleet } from './fleet';
import { gatewayFor } from './gateway';
import { Stack, buildPlatform } from './stack';

/**
 * The `dev` environment: the same fleet on a cluster you already have (for example kind with
 * Knative and Kourier), from its kubeconfig. No cloud resource is created; the fleet is checked
 * against upstream Knative. Reads nothing but `config`.
 */
export function devStack(config: DevConfig, opts: pulumi.ComponentResourceOptions = {}): Stack {
  const platform = buildPlatform(
    () =>
      new ServingPlatform(
        'dev',
        {
          existingCluster: {
            kubeconfig: config.kubeconfig,
            gateway: gatewayFor(config.gateway ?? 'kourier'),
            distribution: 'upstream',
          },
          kubernetes: {
            build: (app: App, context) => void buildFleet(app, context, config.catalog),
          },
          // a plain cluster has no PrometheusRule CRD (no Prometheus Operator); `ack-serving synth`
          // still writes the rules and dashboards for a cluster that has one
          fleetObservability: false,
        },
        opts,
      ),
  );
  return { platform };
}

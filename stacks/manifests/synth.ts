/**
 * Prints, as YAML, the Kubernetes objects each stack hands to Kubernetes: the same `buildFleet` the
 * stacks call, with each environment's committed config and the platform context its gateway gives.
 * The conformance suite runs Knative's own validation over this output.
 * Run: npx tsx stacks/manifests/synth.ts [prod|dev]   (both environments when none is named)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { toYaml } from '../../lib/cli/output';
import { synthApp } from '../../lib/synth-app';
import { parseStackConfig } from '../config';
import { buildFleet } from '../fleet';

const root = join(__dirname, '..', '..');
const INGRESS_CLASSES = {
  alb: 'alb.ingress.networking.knative.dev',
  kourier: 'kourier.ingress.networking.knative.dev',
} as const;

const documents: unknown[] = [];
const only = process.argv[2] as 'prod' | 'dev' | undefined;
for (const env of (['prod', 'dev'] as const).filter((e) => only === undefined || e === only)) {
  const raw = YAML.parse(readFileSync(join(root, `Pulumi.${env}.yaml`), 'utf8')).config as Record<
    string,
    unknown
  >;
  // The Kubernetes side never reads the kubeconfig; dev's committed config has none, by design.
  const config = parseStackConfig(
    env === 'dev' ? { ...raw, 'ack-serving:kubeconfig': 'unused' } : raw,
  );
  const gateway = env === 'prod' ? 'alb' : 'kourier';
  const context = {
    gateway,
    ingressClass: INGRESS_CLASSES[gateway],
    distribution: env === 'prod' ? 'ack' : 'upstream',
  } as const;
  const scoring =
    config.environment === 'prod' && config.eventDrivenScoring
      ? { ...config.eventDrivenScoring, region: config.region }
      : undefined;
  const app = new App();
  buildFleet(app, context, join(root, config.catalog), scoring);
  for (const objects of synthApp(app).values()) documents.push(...objects);
}
process.stdout.write(toYaml(documents));

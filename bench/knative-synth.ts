/**
 * Synthesizes N Knative Services through the library's constructs and the same objects as raw cdk8s
 * ApiObjects, in one run, and prints both times and the ratio. Target: ratio at most 1.5.
 * Run: npx tsx bench/knative-synth.ts
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { KnativeService } from '../lib/knative/knative-service';
import { median, time } from './timing';

const template = (i: number) => ({
  containers: [
    {
      image: `registry.example.com/risk/model-${i}:1.0.0`,
      port: 8080,
      env: { MODEL: `model-${i}` },
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    },
  ],
  containerConcurrency: 10,
  timeoutSeconds: 60,
  autoscaling: { target: 10, utilization: 70, minScale: 0, maxScale: 20, window: '60s' },
});

function viaConstructs(n: number): number {
  const chart = new Chart(new App(), 'c', { namespace: 'models', disableResourceNameHashes: true });
  for (let i = 0; i < n; i++)
    new KnativeService(chart, `s${i}`, {
      name: `model-${i}`,
      template: template(i),
      traffic: [{ latestRevision: true, percent: 100, tag: 'latest' }],
    });
  return chart.toJson().length;
}

function viaApiObjects(n: number, rendered: Record<string, unknown>[]): number {
  const chart = new Chart(new App(), 'c', { namespace: 'models', disableResourceNameHashes: true });
  for (let i = 0; i < n; i++) new ApiObject(chart, `s${i}`, rendered[i] as never);
  return chart.toJson().length;
}

function renderedObjects(n: number): Record<string, unknown>[] {
  const chart = new Chart(new App(), 'c', { namespace: 'models', disableResourceNameHashes: true });
  for (let i = 0; i < n; i++)
    new KnativeService(chart, `s${i}`, {
      name: `model-${i}`,
      template: template(i),
      traffic: [{ latestRevision: true, percent: 100, tag: 'latest' }],
    });
  return chart.toJson().map((o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)));
}

for (const n of [500, 2000]) {
  const rendered = renderedObjects(n);
  for (let i = 0; i < 3; i++) {
    viaConstructs(n); // warm up both paths: the JIT needs a few rounds
    viaApiObjects(n, rendered);
  }
  const lib = median(7, () => time(() => viaConstructs(n)));
  const raw = median(7, () => time(() => viaApiObjects(n, rendered)));
  console.log(
    `knative services N=${n}: constructs ${lib.toFixed(0)} ms, raw ApiObject ${raw.toFixed(0)} ms, ratio ${(lib / raw).toFixed(2)} (target <= 1.5)`,
  );
}

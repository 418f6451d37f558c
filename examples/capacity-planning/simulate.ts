/**
 * Capacity planning for a credit-risk fleet: a week of generated tidal traffic through the Knative
 * autoscaler model, on a small subscription ECS pool with ECI overflow and one GPU model, compared with
 * plain HPA on CPU and with fixed capacity sized for the peak.
 *
 * Run: npx tsx examples/capacity-planning/simulate.ts   (writes docs/sim/*.svg and docs/sim/summary.txt)
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeOwnedTree } from '../../lib/owned-output';
import { renderCharts } from '../../lib/sim/charts';
import { parsePrices } from '../../lib/sim/prices';
import { simulate } from '../../lib/sim/simulate';
import { formatSummary } from '../../lib/sim/summary';
import { generateTidalTrace } from '../../lib/sim/trace';
import { SimCluster, SimResult, SimVersion } from '../../lib/sim/types';

const cpuModel = {
  containerConcurrency: 10,
  placement: 'ecs-then-eci' as const,
  resources: { cpu: 1, memoryGiB: 2 },
};

/** The fleet, as the catalog would give it: 4 models, 8 versions, one on GPU. */
export const fleet: SimVersion[] = [
  // credit-score: the busy one; v2 serves, v3 is the canary kept warm, v1 is retired to 0 %
  ...(
    [
      ['v2', 90, {}],
      ['v3', 10, { minScale: 1 }],
      ['v1', 0, {}],
    ] as const
  ).map(([version, trafficPercent, extra]) => ({
    model: 'credit-score',
    version,
    trafficPercent,
    autoscaling: {
      metric: 'concurrency' as const,
      target: 10,
      utilization: 70,
      maxScale: 50,
      ...extra,
    },
    ...cpuModel,
  })),
  // fraud-detect: steady, heavier pods
  {
    model: 'fraud-detect',
    version: 'v5',
    trafficPercent: 100,
    autoscaling: { metric: 'concurrency', target: 20, maxScale: 30 },
    containerConcurrency: 20,
    placement: 'ecs-then-eci',
    resources: { cpu: 2, memoryGiB: 4 },
  },
  {
    model: 'fraud-detect',
    version: 'v4',
    trafficPercent: 0,
    autoscaling: { metric: 'concurrency', target: 20, maxScale: 30 },
    containerConcurrency: 20,
    placement: 'ecs-then-eci',
    resources: { cpu: 2, memoryGiB: 4 },
  },
  // limit-advisor: quiet, on ECI only, a cheap reserved instance instead of cold starts
  ...(
    [
      ['v1', 70],
      ['v2', 30],
    ] as const
  ).map(([version, trafficPercent]) => ({
    model: 'limit-advisor',
    version,
    trafficPercent,
    autoscaling: { metric: 'concurrency' as const, target: 4, maxScale: 10 },
    containerConcurrency: 4,
    placement: 'eci' as const,
    resources: { cpu: 2, memoryGiB: 4 },
    reserve: { replicas: 1, cpu: 0.5, memoryGiB: 1 },
  })),
  // doc-ocr: a GPU model, one request per pod, slow to start; a 5-minute scale-down delay avoids churn
  {
    model: 'doc-ocr',
    version: 'v1',
    trafficPercent: 100,
    autoscaling: { metric: 'concurrency', scaleDownDelay: '5m', maxScale: 8 },
    containerConcurrency: 1,
    placement: 'gpu',
    resources: { cpu: 8, memoryGiB: 30, gpu: 1, gpuSpec: 'ecs.gn7i-c8g1.2xlarge' },
  },
];

/**
 * Three 8 vCPU / 32 GiB subscription nodes. Pod start-up is the sum of parts (lib/sim/startup.ts) with
 * the image sizes of prices.yaml; set `startDelay` here instead once you have measured totals.
 */
export const cluster: SimCluster = {
  ecs: { nodes: 3, cpuPerNode: 8, memoryGiBPerNode: 32, podsPerNode: 32 },
};

/** Objectives as the catalog's `slo` would give them, checked over the simulated week. */
const objectives: Record<string, SimVersion['slo']> = {
  'credit-score': { availability: 99.99, latencyP99Ms: 300, window: '28d' },
  'fraud-detect': { availability: 99.9, latencyP99Ms: 500, window: '28d' },
  'limit-advisor': { availability: 99.5, latencyP99Ms: 2000, window: '28d' },
  'doc-ocr': { availability: 99, latencyP99Ms: 30000, window: '28d' },
};

export function run(days: number, seed = 20260105): SimResult {
  const trace = generateTidalTrace({
    seed,
    days,
    models: [
      { model: 'credit-score', peakRps: 600, latencyMs: 60 },
      { model: 'fraud-detect', peakRps: 300, latencyMs: 120, burstsPerDay: 1 },
      { model: 'limit-advisor', peakRps: 6, troughRps: 0, latencyMs: 400 },
      {
        model: 'doc-ocr',
        peakRps: 1.5,
        troughRps: 0,
        latencyMs: 1500,
        burstsPerDay: 1,
        activeHours: [8, 20],
      },
    ],
  });
  const prices = parsePrices(fs.readFileSync(path.join(__dirname, 'prices.yaml'), 'utf8'));
  const versions = fleet.map((v) => ({ ...v, slo: objectives[v.model] }));
  return simulate(versions, trace, { cluster, prices });
}

/** Simulates and writes the charts and the summary table into `outDir`. */
export function main(outDir: string, days = 7): string {
  const result = run(days);
  const summary = formatSummary(result);
  writeOwnedTree(outDir, { ...renderCharts(result), 'summary.txt': summary });
  return summary;
}

if (require.main === module) {
  process.stdout.write(main(path.join(__dirname, '../../docs/sim')));
}

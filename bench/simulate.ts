/**
 * Benchmark: 500 models x one week at 2-second ticks (151M model-ticks) through the KPA model, then the
 * same with the HPA and fixed baselines. Run with `npx tsx bench/simulate.ts [models] [days]`; figures
 * before and after each change are in docs/simulation.md (Performance).
 */
import { simulate } from '../lib/sim/simulate';
import { generateTidalTrace } from '../lib/sim/trace';
import { SimVersion } from '../lib/sim/types';

const models = Number(process.argv[2] ?? 500);
const days = Number(process.argv[3] ?? 7);

const names = Array.from({ length: models }, (_, i) => `model-${String(i).padStart(3, '0')}`);
const t0 = performance.now();
const trace = generateTidalTrace({
  seed: 42,
  days,
  models: names.map((model, i) => ({
    model,
    // a long tail: a few busy models, many quiet ones, some nearly idle
    peakRps: 2000 / (1 + i) ** 1.1,
    latencyMs: 50 + (i % 7) * 20,
  })),
});
const versions: SimVersion[] = names.map((model, i) => ({
  model,
  version: 'v1',
  trafficPercent: 100,
  autoscaling: { metric: 'concurrency', target: 10, maxScale: 50 },
  containerConcurrency: 10,
  placement: i % 10 === 0 ? 'eci' : 'ecs-then-eci',
  resources: { cpu: 1, memoryGiB: 2 },
}));
const cluster = { ecs: { nodes: 20, cpuPerNode: 8, memoryGiBPerNode: 32 } };
const t1 = performance.now();
const c1 = process.cpuUsage();
const kpaOnly = simulate(versions, trace, { cluster, baselines: false });
const t2 = performance.now();
const c2 = process.cpuUsage(c1);
const full = simulate(versions, trace, { cluster });
const t3 = performance.now();
const c3 = process.cpuUsage(c1);
const cpu = (c: NodeJS.CpuUsage) => `${((c.user + c.system) / 1e6).toFixed(2)} s`;

const ticks = kpaOnly.ticks;
const modelTicks = ticks * versions.length;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `models: ${models}, days: ${days}, ticks per model: ${ticks}, model-ticks: ${modelTicks}`,
);
console.log(`trace generation: ${fmt(t1 - t0)}`);
console.log(
  `simulate (KPA only): ${fmt(t2 - t1)} wall, ${cpu(c2)} CPU, ${(modelTicks / ((t2 - t1) / 1000) / 1e6).toFixed(1)}M model-ticks/s`,
);
console.log(
  `simulate (KPA + HPA + fixed baselines): ${fmt(t3 - t2)} wall, ${((c3.user + c3.system - c2.user - c2.system) / 1e6).toFixed(2)} s CPU`,
);
console.log(
  `fleet: cost ${full.fleet.cost.toFixed(0)} ${full.currency}, HPA ${full.fleet.hpa?.cost.toFixed(0)}, fixed ${full.fleet.fixed?.cost.toFixed(0)}, peak pods ${full.fleet.peakPods}`,
);
console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

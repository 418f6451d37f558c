/**
 * Synthesizes generated fleets of 500 and 5,000 models through ModelFleet and, in the same run, the
 * same objects as raw cdk8s ApiObjects (one chart per model), and prints times, the ratio and peak
 * memory. Targets: ratio at most 1.5; peak RSS for 5,000 models under 1.5 GiB.
 * Run: npx tsx bench/fleet-synth.ts
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { ModelFleet } from '../lib/models/model-fleet';
import { synthApp } from '../lib/synth-app';
import { generateCatalog } from './generate-catalog';
import { median, time } from './timing';

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

function viaFleet(count: number): number {
  const app = new App();
  new ModelFleet(app, 'fleet', { catalog: generateCatalog(count) });
  let n = 0;
  for (const objs of synthApp(app).values()) n += objs.length;
  sample();
  return n;
}

function renderedCharts(count: number): Record<string, unknown>[][] {
  const app = new App();
  new ModelFleet(app, 'fleet', { catalog: generateCatalog(count) });
  return [...synthApp(app).values()].map((objs) => JSON.parse(JSON.stringify(objs)));
}

function viaApiObjects(charts: Record<string, unknown>[][]): number {
  const app = new App();
  charts.forEach((objs, i) => {
    const chart = new Chart(app, `c${i}`, { disableResourceNameHashes: true });
    objs.forEach((o, j) => new ApiObject(chart, `o${j}`, o as never));
  });
  let n = 0;
  for (const objs of synthApp(app).values()) n += objs.length;
  sample();
  return n;
}

for (const count of [500, 5000]) {
  const charts = renderedCharts(count);
  const runs = count >= 5000 ? 3 : 5;
  viaFleet(count);
  viaApiObjects(charts);
  const lib = median(runs, () => time(() => viaFleet(count)));
  const raw = median(runs, () => time(() => viaApiObjects(charts)));
  const objects = charts.reduce((n, c) => n + c.length, 0);
  console.log(
    `fleet of ${count} models (${objects} objects): ModelFleet ${lib.toFixed(0)} ms, raw ApiObject ${raw.toFixed(0)} ms, ratio ${(lib / raw).toFixed(2)} (target <= 1.5)`,
  );
}
console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (target for 5,000 models < 1536 MiB)`);

import { App } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { simVersionsFromFleet } from '../../lib/sim/from-fleet';
import {
  emptyLatencyHistogram,
  latencyBin,
  latencyPercentileMs,
} from '../../lib/sim/latency-histogram';
import { examplePrices } from '../../lib/sim/prices';
import { checkSimVersions } from '../../lib/sim/resolve';
import { checkSloResult } from '../../lib/sim/service-figures';
import { formatSummary } from '../../lib/sim/summary';
import { SimVersion } from '../../lib/sim/types';
import { repeat, runTicks, version } from './helpers';

// Latency 1000 ms per request, unlimited concurrency, ECI start-up 45 s = 23 ticks.
// Scaled to zero; two requests arrive at tick 10 and two at tick 11, then nothing.
const burst = [...repeat(0, 10), 1, 1, ...repeat(0, 40)];
const cold = (rest: Partial<SimVersion> = {}) =>
  version({ autoscaling: { metric: 'concurrency', target: 100, utilization: 70 }, ...rest });

describe('latency histogram', () => {
  test('bins span 1 %: bin k holds [1.01^(k-1), 1.01^k) ms', () => {
    expect(latencyBin(0.5)).toBe(0);
    expect(latencyBin(1)).toBe(1);
    // ln(1000) / ln(1.01) = 694.2
    expect(latencyBin(1000)).toBe(695);
    expect(latencyBin(1005)).toBe(695);
    expect(latencyBin(1011)).toBe(696);
  });

  test('a percentile is exact when its bin holds one latency, else within 1 %', () => {
    const h = emptyLatencyHistogram();
    const add = (ms: number, w: number) => {
      h.weight[latencyBin(ms)] += w;
      h.sumMs[latencyBin(ms)] += ms * w;
    };
    add(100, 98);
    add(5100, 2);
    expect(latencyPercentileMs(h, 0.5)).toBe(100);
    // 98 of 100 are at 100 ms, so the 99th is at 5100 ms
    expect(latencyPercentileMs(h, 0.99)).toBe(5100);
    const g = emptyLatencyHistogram();
    g.weight[latencyBin(1000)] = 2;
    g.sumMs[latencyBin(1000)] = 1000 + 1005;
    // the true p50 is 1000; the bin's mean 1002.5 is 0.25 % off
    expect(latencyPercentileMs(g, 0.5)).toBe(1002.5);
  });
});

describe('results per model and version', () => {
  test('latency counts the wait for a cold start and the service time', () => {
    // WHEN
    const run = runTicks(cold(), burst);
    const m = run.result.models[0];
    // THEN the pod asked for at tick 10 is ready at tick 33: the requests of tick 10 waited 23 ticks
    // (46 s) and those of tick 11 22 ticks (44 s); each then takes 1 s
    expect(m.served).toBe(4);
    expect(m.availability).toBe(100);
    expect(m.latencyP50Ms).toBe(45000);
    expect(m.latencyP95Ms).toBe(47000);
    expect(m.latencyP99Ms).toBe(47000);
    expect(m.coldStarts).toBe(1);
    expect(m.coldStartWaitP99Ms).toBe(46000);
    expect(m.versions[0].latencyP99Ms).toBe(47000);
    expect(run.result.fleet.latencyP99Ms).toBe(47000);
  });

  test('requests that time out count against availability, not latency', () => {
    // GIVEN a 46 s timeout (23 ticks): the requests of tick 10 reach it at tick 33, before the pod serves
    const run = runTicks(cold({ timeoutSeconds: 46 }), burst);
    const m = run.result.models[0];
    // THEN 2 served after 44 s + 1 s, 2 failed
    expect(m.failedTimeout).toBe(2);
    expect(m.served).toBe(2);
    expect(m.availability).toBe(50);
    expect(m.latencyP99Ms).toBe(45000);
  });

  test("checks the model's objective: availability met, p99 missed", () => {
    const slo = { availability: 99.9, latencyP99Ms: 40000, window: '28d' };
    const run = runTicks(cold({ slo }), burst);
    expect(run.result.models[0].slo).toEqual({
      availability: { objective: 99.9, achieved: 100, pass: true },
      latencyP99: { objectiveMs: 40000, achievedMs: 47000, pass: false },
      window: '28d',
      pass: false,
    });
    const summary = formatSummary(run.result);
    expect(summary).toContain('FAIL: p99 47.00s > 40.00s');
    expect(summary).toContain('0 of 1 pass');
  });

  test('an objective with no settled request passes on availability', () => {
    const empty = { served: 0, latencyP50Ms: 0, latencyP95Ms: 0, latencyP99Ms: 0 };
    expect(checkSloResult({ availability: 99 }, { ...empty, coldStartWaitP99Ms: 0 })).toEqual({
      availability: { objective: 99, pass: true },
      pass: true,
    });
    expect(checkSloResult({ window: '28d' }, { ...empty, coldStartWaitP99Ms: 0 })).toBeUndefined();
  });

  test('the series carry failures and latency percentiles per sample', () => {
    const run = runTicks(cold({ timeoutSeconds: 46 }), burst);
    const s = run.result.series;
    // 2 requests failed in the 2 s sample of tick 33: 1 per second
    expect(s.failedTimeoutRps[33]).toBe(1);
    // the coarse histogram reports the middle of an 8.3 % bin: 45 s is reported within 4.2 %
    expect(Math.abs(s.latencyP99Ms[33] - 45000) / 45000).toBeLessThan(0.042);
    expect(s.latencyP99Ms[32]).toBe(0);
  });
});

describe('slo input rules', () => {
  test('fails on an objective out of range and on versions of a model that disagree', () => {
    const issues = checkSimVersions(
      [
        version({ trafficPercent: 50, slo: { availability: 100, latencyP99Ms: 0 } }),
        version({ version: 'v2', trafficPercent: 50, slo: { availability: 99 } }),
      ],
      examplePrices(),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'versions[0].slo.availability: availability 100 is not a percent between 0 and 100 (exclusive); use e.g. 99.9',
      'versions[0].slo.latencyP99Ms: latencyP99Ms 0 must be a number of milliseconds above 0, e.g. 250',
      "versions[1].slo: slo differs from versions[0] of model 'm'; give every version of a model the same objective",
    ]);
  });
});

describe('simVersionsFromFleet', () => {
  test("passes the model's slo and a placement's imageCache: false", () => {
    const fleet = new ModelFleet(new App(), 'fleet', {
      catalog: {
        namespace: 'models',
        defaults: { slo: { availability: 99.5 } },
        models: [
          {
            name: 'ocr',
            slo: { latencyP99Ms: 800 },
            placement: { mode: 'eci', imageCache: false },
            versions: [{ name: 'v1', image: 'registry.example.com/ocr:1', traffic: 100 }],
          },
        ],
      },
    });
    const [v] = simVersionsFromFleet(fleet);
    expect(v.slo).toEqual({ availability: 99.5, latencyP99Ms: 800 });
    expect(v.imageCache).toBe(false);
    expect(v.placement).toBe('eci');
  });
});

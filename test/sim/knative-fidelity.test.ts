import { ValidationError } from '../../lib/validation';
import { examplePrices } from '../../lib/sim/prices';
import { resolveVersion } from '../../lib/sim/resolve';
import { simulate } from '../../lib/sim/simulate';
import { SimVersion } from '../../lib/sim/types';
import { repeat, runTicks, tickTrace, version } from './helpers';

// Every scenario uses latency 1000 ms, so rps equals concurrency, and each figure is worked out by hand
// from knative/serving v0.50.0. ECI start-up is 45 s = 23 ticks.
const kpa = (a: Partial<SimVersion['autoscaling']>, rest: Partial<SimVersion> = {}) =>
  version({ autoscaling: { metric: 'concurrency', target: 100, utilization: 70, ...a }, ...rest });

describe('requests that fail', () => {
  test('with the ECS pool full, requests fail at the revision timeout instead of waiting on', () => {
    // GIVEN an ECS-only version whose pod can never fit (0.5 vCPU pool, 1 vCPU pod), scaled to zero,
    // then 1 request per second (2 per tick) from tick 10 to tick 209
    const run = runTicks(
      kpa({}, { placement: 'ecs', containerConcurrency: 1 }),
      [...repeat(0, 10), ...repeat(1, 200)],
      { cluster: { ecs: { nodes: 1, cpuPerNode: 0.5, memoryGiBPerNode: 4 } } },
    );
    const v = run.result.models[0].versions[0];
    // THEN the default timeoutSeconds 300 s = 150 ticks: the requests of ticks 10..59 fail by tick 209,
    // 2 per tick, and the 150 later ticks' requests are still waiting
    expect(v.requests).toBe(400);
    expect(v.failedTimeout).toBe(100);
    expect(v.failedOverflow).toBe(0);
    expect(v.queuedAtEnd).toBe(300);
    expect(v.waitedRequests).toBe(0);
    expect(run.result.models[0].failedTimeout).toBe(100);
    expect(run.result.fleet.failedTimeout).toBe(100);
  });

  test('a shorter responseStartTimeoutSeconds fails waiting requests sooner', () => {
    const run = runTicks(
      kpa({}, { placement: 'ecs', containerConcurrency: 1, responseStartTimeoutSeconds: 20 }),
      [...repeat(0, 10), ...repeat(1, 40)],
      { cluster: { ecs: { nodes: 1, cpuPerNode: 0.5, memoryGiBPerNode: 4 } } },
    );
    // 20 s = 10 ticks: the requests of ticks 10..39 have failed by tick 49, 2 per tick
    expect(run.result.models[0].versions[0].failedTimeout).toBe(60);
  });

  test('queue-proxy refuses requests beyond its queue of 10 x containerConcurrency', () => {
    // GIVEN one Ready pod (maxScale 1) with containerConcurrency 1, burst capacity 0 so the activator is
    // out of the path, and 20 requests per second of 1 s: 40 per tick, the pod serves 2 per tick
    const run = runTicks(
      kpa({ maxScale: 1, burstCapacity: 0 }, { containerConcurrency: 1 }),
      repeat(20, 10),
    );
    const v = run.result.models[0].versions[0];
    // THEN tick 0 serves 2, queues 10 and refuses 28; each later tick serves 2 from the queue, queues 2
    // of the 40 arrivals and refuses 38: 28 + 9 x 38 = 370 refused, 20 served, 10 still queued
    expect(v.failedOverflow).toBeCloseTo(370, 6);
    expect(v.failedTimeout).toBe(0);
    expect(v.queuedAtEnd).toBeCloseTo(10, 6);
    expect(run.result.models[0].failedOverflow).toBeCloseTo(370, 6);
  });
});

describe('scale-in drains', () => {
  test('a removed pod keeps running, billed, for 30 s', () => {
    // GIVEN 15 pods for 1000 concurrent requests, then no traffic, with a 6 s stable window
    const run = runTicks(kpa({ window: '6s' }), [...repeat(1000, 10), ...repeat(0, 60)]);
    // THEN the pod counts are those of the hand-computed scale-down (15 x 10 ticks, 10, 5, 2, then 1 for
    // 15 ticks: 182 pod-ticks), and each of the 15 removed pods adds drainSleepDuration, 30 s
    expect(run.pods.slice(9, 14)).toEqual([15, 10, 5, 2, 1]);
    expect(run.result.models[0].versions[0].podSecondsEci).toBe(182 * 2 + 15 * 30);
  });
});

describe('metrics at zero pods', () => {
  test('after a window without data, the first reports alone decide the scale from zero', () => {
    // GIVEN no pod and no request for 40 ticks (more than the 60 s = 30-tick stable window), then 300
    const run = runTicks(kpa({}), [...repeat(0, 40), ...repeat(300, 3)]);
    // THEN the activator reports the 600 requests of the first tick (300 rps x 2 s) waiting; both windows
    // restart at that first report: ceil(600 / 70) = 9 pods at once. Averaging the silent ticks as zeros
    // would give stable ceil(600/30/70) = 1 and panic ceil(600/3/70) = 3.
    expect(run.pods[39]).toBe(0);
    expect(run.pods[40]).toBe(9);
  });
});

describe('scaler', () => {
  test('a revision that never becomes ready is scaled to zero after 630 s', () => {
    // GIVEN a deploy whose first pod takes 700 s to start, and no traffic
    const run = runTicks(kpa({}, { startDelay: '700s' }), repeat(0, 320), { start: 'cold' });
    // THEN progress deadline 600 s + activationTimeoutBuffer 30 s = 630 s = tick 315
    expect(run.pods[314]).toBe(1);
    expect(run.pods[315]).toBe(0);
  });

  test('a 0 % version without a tag is unreachable: its min-scale is ignored', () => {
    const two = (tag?: string) =>
      simulate(
        [
          kpa({}, { version: 'v1', trafficPercent: 100 }),
          kpa({ minScale: 2 }, { version: 'v2', trafficPercent: 0, ...(tag ? { tag } : {}) }),
        ],
        tickTrace(repeat(0, 10)),
        { baselines: false },
      ).models[0].versions[1];
    // unreachable: no floor, no pod
    expect(two().podSecondsEci).toBe(0);
    // with a tag it is reachable: 2 pods for 10 ticks of 2 s
    expect(two('canary').podSecondsEci).toBe(40);
    const r = resolveVersion(
      kpa({ minScale: 2, retention: '90s', scaleDownDelay: '20s' }, { trafficPercent: 0 }),
      0,
      {},
      examplePrices(),
    );
    expect([r.reachable, r.minScale, r.retentionSeconds, r.delayTicks]).toEqual([false, 0, 0, 0]);
  });

  test('initial scale 0 needs allow-zero-initial-scale, and then starts no pod', () => {
    const v = kpa({ initialScale: 0 });
    expect(() => runTicks(v, repeat(0, 5), { start: 'cold' })).toThrow(ValidationError);
    expect(() => runTicks(v, repeat(0, 5), { start: 'cold' })).toThrow(
      'versions[0].autoscaling.initialScale: initialScale 0 needs the cluster setting allow-zero-initial-scale',
    );
    const run = runTicks(v, repeat(0, 5), {
      start: 'cold',
      cluster: { autoscaler: { allowZeroInitialScale: true } },
    });
    expect(run.pods).toEqual(repeat(0, 5));
    expect(run.result.models[0].versions[0].podStarts).toBe(0);
  });

  test('the panic test is dppc / ready >= threshold, as Knative computes it in floating point', () => {
    // GIVEN 50 ready pods at 3500 (target 70), a 110 % threshold, then 4500 for five ticks
    const run = runTicks(kpa({ panicThresholdPercent: 110 }), [
      ...repeat(3500, 40),
      ...repeat(4500, 5),
    ]);
    // THEN at tick 40 dppc = ceil(((3500 + 3500 + 4500) / 3) / 70) = 55, and 55 / 50 >= 1.1 holds, where
    // 55 >= 1.1 * 50 = 55.00000000000001 does not: panic from tick 40, which takes the panic count 55
    // over the stable ceil(((3500 x 29 + 4500) / 30) / 70) = 51
    expect(run.pods[39]).toBe(50);
    expect(run.pods[40]).toBe(55);
    expect(run.result.models[0].versions[0].panicSeconds).toBe(10);
  });
});

describe('burst capacity -1 after traffic stops (pkg/reconciler/autoscaling/kpa/scaler.go handleScaleToZero)', () => {
  // GIVEN one warm pod at 10 concurrent requests (target 70), traffic for 40 ticks, then none;
  // stable window 60 s = 30 ticks, grace period 30 s = 15 ticks, no retention
  const demand = [...repeat(10, 40), ...repeat(0, 60)];
  const firstZero = (pods: number[]) => pods.findIndex((p, t) => t >= 40 && p === 0);

  test('with -1 the pod is held about a stable window, then goes at once', () => {
    const run = runTicks(
      version({ autoscaling: { metric: 'concurrency', target: 100, burstCapacity: -1 } }),
      demand,
    );
    // the window holds zeros only from tick 69 (last traffic at 39): desired 0, the PA goes inactive;
    // the activator has been in the path all along, so the fast path scales to zero on the next tick
    expect(firstZero(run.pods)).toBe(70);
  });

  test('with 0 the activator must first be in the path for the grace period', () => {
    const run = runTicks(
      version({ autoscaling: { metric: 'concurrency', target: 100, burstCapacity: 0 } }),
      demand,
    );
    // the SKS goes to proxy mode when the PA goes inactive at tick 69; 30 s = 15 ticks later, zero
    expect(firstZero(run.pods)).toBe(84);
  });
});

import fc from 'fast-check';
import { examplePrices } from '../../lib/sim/prices';
import { resolveVersion } from '../../lib/sim/resolve';
import { SimVersion } from '../../lib/sim/types';
import { repeat, runTicks, version } from './helpers';

// Every scenario uses latency 1000 ms, so rps equals concurrency, and ECI placement (start delay 45 s = 23 ticks).
const kpa = (a: Partial<SimVersion['autoscaling']>, rest: Partial<SimVersion> = {}) =>
  version({ autoscaling: { metric: 'concurrency', target: 100, utilization: 70, ...a }, ...rest });

describe('target resolution (knative-rules 1.4)', () => {
  const target = (v: SimVersion, autoscaler = {}) =>
    resolveVersion(v, 0, { autoscaler }, examplePrices()).targetValue;

  test('defaults to 100 concurrent requests at 70 %', () => {
    // GIVEN containerConcurrency 0 and no target
    const v = version({ autoscaling: { metric: 'concurrency' } });
    // THEN 100 * 0.7
    expect(target(v)).toBeCloseTo(70, 9);
  });
  test('caps the target at containerConcurrency', () => {
    expect(target(kpa({ target: 100 }, { containerConcurrency: 10 }))).toBeCloseTo(7, 9);
  });
  test('uses 200 rps at a fixed 70 % for the rps metric', () => {
    expect(target(version({ autoscaling: { metric: 'rps' } }))).toBeCloseTo(140, 9);
  });
  test('reads a cluster percentage of at most 1 as a fraction', () => {
    const v = version({ autoscaling: { metric: 'concurrency' } });
    expect(target(v, { containerConcurrencyTargetPercentage: 0.8 })).toBeCloseTo(80, 9);
  });
  test('never goes below 0.01', () => {
    expect(target(kpa({ target: 0.01, utilization: 1 }))).toBe(0.01);
  });
});

describe('stable and panic mode (knative-rules 1.5)', () => {
  test('a step from 0 to 300 concurrent requests with target 100 at 70 % enters panic and asks for 5 pods', () => {
    // GIVEN one ready pod (minScale 1) and no traffic for 20 s, then 300 concurrent requests
    const run = runTicks(kpa({ minScale: 1 }), [...repeat(0, 10), ...repeat(300, 40)]);
    // THEN the 6 s panic window fills over three ticks: ceil(100/70)=2, ceil(200/70)=3, ceil(300/70)=5;
    // each is >= 2x the one ready pod, so panic mode takes the panic count at once
    expect(run.pods.slice(8, 16)).toEqual([1, 1, 2, 3, 5, 5, 5, 5]);
    // AND it stays at 5, the stable count once the stable window has filled
    expect(run.pods[49]).toBe(5);
    expect(run.result.models[0].versions[0].panicSeconds).toBeGreaterThan(0);
  });

  test('does not scale down while in panic', () => {
    // GIVEN a burst of 300 for three ticks, then 70
    const run = runTicks(kpa({ minScale: 1 }), [
      ...repeat(0, 5),
      ...repeat(300, 3),
      ...repeat(70, 20),
    ]);
    // THEN the 5 pods asked for in panic are kept although the panic window now only needs 1..4
    expect(Math.max(...run.pods.slice(7, 28))).toBe(5);
    expect(Math.min(...run.pods.slice(7, 28))).toBe(5);
  });

  test('stays in stable mode when the panic count is below 2x the ready pods', () => {
    // GIVEN 10 ready pods for 700 concurrent requests, then 1300 (needs 19 < 2 x 10)
    const run = runTicks(kpa({}), [...repeat(700, 5), ...repeat(1300, 3)]);
    expect(run.result.models[0].versions[0].panicSeconds).toBe(0);
    // THEN the stable window (averaged over the ticks seen so far) decides: ceil(avg/70)
    expect(run.pods).toEqual([10, 10, 10, 10, 10, 12, 13, 14]);
  });

  test('activation scale sets the first non-zero scale', () => {
    const run = runTicks(kpa({ activationScale: 3 }), [...repeat(0, 5), ...repeat(10, 5)]);
    expect(run.pods).toEqual([0, 0, 0, 0, 0, 3, 3, 3, 3, 3]);
  });
});

describe('scale down, delay and scale to zero', () => {
  // 1000 concurrent requests need ceil(1000/70) = 15 pods; then traffic stops. A 6 s stable window
  // (3 ticks) lets the stable average fall to zero within three ticks.
  const drop = [...repeat(1000, 10), ...repeat(0, 60)];

  test('never drops faster than the max scale-down rate', () => {
    const run = runTicks(kpa({ window: '6s' }), drop);
    // stable average 667 -> ceil(667/70)=10 (>= floor(15/2)=7); 333 -> 5 (= floor(10/2)); 0 -> floor(5/2)=2;
    // then floor(2/2)=1
    expect(run.pods.slice(9, 14)).toEqual([15, 10, 5, 2, 1]);
    for (let t = 1; t < run.pods.length; t++) {
      if (run.pods[t] > 0)
        expect(run.pods[t]).toBeGreaterThanOrEqual(Math.floor(run.ready[t - 1] / 2));
    }
  });

  test('scales to zero once inactive and the activator has been in the path for the grace period', () => {
    const run = runTicks(kpa({ window: '6s' }), drop);
    // desired 0 at tick 14: active longer than the stable window, so the PA is marked inactive and keeps
    // its last pod. Burst capacity ran out at tick 13 (2 pods * 100 - 211 < 0), so the activator has been in
    // the path since then; 30 s (15 ticks) later, at tick 28, the last pod goes.
    expect(run.pods.slice(13, 30)).toEqual([...repeat(1, 15), 0, 0]);
    expect(run.result.models[0].versions[0].scaleToZeroCount).toBe(1);
  });

  test('with a retention period, waits max(grace, retention) after the revision went inactive', () => {
    const run = runTicks(kpa({ window: '6s', retention: '90s' }), [...drop, ...repeat(0, 10)]);
    // inactive at tick 14; 90 s = 45 ticks later, at tick 59, zero (Knative takes the larger of the two
    // periods, not their sum: pkg/reconciler/autoscaling/kpa/scaler.go)
    expect(run.pods[58]).toBe(1);
    expect(run.pods[59]).toBe(0);
  });

  test('scale-down delay holds the highest recent decision', () => {
    const run = runTicks(kpa({ window: '6s', scaleDownDelay: '20s' }), drop.slice(0, 40));
    // 20 s = 10 ticks: the 15 decided at tick 9 holds through tick 18
    expect(run.pods.slice(9, 20)).toEqual([...repeat(15, 10), 10]);
  });

  test('keeps one pod when scale to zero is disabled', () => {
    const run = runTicks(kpa({ window: '6s' }), drop, {
      cluster: { autoscaler: { enableScaleToZero: false } },
    });
    expect(run.pods[69]).toBe(1);
  });

  test('a version with 0 % traffic scales to zero', () => {
    const run = runTicks(version({ autoscaling: { metric: 'concurrency' } }), repeat(0, 5), {
      start: 'cold',
    });
    expect(run.pods[0]).toBe(1);
    const v = runTicks(version({ autoscaling: { metric: 'concurrency' } }), repeat(0, 100), {
      start: 'cold',
    });
    // initial scale 1 becomes ready at tick 23, stays active one stable window (30 ticks), then goes
    expect(v.pods[52]).toBe(1);
    expect(v.pods[54]).toBe(0);
  });
});

describe('initial scale and readiness', () => {
  test('a deploy starts initial-scale pods that become ready after the start-up delay', () => {
    const run = runTicks(kpa({ initialScale: 3 }), repeat(0, 30), { start: 'cold' });
    // ECI start-up 45 s = 23 ticks; the initial scale is a floor until the pods are ready
    expect(run.pods.slice(0, 23)).toEqual(repeat(3, 23));
    expect(run.ready[22]).toBe(0);
    expect(run.ready[23]).toBe(3);
    // then scale down at max-scale-down-rate 2 to the one pod kept for the rest of a stable window
    expect(run.pods[24]).toBe(1);
  });

  test('uses the start-up delay of the placement', () => {
    const ecs = runTicks(kpa({ initialScale: 1 }, { placement: 'ecs' }), repeat(0, 12), {
      start: 'cold',
    });
    // ECS start-up by parts: scheduling 1 + container start 15 + readiness 2 + endpoints 2 = 20 s = 10 ticks
    // (the image is on the pool node already)
    expect(ecs.ready.slice(8, 12)).toEqual([0, 0, 1, 1]);
    const own = runTicks(kpa({}, { placement: 'gpu', startDelay: '4s' }), repeat(0, 4), {
      start: 'cold',
    });
    expect(own.ready).toEqual([0, 0, 1, 1]);
  });
});

describe('cold starts, queueing and the activator', () => {
  test('requests that arrive at zero pods wait for the first pod', () => {
    // GIVEN containerConcurrency 1, scaled to zero, then 1 request per second of 1 s each
    const run = runTicks(kpa({}, { containerConcurrency: 1 }), [
      ...repeat(0, 10),
      ...repeat(1, 80),
    ]);
    const m = run.result.models[0];
    // THEN one cold start; the first pods are ready 23 ticks (46 s) after they were asked for
    expect(m.coldStarts).toBe(1);
    expect(m.waitP99Ms).toBe(46000);
    expect(m.requests).toBe(160);
    expect(m.waitedRequests).toBeGreaterThan(40);
  });

  test('a reserved instance serves while the first standard pod starts', () => {
    const run = runTicks(
      kpa({}, { containerConcurrency: 1, reserve: { replicas: 1, cpu: 0.5, memoryGiB: 1 } }),
      [...repeat(0, 10), ...repeat(1, 80)],
    );
    const m = run.result.models[0];
    expect(m.coldStarts).toBe(0);
    expect(m.waitedRequests).toBe(0);
    // kept while idle and until a standard pod is ready at tick 33
    expect(m.versions[0].podSecondsReserve).toBe(66);
  });

  test('burst capacity -1 keeps the activator in the path; 0 removes it whenever pods are ready', () => {
    const always = runTicks(kpa({ burstCapacity: -1 }), repeat(100, 20));
    expect(always.result.models[0].versions[0].proxySeconds).toBe(40);
    const never = runTicks(kpa({ burstCapacity: 0 }), repeat(100, 20));
    expect(never.result.models[0].versions[0].proxySeconds).toBe(0);
    // default 211: two pods hold 200 < 211 + 100, so the activator stays in the path
    const dflt = runTicks(kpa({}), repeat(100, 20));
    expect(dflt.result.models[0].versions[0].proxySeconds).toBe(40);
  });
});

describe('bounds', () => {
  test('never exceeds max scale', () => {
    const run = runTicks(kpa({ maxScale: 3 }), [...repeat(0, 5), ...repeat(1000, 40)]);
    expect(Math.max(...run.pods)).toBe(3);
  });

  test('property: pods stay within min and max scale while routable', () => {
    // GIVEN any bounds and any demand
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 })), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.constantFrom('6s', '10s', '60s'),
        fc.constantFrom('0s', '10s'),
        fc.constantFrom<'warm' | 'cold'>('warm', 'cold'),
        (min, extra, demand, window, scaleDownDelay, start) => {
          const max = extra === 0 ? 0 : min + extra;
          // WHEN the autoscaler runs over the demand
          const run = runTicks(
            kpa({ minScale: min, maxScale: max, window, scaleDownDelay, initialScale: 1 }),
            demand,
            { start },
          );
          // THEN every tick's pod count is within the bounds (max 0 = unbounded)
          for (const p of run.pods) {
            if (start === 'warm') expect(p).toBeGreaterThanOrEqual(min);
            if (max > 0) expect(p).toBeLessThanOrEqual(Math.max(max, start === 'cold' ? 1 : 0));
          }
          // AND once the first decision is made, the floor holds in a cold start too
          for (const p of run.pods.slice(1)) expect(p).toBeGreaterThanOrEqual(min);
        },
      ),
      { seed: 20260105, numRuns: 150 },
    );
  });
});

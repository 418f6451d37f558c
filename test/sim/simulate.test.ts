import { ValidationError } from '../../lib/validation';
import { summaryJson } from '../../lib/sim/cli';
import { simulate } from '../../lib/sim/simulate';
import { formatSummary } from '../../lib/sim/summary';
import { generateTidalTrace } from '../../lib/sim/trace';
import { SimCluster, SimVersion, Trace } from '../../lib/sim/types';
import { version } from './helpers';

/** One hour at a one-minute step with constant concurrency (latency 1 s). */
function steady(concurrency: number, model = 'm'): Trace {
  return {
    start: 0,
    stepSeconds: 60,
    length: 60,
    models: [
      {
        model,
        rps: new Float64Array(60).fill(concurrency),
        latencyMs: new Float64Array(60).fill(1000),
      },
    ],
  };
}

// A pool of one node with 2 vCPU, 8 GiB and 10 pod slots: two 1-vCPU pods fit.
const small: SimCluster = {
  ecs: { nodes: 1, cpuPerNode: 2, memoryGiBPerNode: 8, podsPerNode: 10 },
};
// ECI price of one 1 vCPU / 2 GiB pod-second, and one hour of the pool (1100 a month of 30 days)
const POD_SECOND = 1 * 0.000049 + 2 * 0.0000054;
const POOL_HOUR = 1100 / 720;

describe('placement and cost', () => {
  test('ecs-then-eci fills the ECS pool first and overflows to ECI', () => {
    // GIVEN 350 concurrent requests at target 70: 5 pods
    const v = version({ placement: 'ecs-then-eci' });
    // WHEN
    const r = simulate([v], steady(350), { cluster: small });
    // THEN 2 pods on ECS, 3 on ECI for the hour
    const m = r.models[0];
    expect(m.podHoursEcs).toBeCloseTo(2, 9);
    expect(m.podHoursEci).toBeCloseTo(3, 9);
    expect(m.peakPods).toBe(5);
    // AND the model pays 3 ECI pod-hours plus the ECS capacity it used (the whole pool)
    expect(m.versions[0].costEci).toBeCloseTo(3 * 3600 * POD_SECOND, 9);
    expect(m.cost).toBeCloseTo(3 * 3600 * POD_SECOND + POOL_HOUR, 9);
    expect(r.fleet.costEcsPool).toBeCloseTo(POOL_HOUR, 9);
    expect(r.fleet.costEcsIdle).toBeCloseTo(0, 9);
    expect(r.fleet.cost).toBeCloseTo(m.cost, 9);
  });

  test('ecs placement leaves pods pending, unbilled, when the pool is full', () => {
    const r = simulate([version({ placement: 'ecs' })], steady(350), { cluster: small });
    expect(r.models[0].podHoursEcs).toBeCloseTo(2, 9);
    expect(r.models[0].podHoursEci).toBe(0);
    expect(r.fleet.cost).toBeCloseTo(POOL_HOUR, 9);
  });

  test('gpu placement pays the GPU instance type by the second', () => {
    // GIVEN one request at a time, one per pod: target 1 * 70 % -> ceil(1 / 0.7) = 2 pods
    const v = version({
      placement: 'gpu',
      containerConcurrency: 1,
      resources: { cpu: 8, memoryGiB: 30, gpu: 1, gpuSpec: 'ecs.gn7i-c8g1.2xlarge' },
    });
    const r = simulate([v], steady(1), { cluster: small });
    expect(r.models[0].podHoursGpu).toBeCloseTo(2, 9);
    expect(r.models[0].versions[0].costGpu).toBeCloseTo(2 * 3600 * 0.00232, 9);
    // the unused ECS pool is idle cost of the fleet
    expect(r.fleet.costEcsIdle).toBeCloseTo(POOL_HOUR, 9);
  });

  test('splits a model over its versions by traffic percent', () => {
    const r = simulate(
      [
        version({ version: 'v1', trafficPercent: 90 }),
        version({ version: 'v2', trafficPercent: 10 }),
        version({ version: 'v0', trafficPercent: 0 }),
      ],
      steady(700),
      { cluster: small },
    );
    const [v1, v2, v0] = r.models[0].versions;
    expect(v1.requests).toBeCloseTo(630 * 3600, 6);
    expect(v2.requests).toBeCloseTo(70 * 3600, 6);
    expect(v0.requests).toBe(0);
    // 630 / 70 = 9 pods and 70 / 70 = 1 pod; the 0 % version holds none
    expect(v1.peakPods).toBe(9);
    expect(v2.peakPods).toBe(1);
    expect(v0.peakPods).toBe(0);
  });
});

describe('baselines', () => {
  test('fixed capacity is sized for the peak on subscription nodes', () => {
    // GIVEN the same 5 pods: 5 vCPU and 10 GiB need 3 nodes of 2 vCPU
    const r = simulate([version({ placement: 'ecs-then-eci' })], steady(350), { cluster: small });
    expect(r.fleet.fixed).toMatchObject({ pods: 5, ecsNodes: 3 });
    expect(r.fleet.fixed?.cost).toBeCloseTo(3 * POOL_HOUR, 9);
    expect(r.models[0].fixed?.cost).toBeCloseTo(3 * POOL_HOUR, 9);
  });

  test('fixed capacity keeps one pod for an idle version; Knative keeps none', () => {
    const r = simulate(
      [
        version({ version: 'v1', trafficPercent: 100 }),
        version({ version: 'v0', trafficPercent: 0 }),
      ],
      steady(350),
      { cluster: small },
    );
    expect(r.fleet.fixed?.pods).toBe(6);
    expect(r.models[0].versions[1].peakPods).toBe(0);
  });

  test('HPA on CPU holds a pod for a model with no traffic', () => {
    const r = simulate([version()], steady(0), { cluster: small });
    expect(r.models[0].cost).toBe(0);
    expect(r.models[0].hpa?.cost).toBeCloseTo(3600 * POD_SECOND, 9);
    expect(r.models[0].hpa?.peakPods).toBe(1);
  });

  test('HPA on CPU matches Knative on steady load at the same utilization', () => {
    const r = simulate([version()], steady(350), { cluster: small });
    expect(r.models[0].hpa?.peakPods).toBe(5);
    expect(r.models[0].hpa?.cost).toBeCloseTo(r.models[0].cost, 9);
  });

  test('HPA reacts later than Knative to a burst', () => {
    // GIVEN 10 quiet minutes, then ten times the load
    const rps = new Float64Array(30).fill(20);
    rps.fill(200, 10);
    const trace: Trace = { start: 0, stepSeconds: 60, length: 30, models: [{ model: 'm', rps }] };
    const v = version({ containerConcurrency: 1, latencyMs: 100 });
    const r = simulate([v], trace, { cluster: small });
    expect(r.models[0].hpa!.waitedRequests).toBeGreaterThan(r.models[0].waitedRequests);
  });

  test('can be skipped', () => {
    const r = simulate([version()], steady(350), { baselines: false });
    expect(r.fleet.hpa).toBeUndefined();
    expect(r.fleet.fixed).toBeUndefined();
    expect(r.models[0].hpa).toBeUndefined();
  });
});

describe('determinism', () => {
  test('the same catalog and trace give identical results on every run', () => {
    const trace = generateTidalTrace({
      seed: 3,
      days: 1,
      models: [
        { model: 'a', peakRps: 300, latencyMs: 80 },
        { model: 'b', peakRps: 0.05, troughRps: 0 },
      ],
    });
    const versions: SimVersion[] = [
      version({ model: 'a', containerConcurrency: 10, placement: 'ecs-then-eci' }),
      version({ model: 'b', containerConcurrency: 1, placement: 'eci' }),
    ];
    const one = simulate(versions, trace);
    const two = simulate(versions, trace);
    expect(formatSummary(two)).toBe(formatSummary(one));
    expect(summaryJson(two)).toBe(summaryJson(one));
    expect(Array.from(two.series.cost)).toEqual(Array.from(one.series.cost));
  });
});

describe('input checks', () => {
  test('throws one ValidationError with every problem', () => {
    const bad: SimVersion[] = [
      version({ trafficPercent: 60 }),
      version({
        version: 'v2',
        trafficPercent: 30,
        placement: 'moon' as never,
        containerConcurrency: 2000,
        autoscaling: {
          metric: 'cpu' as never,
          window: '5s',
          minScale: 3,
          maxScale: 2,
          burstCapacity: -2,
        },
      }),
      version({
        model: 'g',
        placement: 'gpu',
        resources: { cpu: 8, memoryGiB: 30, gpu: 1, gpuSpec: 'ecs.gn9' },
      }),
      version({ model: 'g' }),
    ];
    let err: unknown;
    try {
      simulate(bad, steady(1));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe(
      [
        "versions[1].placement: placement 'moon' is not one of ecs, eci, ecs-then-eci, gpu",
        'versions[1].containerConcurrency: containerConcurrency 2000 is out of range; allowed: 0 to 1000; 0 means unlimited',
        "versions[1].autoscaling.metric: metric 'cpu' is not simulated; use 'concurrency' or 'rps' (KPA)",
        "versions[1].autoscaling.window: window '5s' is out of range; use 6s to 1h",
        // the manifests' own checks (lib/knative/autoscaling.ts), in their order and words
        'versions[1].autoscaling.maxScale: maxScale (2) is less than minScale (3); raise maxScale or lower minScale (0 means unlimited)',
        'versions[1].autoscaling.burstCapacity: burstCapacity -2 is out of range; allowed: at least 0 (or -1); -1 keeps the activator always in the request path',
        "versions[2].resources.gpuSpec: GPU spec 'ecs.gn9' has no price; add it under 'gpu' in the prices file (known: ecs.gn7i-c8g1.2xlarge, ecs.gn6i-c4g1.xlarge)",
        "versions[3]: version 'g/v1' is listed twice (first at versions[2]); give each version one entry",
        "versions[0]: trafficPercent of model 'm' sums to 90 over its versions; it must sum to 100",
        "versions[2]: trafficPercent of model 'g' sums to 200 over its versions; it must sum to 100",
      ].join('\n'),
    );
  });
});

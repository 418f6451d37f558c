import { simulate } from '../../lib/sim/simulate';
import { SimOptions, SimResult, SimVersion, Trace } from '../../lib/sim/types';

/** A one-model trace at the 2 s tick; with `latencyMs` 1000, rps equals concurrency (Little's law). */
export function tickTrace(rps: readonly number[], model = 'm', latencyMs = 1000): Trace {
  return {
    start: Date.parse('2026-01-05T00:00:00Z') / 1000,
    stepSeconds: 2,
    length: rps.length,
    models: [
      {
        model,
        rps: Float64Array.from(rps),
        latencyMs: new Float64Array(rps.length).fill(latencyMs),
      },
    ],
  };
}

export function version(overrides: Partial<SimVersion> = {}): SimVersion {
  return {
    model: 'm',
    version: 'v1',
    trafficPercent: 100,
    autoscaling: { metric: 'concurrency', target: 100, utilization: 70 },
    containerConcurrency: 0,
    placement: 'eci',
    resources: { cpu: 1, memoryGiB: 2 },
    ...overrides,
  };
}

/** `repeat(300, 5)` is five ticks of 300. */
export function repeat(value: number, ticks: number): number[] {
  return new Array<number>(ticks).fill(value);
}

export interface TickRun {
  readonly result: SimResult;
  /** Pods running or starting after each tick's decision. */
  readonly pods: number[];
  /** Ready pods after each tick. */
  readonly ready: number[];
}

/** Runs one version tick by tick and returns its pod counts per tick. */
export function runTicks(v: SimVersion, rps: readonly number[], opts: SimOptions = {}): TickRun {
  const result = simulate([v], tickTrace(rps, v.model), {
    baselines: false,
    sampleSeconds: 2,
    ...opts,
  });
  const s = result.series;
  const pods = Array.from(s.times, (_, i) =>
    Math.round(s.podsEcs[i] + s.podsEci[i] + s.podsGpu[i]),
  );
  const ready = Array.from(s.models[0].pods, (x) => Math.round(x));
  return { result, pods, ready };
}

import { COARSE_BINS } from './latency-histogram';
import {
  F_FAILED_OVERFLOW,
  F_FAILED_OVERFLOW_SEEN,
  F_FAILED_TIMEOUT,
  F_FAILED_TIMEOUT_SEEN,
  F_SAMPLE_NEED,
  F_SAMPLE_RPS,
  VersionState,
} from './version-state';

/**
 * The engine's time series, one value per sample: pods by placement, cost so far, per-model rps, pods
 * and need, failures, and a coarse latency histogram. Block sums are added as they come and turned into
 * averages at each sample's last tick.
 */
export class SampleSeries {
  /** Average pods on ECS, ECI (non-GPU) and GPU. */
  readonly podsEcs: Float64Array;
  readonly podsEci: Float64Array;
  readonly podsGpu: Float64Array;
  /** Cumulative pay-as-you-go cost (ECI, GPU, reserve) at the end of each sample. */
  readonly variableCost: Float64Array;
  readonly modelRps: Float64Array[];
  readonly modelPods: Float64Array[];
  readonly modelNeed: Float64Array[];
  readonly failedTimeout: Float64Array;
  readonly failedOverflow: Float64Array;
  /** COARSE_BINS per sample, filled by the versions directly (VersionState.sampleLat). */
  readonly latencyCoarse: Float64Array;
  /** Pod-ticks of the current sample so far, fleet-wide. */
  ecsTicks = 0;
  eciTicks = 0;
  gpuTicks = 0;

  constructor(
    ticks: number,
    private readonly sampleTicks: number,
    modelCount: number,
  ) {
    const samples = Math.ceil(ticks / sampleTicks);
    this.podsEcs = new Float64Array(samples);
    this.podsEci = new Float64Array(samples);
    this.podsGpu = new Float64Array(samples);
    this.variableCost = new Float64Array(samples);
    this.modelRps = Array.from({ length: modelCount }, () => new Float64Array(samples));
    this.modelPods = Array.from({ length: modelCount }, () => new Float64Array(samples));
    this.modelNeed = Array.from({ length: modelCount }, () => new Float64Array(samples));
    this.failedTimeout = new Float64Array(samples);
    this.failedOverflow = new Float64Array(samples);
    this.latencyCoarse = new Float64Array(samples * COARSE_BINS);
  }

  /** Adds a version's sample averages (model `m`) to the series at the sample's last tick, and resets them. */
  flushVersion(s: VersionState, m: number, tick: number): void {
    const f = s.f;
    const si = Math.floor(tick / this.sampleTicks);
    const len = this.ticksInSample(tick, si);
    this.modelRps[m][si] += f[F_SAMPLE_RPS] / len;
    this.modelPods[m][si] += s.samplePods / len;
    this.modelNeed[m][si] += f[F_SAMPLE_NEED] / len;
    this.failedTimeout[si] += f[F_FAILED_TIMEOUT] - f[F_FAILED_TIMEOUT_SEEN];
    this.failedOverflow[si] += f[F_FAILED_OVERFLOW] - f[F_FAILED_OVERFLOW_SEEN];
    f[F_FAILED_TIMEOUT_SEEN] = f[F_FAILED_TIMEOUT];
    f[F_FAILED_OVERFLOW_SEEN] = f[F_FAILED_OVERFLOW];
    f[F_SAMPLE_RPS] = 0;
    s.samplePods = 0;
    f[F_SAMPLE_NEED] = 0;
  }

  /** Turns the fleet's pod-tick sums into the sample's averages at its last tick, with the cost so far. */
  flushFleet(tick: number, costSoFar: number): void {
    const si = Math.floor(tick / this.sampleTicks);
    const len = this.ticksInSample(tick, si);
    this.podsEcs[si] = this.ecsTicks / len;
    this.podsEci[si] = this.eciTicks / len;
    this.podsGpu[si] = this.gpuTicks / len;
    this.variableCost[si] = costSoFar;
    this.ecsTicks = this.eciTicks = this.gpuTicks = 0;
  }

  /** Ticks of sample `si` up to `tick` (the last sample can be short). */
  private ticksInSample(tick: number, si: number): number {
    return tick - si * this.sampleTicks + 1;
  }
}

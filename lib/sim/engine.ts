import { ResolvedVersion, TICK_SECONDS } from './resolve';
import * as histogram from './latency-histogram';
import * as idle from './idle-skip';
import { initialState } from './initial-state';
import { PodPeaks } from './pod-peaks';
import * as queue from './request-queue';
import * as rowInput from './row-inputs';
import type { VersionDemand } from './row-inputs';
import { SampleSeries } from './sample-series';
import * as kpaScaler from './kpa-step';
import * as hpaScaler from './hpa-step';
import * as placement from './pod-placement';
import * as state from './version-state';
import { EcsPool, HpaSettings, VersionHistograms, VersionState } from './version-state';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const DT: number = TICK_SECONDS;
const { COARSE_BINS, COARSE_SHIFT, latencyBin } = histogram;
const { isIdle, skipIdle } = idle;
const { flushServedNow, serveRequests } = queue;
const { R_LAT_MS, R_RPS, ROW_SLOTS, buildRowInputs } = rowInput;
const { kpaStep } = kpaScaler;
const { capacityPerPod, hpaStep } = hpaScaler;
const { advancePods } = placement;
const {
  F_ECI_TICK_COST,
  F_HPA_POD_CAPACITY,
  F_LATENCY,
  F_LAT_MS,
  F_POD_CAPACITY,
  F_RESERVE_TICK_COST,
  F_RPS,
  F_SAMPLE_NEED,
  F_SAMPLE_RPS,
  F_TARGET_VALUE,
} = state;

/** Ticks a version runs in one go before the next version takes its turn (within one trace row). */
const BLOCK = 32;

export interface EngineInput {
  readonly versions: readonly ResolvedVersion[];
  readonly demand: readonly VersionDemand[];
  /** Ticks per trace row. */
  readonly rowTicks: number;
  readonly ticks: number;
  readonly pool: EcsPool;
  readonly scaler: 'kpa' | 'hpa';
  readonly start: 'warm' | 'cold';
  readonly sampleTicks: number;
  readonly hpa: HpaSettings;
  /** Inputs by row (`buildRowInputs`), built once for several runs. @default - built here */
  readonly rowInputs?: readonly Float64Array[];
  /** Skip the ticks of idle versions in one go (same result). @default true */
  readonly skipIdle?: boolean;
  /** Index of each version's model in the series output. */
  readonly modelOf: readonly number[];
  readonly modelCount: number;
}

export interface EngineOutput {
  readonly states: readonly VersionState[];
  readonly fleetPeakPods: number;
  /** Per model: the most pods (running or starting, all versions) at any tick. */
  readonly modelPeakPods: readonly number[];
  /** Per sample: average pods on ECS, ECI (non-GPU) and GPU; per model average rps and ready pods. */
  readonly podsEcs: Float64Array;
  readonly podsEci: Float64Array;
  readonly podsGpu: Float64Array;
  readonly modelRps: Float64Array[];
  readonly modelPods: Float64Array[];
  /** Per model: pods the offered load needs at the target (demand / TargetValue), per sample. */
  readonly modelNeed: Float64Array[];
  /** Cumulative pay-as-you-go cost (ECI, GPU, reserve) at the end of each sample. */
  readonly variableCost: Float64Array;
  /** Per sample: requests that failed on a timeout, and on a full queue (fleet). */
  readonly failedTimeout: Float64Array;
  readonly failedOverflow: Float64Array;
  /** Per sample: a coarse latency histogram of the fleet's served requests, COARSE_BINS per sample. */
  readonly latencyCoarse: Float64Array;
}

/**
 * Replays demand tick by tick (2 s) through the chosen scaler, placement and a FIFO fluid queue.
 * Ticks are the outer loop so that ECS capacity is shared fairly in version order.
 */
export function runEngine(input: EngineInput): EngineOutput {
  const { versions, demand, rowTicks, ticks, pool, sampleTicks, hpa } = input;
  const kpa = input.scaler === 'kpa';
  const skip = kpa && input.skipIdle !== false;
  const n = versions.length;
  // the HPA baseline reports cost, pods and waits only: its latency histograms go to one shared sink
  const sink = kpa ? undefined : new VersionHistograms();
  const states = versions.map((r) => new VersionState(r, hpa, sink));
  if (!kpa) for (const s of states) s.knative = 0;
  const series = new SampleSeries(ticks, sampleTicks, input.modelCount);
  const isGpu = versions.map((r) => (r.version.placement === 'gpu' ? 1 : 0));
  for (const s of states) s.sampleLat = series.latencyCoarse;

  for (let i = 0; i < n; i++) initialState(versions[i], states[i], demand[i], pool, input);
  const inputsOf = input.rowInputs ?? buildRowInputs(versions, demand, Math.ceil(ticks / rowTicks));

  let costAcc = 0;
  // Blocks of up to BLOCK ticks within one trace row: each version runs its block in one go (its state
  // stays in cache, and its inputs are constant within a row), then the fleet totals are added up per tick.
  // Within a block, versions claim free ECS capacity in catalog order.
  const peaks = new PodPeaks(BLOCK, input.modelOf, input.modelCount);
  const { podsAt, modelAt, slotOf } = peaks;
  const modelOf = input.modelOf;
  for (let t0 = 0; t0 < ticks;) {
    const row = Math.floor(t0 / rowTicks);
    // a block ends at a sample boundary at the latest, so it holds at most one tick that ends a sample
    const flushAt = (Math.floor(t0 / sampleTicks) + 1) * sampleTicks - 1;
    const t1 = Math.min(ticks, (row + 1) * rowTicks, t0 + BLOCK, flushAt + 1);
    const last = t1 - 1;
    const endsSample = last === flushAt || last === ticks - 1;
    peaks.startBlock();
    let blockCost = 0;
    for (let i = 0; i < n; i++) {
      const r = versions[i];
      const s = states[i];
      const inputs = inputsOf[i];
      const o = row * ROW_SLOTS;
      const rps = inputs[o + R_RPS];
      s.f[F_RPS] = rps;
      const latMs = inputs[o + R_LAT_MS];
      if (latMs !== s.f[F_LAT_MS]) {
        // latency in seconds, and the requests a pod serves per tick, follow from the row's latency
        const cc = r.containerConcurrency;
        s.f[F_LAT_MS] = latMs;
        s.f[F_LATENCY] = latMs / 1000;
        s.f[F_POD_CAPACITY] = cc > 0 ? (cc * DT) / (latMs / 1000) : Infinity;
        s.f[F_HPA_POD_CAPACITY] = capacityPerPod(r, s.f[F_LATENCY]);
        s.latBin0 = latencyBin(latMs);
        s.latCoarse0 = s.latBin0 >> COARSE_SHIFT;
      }
      s.sampleBase = Math.floor(t0 / sampleTicks) * COARSE_BINS;
      const need = (r.metricRps ? rps : rps * s.f[F_LATENCY]) / s.f[F_TARGET_VALUE];
      const gpu = isGpu[i] === 1;
      const hasReserve = r.version.reserve !== undefined;
      const m = modelOf[i];
      const slot = slotOf[m];
      // An idle version (no traffic, no pod, settled autoscaler) stays as it is: skip its ticks.
      if (skip && rps === 0 && isIdle(r, s, t0)) {
        skipIdle(r, s, t0, t1);
        if (endsSample) series.flushVersion(s, m, last);
        continue;
      }
      // Sums over the block: pod-ticks on ECS, on ECI (with draining and reserve), billed ECI pod-ticks,
      // reserve pod-ticks and ready pod-ticks. Only the pod count is needed tick by tick (peaks).
      let ecsTicks = 0;
      let eciTicks = 0;
      let eciBilled = 0;
      let reserveTicks = 0;
      let readyTicks = 0;
      let drainEcsTicks = 0;
      for (let tick = t0; tick < t1; tick++) {
        // Most ticks have no pod draining, starting or pending and no reserved instance: no call.
        if (hasReserve || s.drainingEcs + s.drainingEci + s.ecsLen + s.eciLen + s.pendingEcs > 0) {
          advancePods(r, s, tick, pool);
        }
        serveRequests(r, s, tick);
        const ready = s.readyEcs + s.readyEci;
        if (kpa) kpaStep(r, s, tick, ready, pool);
        else hpaStep(r, s, tick, ready, pool, hpa);
        const ecs = s.readyEcs + s.startEcs;
        const eci = s.readyEci + s.startEci;
        const total = ecs + eci;
        if (total > s.peakPods) s.peakPods = total;
        podsAt[tick - t0] += total;
        if (slot >= 0) modelAt[slot * BLOCK + tick - t0] += total;
        ecsTicks += ecs;
        eciTicks += eci;
        // draining pods are billed and hold their ECS capacity, but serve nothing and are not counted
        drainEcsTicks += s.drainingEcs;
        eciBilled += eci + s.drainingEci;
        reserveTicks += s.reservePods;
        readyTicks += s.readyEcs + s.readyEci;
      }
      const n = t1 - t0;
      flushServedNow(s);
      s.podTicksEcs += ecsTicks + drainEcsTicks;
      s.podTicksEci += eciBilled;
      s.podTicksReserve += reserveTicks;
      blockCost += eciBilled * s.f[F_ECI_TICK_COST] + reserveTicks * s.f[F_RESERVE_TICK_COST];
      series.ecsTicks += ecsTicks;
      if (gpu) series.gpuTicks += eciTicks;
      else series.eciTicks += eciTicks + reserveTicks;
      s.f[F_SAMPLE_RPS] += rps * n;
      s.f[F_SAMPLE_NEED] += need * n;
      s.samplePods += readyTicks;
      if (endsSample) series.flushVersion(s, m, last);
    }
    peaks.endBlock(t1 - t0);
    costAcc += blockCost;
    if (endsSample) series.flushFleet(last, costAcc);
    t0 = t1;
  }
  return {
    states,
    fleetPeakPods: peaks.fleetPeak,
    modelPeakPods: peaks.modelPeakPods(states),
    podsEcs: series.podsEcs,
    podsEci: series.podsEci,
    podsGpu: series.podsGpu,
    modelRps: series.modelRps,
    modelPods: series.modelPods,
    modelNeed: series.modelNeed,
    variableCost: series.variableCost,
    failedTimeout: series.failedTimeout,
    failedOverflow: series.failedOverflow,
    latencyCoarse: series.latencyCoarse,
  };
}

import {
  ACTIVATION_TIMEOUT_SECONDS,
  ACTIVATOR_QUEUE_DEPTH,
  DRAIN_SECONDS,
  QUEUE_PROXY_DEPTH_PER_SLOT,
  ResolvedVersion,
  TICK_SECONDS,
} from './resolve';
import {
  COARSE_BINS as COARSE_BINS_IMPORTED,
  COARSE_SHIFT as COARSE_SHIFT_IMPORTED,
  LATENCY_BINS as LATENCY_BINS_IMPORTED,
  latencyBin as latencyBinImported,
} from './latency-histogram';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const DT: number = TICK_SECONDS;
const ACTIVATION_TIMEOUT: number = ACTIVATION_TIMEOUT_SECONDS;
/** Ticks a removed Ready pod keeps draining (and billing) before it stops. */
const DRAIN_TICKS: number = Math.ceil(DRAIN_SECONDS / TICK_SECONDS);
const DRAIN_RING: number = DRAIN_TICKS + 1;
const QP_DEPTH: number = QUEUE_PROXY_DEPTH_PER_SLOT;
const ACT_DEPTH: number = ACTIVATOR_QUEUE_DEPTH;
const COARSE_BINS: number = COARSE_BINS_IMPORTED;
const COARSE_SHIFT: number = COARSE_SHIFT_IMPORTED;
const LATENCY_BINS: number = LATENCY_BINS_IMPORTED;
const latencyBin: (ms: number) => number = latencyBinImported;

/** Bins of the wait histogram: bin i holds requests that waited i ticks; the last bin is "this many or more". */
export const WAIT_BINS = 900;
/** Queued cohorts kept per version; beyond this, new arrivals join the newest cohort. */
const QUEUE_COHORTS = 512;
/** Ticks a version runs in one go before the next version takes its turn (within one trace row). */
const BLOCK = 32;
/** Observations are stored as integers of 1e-6 so running window sums stay exact. */
const Q = 1e6;

// Slots of VersionState.f: the doubles of one version side by side (object fields would each be a
// separately allocated box, scattered in memory).
const F_RPS = 0;
const F_LATENCY = 1;
const F_POD_CAPACITY = 2;
const F_OBSERVED = 3;
const F_UTILIZATION = 4;
const F_STABLE_SUM = 5;
const F_PANIC_SUM = 6;
const F_Q_TOTAL = 7;
const F_REQUESTS = 8;
const F_WAITED = 9;
const F_SAMPLE_RPS = 10;
const F_SAMPLE_NEED = 11;
const F_UTIL_SUM = 12;
const F_TARGET_VALUE = 13;
const F_ECI_TICK_COST = 14;
const F_RESERVE_TICK_COST = 15;
const F_TOTAL_VALUE = 16;
const F_PANIC_THRESHOLD = 17;
const F_MAX_SCALE_UP_RATE = 18;
const F_MAX_SCALE_DOWN_RATE = 19;
const F_BURST_CAPACITY = 20;
const F_STABLE_SEEN = 21;
const F_PANIC_SEEN = 22;
const F_PANIC_AVG = 23;
const F_FAILED_TIMEOUT = 24;
const F_FAILED_OVERFLOW = 25;
/** Service latency of the current row in milliseconds. */
const F_LAT_MS = 26;
/** Failed counts at the last sample flush, for the per-sample failure series. */
const F_FAILED_TIMEOUT_SEEN = 27;
const F_FAILED_OVERFLOW_SEEN = 28;
/** Requests served at once (no wait) in the current block, not yet in the histograms. */
const F_NOW = 29;
/** Stable-window sums strictly between these give the current stable pod count. */
const F_STABLE_LO = 30;
const F_STABLE_HI = 31;
/** The HPA's per-pod capacity in the current row (capacityPerPod). */
const F_HPA_POD_CAPACITY = 32;
const F_SLOTS = 33;
const DT_MS = TICK_SECONDS * 1000;

// Slots of a version's per-row inputs.
const R_RPS = 0;
const R_LAT_MS = 1;
const ROW_SLOTS = 2;

const PA_ACTIVE = 0;
const PA_INACTIVE = 1;
const PA_ACTIVATING = 2;

/** Demand of one version: its model's rps series (already split by the caller) and latency. */
export interface VersionDemand {
  readonly rps?: Float64Array;
  readonly latencyMs?: Float64Array;
  readonly defaultLatencyMs: number;
}

export interface EcsPool {
  cpu: number;
  memoryGiB: number;
  pods: number;
}

export interface HpaSettings {
  readonly targetCpu: number;
  readonly syncTicks: number;
  readonly stabilizationSyncs: number;
  readonly metricTicks: number;
}

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

const EMPTY = new Float64Array(0);

/** A version's cold-start wait and latency histograms. */
class VersionHistograms {
  readonly coldHist = new Float64Array(WAIT_BINS);
  readonly latW = new Float64Array(LATENCY_BINS);
  readonly latS = new Float64Array(LATENCY_BINS);
}

/** Mutable per-version state. Fields are all numbers or typed arrays so the hot loop stays monomorphic. */
export class VersionState {
  readyEcs = 0;
  readyEci = 0;
  startEcs = 0;
  startEci = 0;
  pendingEcs = 0;
  readonly ecsTick: Int32Array;
  readonly ecsCnt: Int32Array;
  ecsHead = 0;
  ecsLen = 0;
  readonly eciTick: Int32Array;
  readonly eciCnt: Int32Array;
  eciHead = 0;
  eciLen = 0;
  reservePods = 0;
  reserveReadyAt = 0;
  // KPA windows
  readonly win: Float64Array;
  panicSince = -1;
  maxPanicPods = 0;
  readonly delayRing: Int32Array;
  delayMax = 0;
  delayMaxTick = -1;
  winIdx = 0;
  // metric buckets (pkg/autoscaler/aggregation/bucketing.go): first write of each window, last write,
  // and the divisor used last
  wFirst = 0;
  wFirstP = 0;
  wLast = -1_000_000;
  stableN = -1;
  panicN = -1;
  /** 1 when the autoscaler gets a metric this tick: a Ready pod to scrape or requests at the activator. */
  rec = 1;
  dspc = 0;
  dppc = 0;
  paState = PA_INACTIVE;
  paSince = 0;
  initialized = 1;
  proxy = 1;
  proxySince = 0;
  lastWant = 0;
  /** Ready count the rate limits were computed for, and the limits. */
  ratesReady = -1;
  maxScaleUp = 0;
  maxScaleDown = 0;
  /** Panic count the panic test was computed for (with ratesReady), and its result. */
  overDppc = -1;
  over = 0;
  // HPA
  readonly utilRing: Float64Array;
  readonly recRing: Int32Array;
  // queue of waiting requests, FIFO cohorts by arrival tick
  readonly qTick: Int32Array;
  readonly qAmt: Float64Array;
  /** 1 for a cohort that queued while no pod could serve (a cold start). */
  readonly qCold: Uint8Array;
  qHead = 0;
  qLen = 0;
  readonly hist: Float64Array;
  /** Wait histogram (ticks, as `hist`) of requests that queued during a cold start. */
  readonly coldHist: Float64Array;
  /** Latency histogram (wait plus service time), see latency-histogram.ts. */
  readonly latW: Float64Array;
  readonly latS: Float64Array;
  /** Latency bin, and its coarse bin, of a request served at once in the current row. */
  latBin0 = 0;
  latCoarse0 = 0;
  /** The engine's per-sample coarse latency histograms (shared by all versions) and this sample's offset. */
  sampleLat: Float64Array = EMPTY;
  sampleBase = 0;
  // pods draining after scale-in, by the tick index (mod DRAIN_RING) at which they stop
  readonly drainEcs = new Int32Array(DRAIN_RING);
  readonly drainEci = new Int32Array(DRAIN_RING);
  drainingEcs = 0;
  drainingEci = 0;
  /** 1 under the KPA (queue-proxy drains and its breaker refuses); 0 for the plain-HPA baseline. */
  knative = 1;
  // counters
  podTicksEcs = 0;
  podTicksEci = 0;
  podTicksReserve = 0;
  peakPods = 0;
  podStarts = 0;
  coldStarts = 0;
  inCold = 0;
  scaleToZero = 0;
  panicTicks = 0;
  proxyTicks = 0;
  // inputs of the current tick (fields, not arguments: doubles passed as arguments get boxed)
  // per-sample accumulators
  samplePods = 0;

  /** Hot doubles, indexed by the F_* constants. */
  readonly f = new Float64Array(F_SLOTS);

  constructor(r: ResolvedVersion, hpa: HpaSettings, histograms = new VersionHistograms()) {
    const f = this.f;
    f[F_LATENCY] = 0.1;
    f[F_TARGET_VALUE] = r.targetValue;
    f[F_ECI_TICK_COST] = r.eciTickCost;
    f[F_RESERVE_TICK_COST] = r.reserveTickCost;
    f[F_TOTAL_VALUE] = r.totalValue;
    f[F_PANIC_THRESHOLD] = r.panicThreshold;
    f[F_MAX_SCALE_UP_RATE] = r.maxScaleUpRate;
    f[F_MAX_SCALE_DOWN_RATE] = r.maxScaleDownRate;
    f[F_BURST_CAPACITY] = r.burstCapacity;
    this.win = new Float64Array(r.stableTicks);
    this.delayRing = new Int32Array(Math.max(1, r.delayTicks));
    this.ecsTick = new Int32Array(r.startTicksEcs + 2);
    this.ecsCnt = new Int32Array(r.startTicksEcs + 2);
    this.eciTick = new Int32Array(r.startTicksEci + 2);
    this.eciCnt = new Int32Array(r.startTicksEci + 2);
    this.utilRing = new Float64Array(hpa.metricTicks);
    this.recRing = new Int32Array(Math.max(1, hpa.stabilizationSyncs));
    this.qTick = new Int32Array(QUEUE_COHORTS);
    this.qAmt = new Float64Array(QUEUE_COHORTS);
    this.qCold = new Uint8Array(QUEUE_COHORTS);
    this.hist = new Float64Array(WAIT_BINS);
    this.coldHist = histograms.coldHist;
    this.latW = histograms.latW;
    this.latS = histograms.latS;
    f[F_LAT_MS] = -1;
  }

  get requests(): number {
    return this.f[F_REQUESTS];
  }

  get failedTimeout(): number {
    return this.f[F_FAILED_TIMEOUT];
  }

  get failedOverflow(): number {
    return this.f[F_FAILED_OVERFLOW];
  }

  get waited(): number {
    return this.f[F_WAITED];
  }

  /** Requests still waiting. */
  get qTotal(): number {
    return this.f[F_Q_TOTAL];
  }

  get pods(): number {
    return this.readyEcs + this.readyEci + this.startEcs + this.startEci + this.pendingEcs;
  }
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
 * Per-version inputs by trace row, side by side in one array (one cache line holds several rows): rps
 * already split by traffic share, and latency in milliseconds. The KPA and HPA runs share them.
 */
export function buildRowInputs(
  versions: readonly ResolvedVersion[],
  demand: readonly VersionDemand[],
  rows: number,
): Float64Array[] {
  return versions.map((v, i) => {
    const d = demand[i];
    const a = new Float64Array(rows * ROW_SLOTS);
    for (let k = 0; k < rows; k++) {
      a[k * ROW_SLOTS + R_RPS] = d.rps !== undefined ? d.rps[k] * v.share : 0;
      a[k * ROW_SLOTS + R_LAT_MS] = d.latencyMs !== undefined ? d.latencyMs[k] : d.defaultLatencyMs;
    }
    return a;
  });
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
  const samples = Math.ceil(ticks / sampleTicks);
  const podsEcs = new Float64Array(samples);
  const podsEci = new Float64Array(samples);
  const podsGpu = new Float64Array(samples);
  const variableCost = new Float64Array(samples);
  const modelRps = Array.from({ length: input.modelCount }, () => new Float64Array(samples));
  const modelPods = Array.from({ length: input.modelCount }, () => new Float64Array(samples));
  const modelNeed = Array.from({ length: input.modelCount }, () => new Float64Array(samples));
  const isGpu = versions.map((r) => (r.version.placement === 'gpu' ? 1 : 0));
  const failedTimeout = new Float64Array(samples);
  const failedOverflow = new Float64Array(samples);
  const latencyCoarse = new Float64Array(samples * COARSE_BINS);
  for (const s of states) s.sampleLat = latencyCoarse;

  for (let i = 0; i < n; i++) initialState(versions[i], states[i], demand[i], pool, input);
  const inputsOf = input.rowInputs ?? buildRowInputs(versions, demand, Math.ceil(ticks / rowTicks));

  let fleetPeak = 0;
  let costAcc = 0;
  let sEcs = 0;
  let sEci = 0;
  let sGpu = 0;
  // Blocks of up to BLOCK ticks within one trace row: each version runs its block in one go (its state
  // stays in cache, and its inputs are constant within a row), then the fleet totals are added up per tick.
  // Within a block, versions claim free ECS capacity in catalog order.
  const podsAt = new Float64Array(BLOCK);
  // Per-tick pod sums only for models with several versions; a single version's peak is the model's.
  const versionsOf = new Int32Array(input.modelCount);
  for (const m of input.modelOf) versionsOf[m]++;
  const multi = Array.from(versionsOf, (c) => c > 1);
  const slotOf = new Int32Array(input.modelCount).fill(-1);
  let slots = 0;
  for (let m = 0; m < input.modelCount; m++) if (multi[m]) slotOf[m] = slots++;
  const modelAt = new Float64Array(BLOCK * Math.max(1, slots));
  const modelPeak = new Float64Array(input.modelCount);
  const modelOf = input.modelOf;
  /** Adds a version's sample averages to the series at the sample's last tick, and resets them. */
  const flushSample = (s: VersionState, m: number, tick: number): void => {
    const f = s.f;
    const si = Math.floor(tick / sampleTicks);
    const len = tick - si * sampleTicks + 1;
    modelRps[m][si] += f[F_SAMPLE_RPS] / len;
    modelPods[m][si] += s.samplePods / len;
    modelNeed[m][si] += f[F_SAMPLE_NEED] / len;
    failedTimeout[si] += f[F_FAILED_TIMEOUT] - f[F_FAILED_TIMEOUT_SEEN];
    failedOverflow[si] += f[F_FAILED_OVERFLOW] - f[F_FAILED_OVERFLOW_SEEN];
    f[F_FAILED_TIMEOUT_SEEN] = f[F_FAILED_TIMEOUT];
    f[F_FAILED_OVERFLOW_SEEN] = f[F_FAILED_OVERFLOW];
    f[F_SAMPLE_RPS] = 0;
    s.samplePods = 0;
    f[F_SAMPLE_NEED] = 0;
  };
  for (let t0 = 0; t0 < ticks;) {
    const row = Math.floor(t0 / rowTicks);
    // a block ends at a sample boundary at the latest, so it holds at most one tick that ends a sample
    const flushAt = (Math.floor(t0 / sampleTicks) + 1) * sampleTicks - 1;
    const t1 = Math.min(ticks, (row + 1) * rowTicks, t0 + BLOCK, flushAt + 1);
    podsAt.fill(0);
    let blockCost = 0;
    if (slots > 0) modelAt.fill(0);
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
      const m = modelOf[i];
      const slot = slotOf[m];
      // An idle version (no traffic, no pod, settled autoscaler) stays as it is: skip its ticks.
      if (skip && rps === 0 && isIdle(r, s, t0)) {
        skipIdle(r, s, t0, t1);
        const last = t1 - 1;
        if (last === flushAt || last === ticks - 1) flushSample(s, m, last);
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
        stepVersion(r, s, tick, pool, kpa, hpa);
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
      sEcs += ecsTicks;
      if (gpu) sGpu += eciTicks;
      else sEci += eciTicks + reserveTicks;
      s.f[F_SAMPLE_RPS] += rps * n;
      s.f[F_SAMPLE_NEED] += need * n;
      s.samplePods += readyTicks;
      if (t1 - 1 === flushAt || t1 - 1 === ticks - 1) flushSample(s, m, t1 - 1);
    }
    for (let m = 0; m < input.modelCount; m++) {
      const slot = slotOf[m];
      if (slot < 0) continue;
      for (let k = 0; k < t1 - t0; k++) {
        if (modelAt[slot * BLOCK + k] > modelPeak[m]) modelPeak[m] = modelAt[slot * BLOCK + k];
      }
    }
    for (let k = 0; k < t1 - t0; k++) if (podsAt[k] > fleetPeak) fleetPeak = podsAt[k];
    costAcc += blockCost;
    const last = t1 - 1;
    if (last === flushAt || last === ticks - 1) {
      const si = Math.floor(last / sampleTicks);
      const len = last - si * sampleTicks + 1;
      podsEcs[si] = sEcs / len;
      podsEci[si] = sEci / len;
      podsGpu[si] = sGpu / len;
      variableCost[si] = costAcc;
      sEcs = sEci = sGpu = 0;
    }
    t0 = t1;
  }
  return {
    states,
    fleetPeakPods: fleetPeak,
    modelPeakPods: Array.from(modelPeak, (p, m) =>
      multi[m]
        ? p
        : Math.max(0, ...states.filter((_, i) => input.modelOf[i] === m).map((s) => s.peakPods)),
    ),
    podsEcs,
    podsEci,
    podsGpu,
    modelRps,
    modelPods,
    modelNeed,
    variableCost,
    failedTimeout,
    failedOverflow,
    latencyCoarse,
  };
}

/**
 * Window sums strictly between stableCountLow and stableCountHigh give the pod count `count`, where
 * `unit` = buckets x Q x TargetValue; a 1e-9 margin covers the rounding of the two divisions. With a
 * count of 0 (or no bucket), the range is empty.
 */
export function stableCountLow(count: number, unit: number): number {
  return count > 0 && unit > 0 ? (count - 1) * unit * (1 + 1e-9) : 0;
}

export function stableCountHigh(count: number, unit: number): number {
  return count > 0 && unit > 0 ? count * unit * (1 - 1e-9) : 0;
}

/** Adds the requests a version served at once during the block to its wait and latency histograms. */
function flushServedNow(s: VersionState): void {
  const now = s.f[F_NOW];
  if (now === 0) return;
  s.f[F_NOW] = 0;
  s.hist[0] += now;
  s.latW[s.latBin0] += now;
  s.latS[s.latBin0] += now * s.f[F_LAT_MS];
  s.sampleLat[s.sampleBase + s.latCoarse0] += now;
}

/**
 * True when a version with no traffic would step through `tick` unchanged: no pod in any state, no
 * queue, no reserved instance, the PA inactive with the activator in the path, not in panic, and both
 * metric windows empty for a whole stable window (so both averages are 0 and stay 0).
 */
function isIdle(r: ResolvedVersion, s: VersionState, tick: number): boolean {
  return (
    s.readyEcs + s.readyEci + s.startEcs + s.startEci + s.pendingEcs === 0 &&
    s.drainingEcs + s.drainingEci === 0 &&
    s.ecsLen + s.eciLen + s.qLen === 0 &&
    s.reservePods === 0 &&
    r.version.reserve === undefined &&
    s.paState === PA_INACTIVE &&
    s.proxy === 1 &&
    s.lastWant === 0 &&
    s.panicSince === -1 &&
    s.f[F_STABLE_SUM] === 0 &&
    s.f[F_PANIC_SUM] === 0 &&
    s.stableN === 0 &&
    s.panicN === 0 &&
    tick - s.wLast >= r.stableTicks &&
    (r.delayTicks === 0 || s.delayMax === 0)
  );
}

/** The state changes of idle ticks t0..t1-1, in one go: what `stepVersion` would do on each of them. */
function skipIdle(r: ResolvedVersion, s: VersionState, t0: number, t1: number): void {
  const n = t1 - t0;
  s.winIdx = (s.winIdx + n) % r.stableTicks;
  s.proxyTicks += n;
  s.rec = 0;
  s.f[F_OBSERVED] = 0;
  s.dspc = 0;
  s.dppc = 0;
  if (r.delayTicks > 0) {
    s.delayRing.fill(0);
    s.delayMax = 0;
    s.delayMaxTick = t1 - 1;
  }
}

function initialState(
  r: ResolvedVersion,
  s: VersionState,
  d: VersionDemand,
  pool: EcsPool,
  input: EngineInput,
): void {
  if (input.start === 'cold') {
    // A fresh deploy: initial-scale pods are created and must become ready.
    s.paState = PA_ACTIVATING;
    s.paSince = 0;
    s.initialized = 0;
    s.proxy = 1;
    // initial-scale 0 (allow-zero-initial-scale): no pod is created and the PA starts inactive
    // (pkg/reconciler/revision/resources/deploy.go, pkg/reconciler/autoscaling/kpa/kpa.go)
    const initial = r.initialScale;
    if (initial === 0 && input.scaler === 'kpa') {
      s.paState = PA_INACTIVE;
      s.paSince = -1_000_000;
      s.proxySince = -1_000_000;
      s.initialized = 1;
      return;
    }
    startPods(r, s, 0, initial, pool, false);
    if (input.scaler === 'hpa') {
      const min = Math.max(1, r.minScale);
      if (s.pods < min) startPods(r, s, 0, min - s.pods, pool, false);
    }
    return;
  }
  // Warm: the pods the first row's demand needs are already ready.
  const rps = d.rps !== undefined && d.rps.length > 0 ? d.rps[0] * r.share : 0;
  const latency = (d.latencyMs !== undefined ? d.latencyMs[0] : d.defaultLatencyMs) / 1000;
  const observed = r.metricRps ? rps : rps * latency;
  let pods = Math.ceil(observed / r.targetValue - 1e-9);
  if (input.scaler === 'hpa') {
    const cap = capacityPerPod(r, latency);
    pods = Math.max(1, r.minScale, Math.ceil((rps * latency) / (cap * input.hpa.targetCpu) - 1e-9));
  } else {
    pods = Math.max(pods, r.minScale);
    if (!r.enableScaleToZero) pods = Math.max(pods, 1);
  }
  if (r.maxScale > 0) pods = Math.min(pods, r.maxScale);
  startPods(r, s, 0, pods, pool, true);
  s.initialized = 1;
  if (s.pods > 0) {
    s.paState = PA_ACTIVE;
    s.paSince = -r.stableTicks - 1;
    s.lastWant = s.pods;
    s.proxy = 0;
  } else {
    s.paState = PA_INACTIVE;
    s.paSince = -1_000_000;
    s.proxy = 1;
    s.proxySince = -1_000_000;
    if (r.version.reserve) {
      s.reservePods = r.version.reserve.replicas;
      s.reserveReadyAt = 0;
    }
  }
}

/** Requests of concurrency one pod can hold for the HPA's CPU model: the hard limit, else the soft target. */
function capacityPerPod(r: ResolvedVersion, latency: number): number {
  if (r.containerConcurrency > 0) return r.containerConcurrency;
  return r.metricRps ? r.totalValue * latency : r.totalValue;
}

function fitsOnEcs(r: ResolvedVersion, pool: EcsPool, want: number): number {
  const res = r.version.resources;
  const byCpu = Math.floor(pool.cpu / res.cpu + 1e-9);
  const byMem = Math.floor(pool.memoryGiB / res.memoryGiB + 1e-9);
  return Math.max(0, Math.min(want, byCpu, byMem, pool.pods));
}

function takeEcs(r: ResolvedVersion, pool: EcsPool, count: number): void {
  pool.cpu -= count * r.version.resources.cpu;
  pool.memoryGiB -= count * r.version.resources.memoryGiB;
  pool.pods -= count;
}

function pushRing(
  ticksArr: Int32Array,
  cnt: Int32Array,
  head: number,
  len: number,
  at: number,
  c: number,
): number {
  const cap = ticksArr.length;
  if (len > 0) {
    const last = (head + len - 1) % cap;
    if (ticksArr[last] === at) {
      cnt[last] += c;
      return len;
    }
  }
  if (len === cap) {
    // cannot happen with one entry per tick and cap > delay, but keep counts right regardless
    cnt[(head + len - 1) % cap] += c;
    return len;
  }
  const slot = (head + len) % cap;
  ticksArr[slot] = at;
  cnt[slot] = c;
  return len + 1;
}

/** Starts `count` pods at `tick` following the placement; `ready` places them as already Ready. */
function startPods(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  count: number,
  pool: EcsPool,
  ready: boolean,
): void {
  if (count <= 0) return;
  const placement = r.version.placement;
  let ecs = 0;
  if (placement === 'ecs' || placement === 'ecs-then-eci') ecs = fitsOnEcs(r, pool, count);
  let eci = 0;
  let pending = 0;
  if (placement === 'ecs') pending = count - ecs;
  else eci = count - ecs;
  if (ecs > 0) {
    takeEcs(r, pool, ecs);
    if (ready) s.readyEcs += ecs;
    else {
      s.startEcs += ecs;
      s.ecsLen = pushRing(s.ecsTick, s.ecsCnt, s.ecsHead, s.ecsLen, tick + r.startTicksEcs, ecs);
    }
  }
  if (eci > 0) {
    if (ready) s.readyEci += eci;
    else {
      s.startEci += eci;
      s.eciLen = pushRing(s.eciTick, s.eciCnt, s.eciHead, s.eciLen, tick + r.startTicksEci, eci);
    }
  }
  s.pendingEcs += pending;
  if (!ready) s.podStarts += ecs + eci;
}

/**
 * Removes pods: pending first, then the newest starting pods, then ready pods on ECI before ECS. Under the
 * KPA a removed Ready pod drains for queue-proxy's drainSleepDuration (pkg/queue/sharedmain/main.go):
 * billed, holding its ECS capacity, serving nothing.
 */
function removePods(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  count: number,
  pool: EcsPool,
): void {
  let left = count;
  const p = Math.min(left, s.pendingEcs);
  s.pendingEcs -= p;
  left -= p;
  while (left > 0 && s.eciLen > 0) {
    const last = (s.eciHead + s.eciLen - 1) % s.eciTick.length;
    const take = Math.min(left, s.eciCnt[last]);
    s.eciCnt[last] -= take;
    s.startEci -= take;
    left -= take;
    if (s.eciCnt[last] === 0) s.eciLen--;
  }
  while (left > 0 && s.ecsLen > 0) {
    const last = (s.ecsHead + s.ecsLen - 1) % s.ecsTick.length;
    const take = Math.min(left, s.ecsCnt[last]);
    s.ecsCnt[last] -= take;
    s.startEcs -= take;
    takeEcs(r, pool, -take);
    left -= take;
    if (s.ecsCnt[last] === 0) s.ecsLen--;
  }
  const e = Math.min(left, s.readyEci);
  s.readyEci -= e;
  left -= e;
  const c = Math.min(left, s.readyEcs);
  s.readyEcs -= c;
  if (s.knative === 1 && e + c > 0) {
    const at = (tick + DRAIN_TICKS) % DRAIN_RING;
    s.drainEci[at] += e;
    s.drainEcs[at] += c;
    s.drainingEci += e;
    s.drainingEcs += c;
  } else takeEcs(r, pool, -c);
}

function scaleTo(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  target: number,
  pool: EcsPool,
): void {
  const current = s.pods;
  if (target > current) startPods(r, s, tick, target - current, pool, false);
  else if (target < current) {
    if (target === 0) s.scaleToZero++;
    removePods(r, s, tick, current - target, pool);
  }
}

function stepVersion(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  pool: EcsPool,
  kpa: boolean,
  hpa: HpaSettings,
): void {
  const rps = s.f[F_RPS];
  const latency = s.f[F_LATENCY];
  // 0. Pods that have drained for drainSleepDuration stop and free their ECS capacity.
  if (s.drainingEcs + s.drainingEci > 0) {
    const at = tick % DRAIN_RING;
    const de = s.drainEcs[at];
    if (de > 0) {
      takeEcs(r, pool, -de);
      s.drainingEcs -= de;
      s.drainEcs[at] = 0;
    }
    s.drainingEci -= s.drainEci[at];
    s.drainEci[at] = 0;
  }
  // 1. Pods whose start-up delay has passed become Ready; pending ECS pods take freed capacity.
  while (s.ecsLen > 0 && s.ecsTick[s.ecsHead] <= tick) {
    const c = s.ecsCnt[s.ecsHead];
    s.readyEcs += c;
    s.startEcs -= c;
    s.ecsHead = (s.ecsHead + 1) % s.ecsTick.length;
    s.ecsLen--;
  }
  while (s.eciLen > 0 && s.eciTick[s.eciHead] <= tick) {
    const c = s.eciCnt[s.eciHead];
    s.readyEci += c;
    s.startEci -= c;
    s.eciHead = (s.eciHead + 1) % s.eciTick.length;
    s.eciLen--;
  }
  if (s.pendingEcs > 0) {
    const fit = fitsOnEcs(r, pool, s.pendingEcs);
    if (fit > 0) {
      s.pendingEcs -= fit;
      takeEcs(r, pool, fit);
      s.startEcs += fit;
      s.podStarts += fit;
      s.ecsLen = pushRing(s.ecsTick, s.ecsCnt, s.ecsHead, s.ecsLen, tick + r.startTicksEcs, fit);
    }
  }
  const ready = s.readyEcs + s.readyEci;
  // ACK reserved instances: kept while no standard pod is Ready, released once one is.
  const reserve = r.version.reserve;
  if (reserve !== undefined) {
    if (ready > 0) s.reservePods = 0;
    else if (s.reservePods === 0 && s.pods === 0) {
      s.reservePods = reserve.replicas;
      s.reserveReadyAt = tick + r.startTicksEci;
    }
  }
  const serving =
    ready > 0 ? ready : s.reservePods > 0 && s.reserveReadyAt <= tick ? s.reservePods : 0;

  // 2. Traffic: a FIFO fluid queue. A pod holds `containerConcurrency` requests (0 = unlimited) for
  // `latency` seconds each, so it serves cc * 2s / latency requests per tick.
  const arrivals = rps * DT;
  // Requests that have waited the revision's timeout fail: the activator and queue-proxy give up at
  // timeoutSeconds / responseStartTimeoutSeconds (cmd/activator/main.go, pkg/queue/sharedmain/handlers.go).
  const limit = r.waitLimitTicks;
  while (s.qLen > 0 && tick - s.qTick[s.qHead] >= limit) {
    const h = s.qHead;
    s.f[F_FAILED_TIMEOUT] += s.qAmt[h];
    s.f[F_Q_TOTAL] -= s.qAmt[h];
    s.qHead = (h + 1) % QUEUE_COHORTS;
    s.qLen--;
  }
  if (s.qLen === 0) s.f[F_Q_TOTAL] = 0;
  let cap = serving === 0 ? 0 : serving * s.f[F_POD_CAPACITY];
  let served = 0;
  while (s.qLen > 0 && cap > 0) {
    const h = s.qHead;
    const take = Math.min(cap, s.qAmt[h]);
    const age = tick - s.qTick[h];
    const ageBin = age < WAIT_BINS ? age : WAIT_BINS - 1;
    s.hist[ageBin] += take;
    if (s.qCold[h] === 1) s.coldHist[ageBin] += take;
    const ms = age * DT_MS + s.f[F_LAT_MS];
    const b = latencyBin(ms);
    s.latW[b] += take;
    s.latS[b] += take * ms;
    s.sampleLat[s.sampleBase + (b >> COARSE_SHIFT)] += take;
    s.f[F_WAITED] += take;
    served += take;
    cap -= take;
    s.f[F_Q_TOTAL] -= take;
    s.qAmt[h] -= take;
    if (s.qAmt[h] <= 1e-9) {
      s.qHead = (h + 1) % QUEUE_COHORTS;
      s.qLen--;
    }
  }
  if (s.qLen === 0) s.f[F_Q_TOTAL] = 0;
  if (arrivals > 0) {
    const now = Math.min(cap, arrivals);
    // served at once: added to the histograms at the end of the block (flushServedNow)
    s.f[F_NOW] += now;
    served += now;
    const left = arrivals - now;
    if (left > 1e-9) {
      if (s.qLen === QUEUE_COHORTS) {
        s.qAmt[(s.qHead + s.qLen - 1) % QUEUE_COHORTS] += left;
      } else {
        const slot = (s.qHead + s.qLen) % QUEUE_COHORTS;
        s.qTick[slot] = tick;
        s.qAmt[slot] = left;
        s.qCold[slot] = serving === 0 ? 1 : 0;
        s.qLen++;
      }
      s.f[F_Q_TOTAL] += left;
    }
    s.f[F_REQUESTS] += arrivals;
  }
  // A full breaker answers 503: queue-proxy queues 10 x containerConcurrency per Ready pod
  // (pkg/queue/sharedmain/main.go, pkg/queue/breaker.go); while the activator is in the path, its
  // per-revision breaker queues up to 10000 (pkg/activator/net/throttler.go). The newest arrivals go.
  if (s.knative === 1 && s.f[F_Q_TOTAL] > 0) {
    const cc = r.containerConcurrency;
    const depth =
      s.proxy === 1 || ready === 0 ? ACT_DEPTH : cc > 0 ? ready * cc * QP_DEPTH : Infinity;
    let excess = s.f[F_Q_TOTAL] - depth;
    if (excess > 1e-9) {
      s.f[F_FAILED_OVERFLOW] += excess;
      s.f[F_Q_TOTAL] -= excess;
      while (excess > 1e-9 && s.qLen > 0) {
        const last = (s.qHead + s.qLen - 1) % QUEUE_COHORTS;
        const take = Math.min(excess, s.qAmt[last]);
        s.qAmt[last] -= take;
        excess -= take;
        if (s.qAmt[last] <= 1e-9) s.qLen--;
      }
      if (s.qLen === 0) s.f[F_Q_TOTAL] = 0;
    }
  }
  if (s.f[F_Q_TOTAL] > 0 && serving === 0) {
    if (s.inCold === 0) {
      s.coldStarts++;
      s.inCold = 1;
    }
  } else if (serving > 0) s.inCold = 0;
  // Concurrency by Little's law, plus requests waiting in the activator or queue-proxy.
  const inService = (served * latency) / DT;

  if (kpa) {
    s.f[F_OBSERVED] = r.metricRps ? rps : inService + s.f[F_Q_TOTAL];
    // No Ready pod to scrape and no request at the activator: nothing is reported
    // (pkg/autoscaler/metrics/stats_scraper.go, pkg/activator/handler/concurrency_reporter.go).
    s.rec = ready > 0 || arrivals > 0 || s.f[F_Q_TOTAL] > 0 ? 1 : 0;
    kpaStep(r, s, tick, ready, pool);
  } else {
    s.f[F_UTILIZATION] =
      ready > 0 ? Math.min(1, inService / (ready * s.f[F_HPA_POD_CAPACITY])) : arrivals > 0 ? 1 : 0;
    hpaStep(r, s, tick, ready, pool, hpa);
  }
}

/** One autoscaler tick: decider (knative/serving pkg/autoscaler/scaling/autoscaler.go `Scale`), then the
 * KPA reconciler (pkg/reconciler/autoscaling/kpa/kpa.go, scaler.go). */
export function kpaStep(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  ready: number,
  pool: EcsPool,
): void {
  const observed = s.f[F_OBSERVED];
  // Stable and panic windows over one ring of per-tick observations (panic = the newest entries).
  const S = r.stableTicks;
  const P = r.panicTicks;
  // the ring index is tick % S, kept incrementally (each version is stepped once per tick, in order)
  const idx = s.winIdx;
  s.winIdx = idx + 1 === S ? 0 : idx + 1;
  // A tick without a report writes nothing: its bucket is cleared (bucketing.go Record clears the
  // buckets since the last write), and WindowAverage leaves it out of the divisor until data comes back.
  const q = s.rec === 1 ? Math.round(observed * Q) : 0;
  const old = s.win[idx];
  const pOld = P === S ? old : s.win[idx >= P ? idx - P : idx - P + S];
  const f = s.f;
  f[F_STABLE_SUM] += q - old;
  f[F_PANIC_SUM] += q - pOld;
  s.win[idx] = q;
  if (s.rec === 1) {
    // pkg/autoscaler/aggregation/bucketing.go Record: a write after a full window without data resets it
    const gap = tick - s.wLast;
    if (gap >= S) s.wFirst = tick;
    if (gap >= P) s.wFirstP = tick;
    s.wLast = tick;
  }
  // WindowAverage divides by the valid buckets only: from the first write to the last, less the buckets
  // since the last write; a window with no write for its whole length averages 0.
  const d = tick - s.wLast;
  const span = s.wLast - s.wFirst + 1;
  const stableN = d >= S ? 0 : Math.min(span, S - d);
  const spanP = s.wLast - s.wFirstP + 1;
  const panicN = d >= P ? 0 : Math.min(spanP, P - d);
  // Averages and pod counts are recomputed only when a window's sum or divisor changed: within a trace
  // row the panic window, and for steady or idle traffic both windows, stay the same.
  // The stable count is also left alone while the sum stays strictly inside the range that gives the same
  // count, with a margin (1e-9) far above the rounding error of the two divisions.
  const sum = f[F_STABLE_SUM];
  if (
    stableN !== s.stableN ||
    (sum !== f[F_STABLE_SEEN] && !(sum > f[F_STABLE_LO] && sum < f[F_STABLE_HI]))
  ) {
    s.stableN = stableN;
    const stableAvg = stableN === 0 ? 0 : sum / (stableN * Q);
    // `| 0` keeps the field a small integer (a pod count), which V8 stores unboxed
    const dspc = Math.ceil(stableAvg / f[F_TARGET_VALUE]) | 0;
    s.dspc = dspc;
    const unit = stableN * Q * f[F_TARGET_VALUE];
    f[F_STABLE_LO] = stableCountLow(dspc, unit);
    f[F_STABLE_HI] = stableCountHigh(dspc, unit);
  }
  f[F_STABLE_SEEN] = sum;
  if (panicN !== s.panicN || f[F_PANIC_SUM] !== f[F_PANIC_SEEN]) {
    f[F_PANIC_SEEN] = f[F_PANIC_SUM];
    s.panicN = panicN;
    f[F_PANIC_AVG] = panicN === 0 ? 0 : f[F_PANIC_SUM] / (panicN * Q);
    s.dppc = Math.ceil(f[F_PANIC_AVG] / f[F_TARGET_VALUE]) | 0;
  }
  const panicAvg = f[F_PANIC_AVG];
  const dspc = s.dspc;
  const dppc = s.dppc;

  const readyPods = Math.max(1, ready);
  // the rate limits and the panic test change only with the ready count (and the panic count): they are
  // kept from the last tick otherwise, which saves two divisions per tick
  if (ready !== s.ratesReady) {
    s.ratesReady = ready;
    s.maxScaleUp = Math.ceil(s.f[F_MAX_SCALE_UP_RATE] * readyPods);
    // autoscaler.go: the scale-down rate limits only reachable revisions
    s.maxScaleDown = r.reachable ? Math.floor(readyPods / s.f[F_MAX_SCALE_DOWN_RATE]) | 0 : 0;
    s.overDppc = -1;
  }
  const maxScaleUp = s.maxScaleUp;
  const maxScaleDown = s.maxScaleDown;
  let desiredStable = Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
  let desiredPanic = Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
  if (r.activationScale > 1) {
    if (dspc > 0 && desiredStable < r.activationScale) desiredStable = r.activationScale;
    if (dppc > 0 && desiredPanic < r.activationScale) desiredPanic = r.activationScale;
  }
  // autoscaler.go: isOverPanicThreshold := dppc/readyPodsCount >= spec.PanicThreshold, in float64
  if (dppc !== s.overDppc) {
    s.overDppc = dppc;
    s.over = dppc / readyPods >= s.f[F_PANIC_THRESHOLD] ? 1 : 0;
  }
  const over = s.over === 1;
  if (over) s.panicSince = tick;
  else if (s.panicSince >= 0 && (tick - s.panicSince) * DT > r.stableSeconds) {
    s.panicSince = -1;
    s.maxPanicPods = 0;
  }
  let desired = desiredStable;
  if (s.panicSince >= 0) {
    s.panicTicks++;
    if (desired < desiredPanic) desired = desiredPanic;
    if (desired > s.maxPanicPods) s.maxPanicPods = desired;
    else desired = s.maxPanicPods;
  }
  // scale-down-delay: the max of desired over the delay window (knative/pkg ... max.TimeWindow)
  const D = r.delayTicks;
  if (D > 0) {
    s.delayRing[tick % D] = desired;
    if (desired >= s.delayMax) {
      s.delayMax = desired;
      s.delayMaxTick = tick;
    } else if (tick - s.delayMaxTick >= D) {
      let m = 0;
      let mt = tick;
      for (let k = 0; k < D && k <= tick; k++) {
        const v = s.delayRing[(tick - k) % D];
        if (v > m) {
          m = v;
          mt = tick - k;
        }
      }
      s.delayMax = m;
      s.delayMaxTick = mt;
    }
    desired = s.delayMax;
  }
  // Excess burst capacity decides whether the activator stays in the data path.
  const tbc = s.f[F_BURST_CAPACITY];
  const ebc =
    tbc === 0 ? 0 : tbc > 0 ? Math.floor(ready * s.f[F_TOTAL_VALUE] - tbc - panicAvg) : -1;

  // Scaler: bounds, then scale-to-zero handling (pkg/reconciler/autoscaling/kpa/scaler.go).
  let min = r.minScale;
  // scaler.go: initial scale is a floor until first reached, and not for an unreachable revision
  if (s.initialized === 0 && r.initialScale > 1 && r.reachable) min = Math.max(min, r.initialScale);
  let want = desired < min ? min : r.maxScale !== 0 && desired > r.maxScale ? r.maxScale : desired;
  let apply = true;
  if (want === 0) {
    if (!r.enableScaleToZero) want = 1;
    else if (s.paState === PA_ACTIVATING) {
      if ((tick - s.paSince) * DT < ACTIVATION_TIMEOUT) {
        want = -1;
        apply = false;
      }
    } else if (s.paState === PA_ACTIVE) {
      if ((tick - s.paSince) * DT >= r.stableSeconds)
        apply = false; // marks inactive
      else want = 1;
    } else {
      apply = false;
      if (s.proxy === 1) {
        const inactiveFor = (tick - s.paSince) * DT;
        const proxyFor = (tick - s.proxySince) * DT;
        if (inactiveFor >= Math.max(r.graceSeconds, r.retentionSeconds)) apply = true;
        else if (proxyFor >= r.graceSeconds && inactiveFor >= r.retentionSeconds) apply = true;
      }
    }
  }
  if (apply) scaleTo(r, s, tick, want, pool);

  // PA Active condition (kpa.go computeActiveCondition).
  const minReady =
    s.initialized === 1 ? Math.max(r.minScale, 1) : Math.max(r.minScale, r.initialScale, 1);
  if (ready >= minReady) s.initialized = 1;
  let pa = s.paState;
  if (want === 0) pa = PA_INACTIVE;
  else if (ready < minReady) {
    if (want > 0 || s.paState !== PA_INACTIVE) pa = PA_ACTIVATING;
  } else if (want > 0 || s.paState !== PA_INACTIVE) pa = PA_ACTIVE;
  if (pa !== s.paState) {
    s.paState = pa;
    s.paSince = tick;
  }
  // SKS mode: proxy when scaled to zero, when burst capacity is short, or with no ready pod to serve.
  const proxy =
    want === 0 || ebc < 0 || ready === 0 || (want === -1 && s.paState === PA_INACTIVE) ? 1 : 0;
  if (proxy !== s.proxy) {
    s.proxy = proxy;
    s.proxySince = tick;
  }
  if (proxy === 1) s.proxyTicks++;
  s.lastWant = want;
}

/** Kubernetes HPA on CPU (pkg/controller/podautoscaler/horizontal.go, default behavior). */
function hpaStep(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  ready: number,
  pool: EcsPool,
  hpa: HpaSettings,
): void {
  const utilization = s.f[F_UTILIZATION];
  const M = hpa.metricTicks;
  const idx = tick % M;
  s.f[F_UTIL_SUM] += utilization - s.utilRing[idx];
  s.utilRing[idx] = utilization;
  if (tick % hpa.syncTicks !== 0) return;
  const avg = Math.max(0, s.f[F_UTIL_SUM] / Math.min(tick + 1, M));
  const current = s.pods;
  const minR = Math.max(1, r.minScale);
  const maxR = r.maxScale > 0 ? r.maxScale : 1_000_000;
  let desired = current;
  if (ready > 0) {
    const ratio = avg / hpa.targetCpu;
    if (Math.abs(ratio - 1) > 0.1) desired = Math.ceil(ready * ratio - 1e-9);
  }
  // default scale-up policies: +100 % or +4 pods per period, whichever is more
  desired = Math.min(desired, Math.max(2 * current, current + 4));
  desired = Math.min(Math.max(desired, minR), maxR);
  const n = hpa.stabilizationSyncs;
  const slot = Math.floor(tick / hpa.syncTicks) % Math.max(1, n);
  s.recRing[slot] = desired;
  if (desired < current) {
    let m = desired;
    const seen = Math.min(Math.floor(tick / hpa.syncTicks) + 1, n);
    for (let k = 0; k < seen; k++) if (s.recRing[k] > m) m = s.recRing[k];
    desired = Math.min(current, m);
  }
  scaleTo(r, s, tick, desired, pool);
}

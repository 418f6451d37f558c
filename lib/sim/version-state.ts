import { DRAIN_SECONDS, ResolvedVersion, TICK_SECONDS } from './resolve';
import { LATENCY_BINS } from './latency-histogram';

/** Ticks a removed Ready pod keeps draining (and billing) before it stops. */
export const DRAIN_TICKS: number = Math.ceil(DRAIN_SECONDS / TICK_SECONDS);
export const DRAIN_RING: number = DRAIN_TICKS + 1;
/** Bins of the wait histogram: bin i holds requests that waited i ticks; the last bin is "this many or more". */
export const WAIT_BINS = 900;
/** Queued cohorts kept per version; beyond this, new arrivals join the newest cohort. */
export const QUEUE_COHORTS = 512;

// Slots of VersionState.f: the doubles of one version side by side (object fields would each be a
// separately allocated box, scattered in memory).
export const F_RPS = 0;
export const F_LATENCY = 1;
export const F_POD_CAPACITY = 2;
export const F_OBSERVED = 3;
export const F_UTILIZATION = 4;
export const F_STABLE_SUM = 5;
export const F_PANIC_SUM = 6;
export const F_Q_TOTAL = 7;
export const F_REQUESTS = 8;
export const F_WAITED = 9;
export const F_SAMPLE_RPS = 10;
export const F_SAMPLE_NEED = 11;
export const F_UTIL_SUM = 12;
export const F_TARGET_VALUE = 13;
export const F_ECI_TICK_COST = 14;
export const F_RESERVE_TICK_COST = 15;
export const F_TOTAL_VALUE = 16;
export const F_PANIC_THRESHOLD = 17;
export const F_MAX_SCALE_UP_RATE = 18;
export const F_MAX_SCALE_DOWN_RATE = 19;
export const F_BURST_CAPACITY = 20;
export const F_STABLE_SEEN = 21;
export const F_PANIC_SEEN = 22;
export const F_PANIC_AVG = 23;
export const F_FAILED_TIMEOUT = 24;
export const F_FAILED_OVERFLOW = 25;
/** Service latency of the current row in milliseconds. */
export const F_LAT_MS = 26;
/** Failed counts at the last sample flush, for the per-sample failure series. */
export const F_FAILED_TIMEOUT_SEEN = 27;
export const F_FAILED_OVERFLOW_SEEN = 28;
/** Requests served at once (no wait) in the current block, not yet in the histograms. */
export const F_NOW = 29;
/** Stable-window sums strictly between these give the current stable pod count. */
export const F_STABLE_LO = 30;
export const F_STABLE_HI = 31;
/** The HPA's per-pod capacity in the current row (capacityPerPod). */
export const F_HPA_POD_CAPACITY = 32;
const F_SLOTS = 33;

export const PA_ACTIVE = 0;
export const PA_INACTIVE = 1;
export const PA_ACTIVATING = 2;

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

const EMPTY = new Float64Array(0);

/** A version's cold-start wait and latency histograms. */
export class VersionHistograms {
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
  // the current row's inputs live in `f` (fields, not arguments: doubles passed as arguments get boxed)
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

import { ACTIVATION_TIMEOUT_SECONDS, ResolvedVersion, TICK_SECONDS } from './resolve';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const DT: number = TICK_SECONDS;
const ACTIVATION_TIMEOUT: number = ACTIVATION_TIMEOUT_SECONDS;

/** Bins of the wait histogram: bin i holds requests that waited i ticks; the last bin is "this many or more". */
export const WAIT_BINS = 900;
/** Queued cohorts kept per version; beyond this, new arrivals join the newest cohort. */
const QUEUE_COHORTS = 512;
/** Observations are stored as integers of 1e-6 so running window sums stay exact. */
const Q = 1e6;

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
  /** Index of each version's model in the series output. */
  readonly modelOf: readonly number[];
  readonly modelCount: number;
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
  stableSum = 0;
  panicSum = 0;
  panicSince = -1;
  maxPanicPods = 0;
  readonly delayRing: Int32Array;
  delayMax = 0;
  delayMaxTick = -1;
  paState = PA_INACTIVE;
  paSince = 0;
  initialized = 1;
  proxy = 1;
  proxySince = 0;
  lastWant = 0;
  // HPA
  readonly utilRing: Float64Array;
  utilSum = 0;
  readonly recRing: Int32Array;
  // queue of waiting requests, FIFO cohorts by arrival tick
  readonly qTick: Int32Array;
  readonly qAmt: Float64Array;
  qHead = 0;
  qLen = 0;
  qTotal = 0;
  readonly hist: Float64Array;
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
  requests = 0;
  waited = 0;
  // inputs of the current tick (fields, not arguments: doubles passed as arguments get boxed)
  rps = 0;
  latency = 0.1;
  observed = 0;
  utilization = 0;
  // per-sample accumulators
  sampleRps = 0;
  samplePods = 0;
  sampleNeed = 0;

  constructor(r: ResolvedVersion, hpa: HpaSettings) {
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
    this.hist = new Float64Array(WAIT_BINS);
  }

  get pods(): number {
    return this.readyEcs + this.readyEci + this.startEcs + this.startEci + this.pendingEcs;
  }
}

export interface EngineOutput {
  readonly states: readonly VersionState[];
  readonly fleetPeakPods: number;
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
}

/**
 * Replays demand tick by tick (2 s) through the chosen scaler, placement and a FIFO fluid queue.
 * Ticks are the outer loop so that ECS capacity is shared fairly in version order.
 */
export function runEngine(input: EngineInput): EngineOutput {
  const { versions, demand, rowTicks, ticks, pool, sampleTicks, hpa } = input;
  const kpa = input.scaler === 'kpa';
  const n = versions.length;
  const states = versions.map((r) => new VersionState(r, hpa));
  const samples = Math.ceil(ticks / sampleTicks);
  const podsEcs = new Float64Array(samples);
  const podsEci = new Float64Array(samples);
  const podsGpu = new Float64Array(samples);
  const variableCost = new Float64Array(samples);
  const modelRps = Array.from({ length: input.modelCount }, () => new Float64Array(samples));
  const modelPods = Array.from({ length: input.modelCount }, () => new Float64Array(samples));
  const modelNeed = Array.from({ length: input.modelCount }, () => new Float64Array(samples));
  const isGpu = versions.map((r) => (r.version.placement === 'gpu' ? 1 : 0));

  for (let i = 0; i < n; i++) initialState(versions[i], states[i], demand[i], pool, input);
  // Per-version inputs by trace row: rps already split by traffic share, latency in seconds.
  const rows = Math.ceil(ticks / rowTicks);
  const rpsOf: Float64Array[] = [];
  const latOf: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const d = demand[i];
    const a = new Float64Array(rows);
    const l = new Float64Array(rows);
    for (let k = 0; k < rows; k++) {
      a[k] = d.rps !== undefined ? d.rps[k] * versions[i].share : 0;
      l[k] = (d.latencyMs !== undefined ? d.latencyMs[k] : d.defaultLatencyMs) / 1000;
    }
    rpsOf.push(a);
    latOf.push(l);
  }

  let fleetPeak = 0;
  let costAcc = 0;
  let sEcs = 0;
  let sEci = 0;
  let sGpu = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const row = Math.floor(tick / rowTicks);
    let fleetPods = 0;
    for (let i = 0; i < n; i++) {
      const r = versions[i];
      const s = states[i];
      const rps = rpsOf[i][row];
      s.rps = rps;
      s.latency = latOf[i][row];
      stepVersion(r, s, tick, pool, kpa, hpa);
      const ecs = s.readyEcs + s.startEcs;
      const eci = s.readyEci + s.startEci;
      const total = ecs + eci;
      if (total > s.peakPods) s.peakPods = total;
      fleetPods += total;
      s.podTicksEcs += ecs;
      s.podTicksEci += eci;
      s.podTicksReserve += s.reservePods;
      costAcc += eci * r.eciTickCost + s.reservePods * r.reserveTickCost;
      sEcs += ecs;
      if (isGpu[i]) sGpu += eci;
      else sEci += eci + s.reservePods;
      s.sampleRps += rps;
      s.sampleNeed += (r.metricRps ? rps : rps * s.latency) / r.targetValue;
      s.samplePods += s.readyEcs + s.readyEci;
    }
    if (fleetPods > fleetPeak) fleetPeak = fleetPods;
    if ((tick + 1) % sampleTicks === 0 || tick === ticks - 1) {
      const si = Math.floor(tick / sampleTicks);
      const len = tick - si * sampleTicks + 1;
      podsEcs[si] = sEcs / len;
      podsEci[si] = sEci / len;
      podsGpu[si] = sGpu / len;
      variableCost[si] = costAcc;
      sEcs = sEci = sGpu = 0;
      for (let i = 0; i < n; i++) {
        const s = states[i];
        const m = input.modelOf[i];
        modelRps[m][si] += s.sampleRps / len;
        modelPods[m][si] += s.samplePods / len;
        modelNeed[m][si] += s.sampleNeed / len;
        s.sampleRps = 0;
        s.samplePods = 0;
        s.sampleNeed = 0;
      }
    }
  }
  return {
    states,
    fleetPeakPods: fleetPeak,
    podsEcs,
    podsEci,
    podsGpu,
    modelRps,
    modelPods,
    modelNeed,
    variableCost,
  };
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
    startPods(r, s, 0, r.initialScale, pool, false);
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

/** Removes pods: pending first, then the newest starting pods, then ready pods on ECI before ECS. */
function removePods(r: ResolvedVersion, s: VersionState, count: number, pool: EcsPool): void {
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
  takeEcs(r, pool, -c);
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
    removePods(r, s, current - target, pool);
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
  const rps = s.rps;
  const latency = s.latency;
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
  let cap =
    serving === 0
      ? 0
      : r.containerConcurrency > 0
        ? (serving * r.containerConcurrency * DT) / latency
        : Infinity;
  let served = 0;
  while (s.qLen > 0 && cap > 0) {
    const h = s.qHead;
    const take = Math.min(cap, s.qAmt[h]);
    const age = tick - s.qTick[h];
    s.hist[age < WAIT_BINS ? age : WAIT_BINS - 1] += take;
    s.waited += take;
    served += take;
    cap -= take;
    s.qTotal -= take;
    s.qAmt[h] -= take;
    if (s.qAmt[h] <= 1e-9) {
      s.qHead = (h + 1) % QUEUE_COHORTS;
      s.qLen--;
    }
  }
  if (s.qLen === 0) s.qTotal = 0;
  if (arrivals > 0) {
    const now = Math.min(cap, arrivals);
    s.hist[0] += now;
    served += now;
    const left = arrivals - now;
    if (left > 1e-9) {
      if (s.qLen === QUEUE_COHORTS) {
        s.qAmt[(s.qHead + s.qLen - 1) % QUEUE_COHORTS] += left;
      } else {
        const slot = (s.qHead + s.qLen) % QUEUE_COHORTS;
        s.qTick[slot] = tick;
        s.qAmt[slot] = left;
        s.qLen++;
      }
      s.qTotal += left;
    }
    s.requests += arrivals;
  }
  if (s.qTotal > 0 && serving === 0) {
    if (s.inCold === 0) {
      s.coldStarts++;
      s.inCold = 1;
    }
  } else if (serving > 0) s.inCold = 0;
  // Concurrency by Little's law, plus requests waiting in the activator or queue-proxy.
  const inService = (served * latency) / DT;

  if (kpa) {
    s.observed = r.metricRps ? rps : inService + s.qTotal;
    kpaStep(r, s, tick, ready, pool);
  } else {
    s.utilization =
      ready > 0
        ? Math.min(1, inService / (ready * capacityPerPod(r, latency)))
        : arrivals > 0
          ? 1
          : 0;
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
  const observed = s.observed;
  // Stable and panic windows over one ring of per-tick observations (panic = the newest entries).
  const S = r.stableTicks;
  const P = r.panicTicks;
  const idx = tick % S;
  const q = Math.round(observed * Q);
  const old = s.win[idx];
  const pOld = P === S ? old : s.win[(tick - P + S) % S];
  s.stableSum += q - old;
  s.panicSum += q - pOld;
  s.win[idx] = q;
  // Knative averages over the buckets seen so far until the window is full (pkg/autoscaler/aggregation).
  const stableAvg = s.stableSum / Math.min(tick + 1, S) / Q;
  const panicAvg = s.panicSum / Math.min(tick + 1, P) / Q;

  const readyPods = Math.max(1, ready);
  const maxScaleUp = Math.ceil(r.maxScaleUpRate * readyPods);
  const maxScaleDown = Math.floor(readyPods / r.maxScaleDownRate);
  const dspc = Math.ceil(stableAvg / r.targetValue);
  const dppc = Math.ceil(panicAvg / r.targetValue);
  let desiredStable = Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
  let desiredPanic = Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
  if (r.activationScale > 1) {
    if (dspc > 0 && desiredStable < r.activationScale) desiredStable = r.activationScale;
    if (dppc > 0 && desiredPanic < r.activationScale) desiredPanic = r.activationScale;
  }
  const over = dppc / readyPods >= r.panicThreshold;
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
  const tbc = r.burstCapacity;
  const ebc = tbc === 0 ? 0 : tbc > 0 ? Math.floor(ready * r.totalValue - tbc - panicAvg) : -1;

  // Scaler: bounds, then scale-to-zero handling (pkg/reconciler/autoscaling/kpa/scaler.go).
  let min = r.minScale;
  if (s.initialized === 0 && r.initialScale > 1) min = Math.max(min, r.initialScale);
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
  const utilization = s.utilization;
  const M = hpa.metricTicks;
  const idx = tick % M;
  s.utilSum += utilization - s.utilRing[idx];
  s.utilRing[idx] = utilization;
  if (tick % hpa.syncTicks !== 0) return;
  const avg = Math.max(0, s.utilSum / Math.min(tick + 1, M));
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

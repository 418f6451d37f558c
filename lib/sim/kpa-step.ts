import { ACTIVATION_TIMEOUT_SECONDS, ResolvedVersion, TICK_SECONDS } from './resolve';
import * as placement from './pod-placement';
import * as state from './version-state';
import type { EcsPool, VersionState } from './version-state';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const DT: number = TICK_SECONDS;
const ACTIVATION_TIMEOUT: number = ACTIVATION_TIMEOUT_SECONDS;
const { scaleTo } = placement;
const {
  F_BURST_CAPACITY,
  F_MAX_SCALE_DOWN_RATE,
  F_MAX_SCALE_UP_RATE,
  F_OBSERVED,
  F_PANIC_AVG,
  F_PANIC_SEEN,
  F_PANIC_SUM,
  F_PANIC_THRESHOLD,
  F_STABLE_HI,
  F_STABLE_LO,
  F_STABLE_SEEN,
  F_STABLE_SUM,
  F_TARGET_VALUE,
  F_TOTAL_VALUE,
  PA_ACTIVATING,
  PA_ACTIVE,
  PA_INACTIVE,
} = state;
/** Observations are stored as integers of 1e-6 so running window sums stay exact. */
const Q = 1e6;

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

/**
 * One autoscaler tick: the decider (knative/serving pkg/autoscaler/scaling/autoscaler.go `Scale`) turns
 * f[F_OBSERVED] into a desired pod count, then the KPA reconciler (pkg/reconciler/autoscaling/kpa/kpa.go,
 * scaler.go) bounds and applies it. One function: it runs every tick, and a call per part would cost more.
 */
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

  const panicAvg = s.f[F_PANIC_AVG];
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

import { ResolvedVersion } from './resolve';
import * as state from './version-state';
import type { EcsPool, VersionState } from './version-state';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const { DRAIN_RING, DRAIN_TICKS } = state;

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

/** Queues `count` pods (their ECS capacity already taken) to become Ready after the ECS start-up delay. */
function startOnEcs(r: ResolvedVersion, s: VersionState, tick: number, count: number): void {
  s.startEcs += count;
  s.ecsLen = pushRing(s.ecsTick, s.ecsCnt, s.ecsHead, s.ecsLen, tick + r.startTicksEcs, count);
}

/** Starts `count` pods at `tick` following the placement; `ready` places them as already Ready. */
export function startPods(
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
    else startOnEcs(r, s, tick, ecs);
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

export function scaleTo(
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

/**
 * The pod changes at the start of a tick: drained pods stop and free their ECS capacity, pods whose
 * start-up delay has passed become Ready, pending ECS pods take freed capacity, and reserved instances
 * come or go.
 */
export function advancePods(
  r: ResolvedVersion,
  s: VersionState,
  tick: number,
  pool: EcsPool,
): void {
  // Pods that have drained for drainSleepDuration stop and free their ECS capacity.
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
  // Pods whose start-up delay has passed become Ready; pending ECS pods take freed capacity.
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
      startOnEcs(r, s, tick, fit);
      s.podStarts += fit;
    }
  }
  // ACK reserved instances: kept while no standard pod is Ready, released once one is.
  const reserve = r.version.reserve;
  if (reserve !== undefined) {
    if (s.readyEcs + s.readyEci > 0) s.reservePods = 0;
    else if (s.reservePods === 0 && s.pods === 0) {
      s.reservePods = reserve.replicas;
      s.reserveReadyAt = tick + r.startTicksEci;
    }
  }
}

import { ResolvedVersion } from './resolve';
import * as state from './version-state';
import type { VersionState } from './version-state';

const { F_OBSERVED, F_PANIC_SUM, F_STABLE_SUM, PA_INACTIVE } = state;

/**
 * True when a version with no traffic would step through `tick` unchanged: no pod in any state, no
 * queue, no reserved instance, the PA inactive with the activator in the path, not in panic, and both
 * metric windows empty for a whole stable window (so both averages are 0 and stay 0).
 */
export function isIdle(r: ResolvedVersion, s: VersionState, tick: number): boolean {
  return (
    s.pods === 0 &&
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

/** The state changes of idle ticks t0..t1-1, in one go: what stepping each tick would do. */
export function skipIdle(r: ResolvedVersion, s: VersionState, t0: number, t1: number): void {
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

import { ResolvedVersion } from './resolve';
import * as placement from './pod-placement';
import * as state from './version-state';
import type { EcsPool, HpaSettings, VersionState } from './version-state';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const { scaleTo } = placement;
const { F_UTILIZATION, F_UTIL_SUM } = state;

/** Requests of concurrency one pod can hold for the HPA's CPU model: the hard limit, else the soft target. */
export function capacityPerPod(r: ResolvedVersion, latency: number): number {
  if (r.containerConcurrency > 0) return r.containerConcurrency;
  return r.metricRps ? r.totalValue * latency : r.totalValue;
}

/** The HPA's minReplicas: minScale, and at least 1 (the HPA does not scale to zero). */
export function hpaMinReplicas(r: ResolvedVersion): number {
  return Math.max(1, r.minScale);
}

/** Kubernetes HPA on CPU (pkg/controller/podautoscaler/horizontal.go, default behavior). */
export function hpaStep(
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
  const minR = hpaMinReplicas(r);
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

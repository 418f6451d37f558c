import type { EngineInput } from './engine';
import { capacityPerPod, hpaMinReplicas } from './hpa-step';
import { startPods } from './pod-placement';
import { ResolvedVersion } from './resolve';
import { VersionDemand, rowLatencyMs, rowRps } from './row-inputs';
import { EcsPool, PA_ACTIVATING, PA_ACTIVE, PA_INACTIVE, VersionState } from './version-state';

/** Where a version starts: `cold`, initial-scale pods just created; `warm`, the first row's pods Ready. */
export function initialState(
  r: ResolvedVersion,
  s: VersionState,
  d: VersionDemand,
  pool: EcsPool,
  input: Pick<EngineInput, 'start' | 'scaler' | 'hpa'>,
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
      settleInactive(s);
      return;
    }
    startPods(r, s, 0, initial, pool, false);
    if (input.scaler === 'hpa') {
      const min = hpaMinReplicas(r);
      if (s.pods < min) startPods(r, s, 0, min - s.pods, pool, false);
    }
    return;
  }
  // Warm: the pods the first row's demand needs are already ready.
  const rps = rowRps(d, r.share, 0);
  const latency = rowLatencyMs(d, 0) / 1000;
  const observed = r.metricRps ? rps : rps * latency;
  let pods = Math.ceil(observed / r.targetValue - 1e-9);
  if (input.scaler === 'hpa') {
    const cap = capacityPerPod(r, latency);
    pods = Math.max(
      hpaMinReplicas(r),
      Math.ceil((rps * latency) / (cap * input.hpa.targetCpu) - 1e-9),
    );
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
    settleInactive(s);
    if (r.version.reserve) {
      s.reservePods = r.version.reserve.replicas;
      s.reserveReadyAt = 0;
    }
  }
}

/** No pod: the PA inactive and the activator in the path since long before the start. */
function settleInactive(s: VersionState): void {
  s.paState = PA_INACTIVE;
  s.paSince = -1_000_000;
  s.proxy = 1;
  s.proxySince = -1_000_000;
  s.initialized = 1;
}

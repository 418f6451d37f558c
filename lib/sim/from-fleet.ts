import { ModelFleet } from '../models/model-fleet';
import { MergedVersion } from '../models/version-template';
import { parseQuantity } from '../validation';
import { SimPlacement, SimSlo, SimVersion } from './types';

/** A catalog placement mode, as the simulator models it. */
function placementOf(v: MergedVersion): SimPlacement {
  const p =
    v.placementValue?.mode ?? (typeof v.placement === 'string' ? v.placement : v.placement?.mode);
  return p ?? 'ecs-then-eci';
}

/** The placement's `imageCache` (the `eci-auto-imc` annotation; the manifests default it to on). */
function imageCacheOf(v: MergedVersion): boolean | undefined {
  if (v.placementValue !== undefined) return v.placementValue.options.imageCache;
  return typeof v.placement === 'object' ? v.placement.imageCache : undefined;
}

/** The model's merged objective, the fields the simulator checks. */
function sloOf(slo: SimSlo | undefined): { slo?: SimSlo } {
  if (slo === undefined) return {};
  const out: { availability?: number; latencyP99Ms?: number; window?: string } = {};
  if (slo.availability !== undefined) out.availability = slo.availability;
  if (slo.latencyP99Ms !== undefined) out.latencyP99Ms = slo.latencyP99Ms;
  if (slo.window !== undefined) out.window = slo.window;
  return { slo: out };
}

const GiB = 2 ** 30;

/** The first instance type of a GPU placement prices the GPU seconds. */
function gpuSpec(v: MergedVersion): { gpuSpec?: string } {
  const types = typeof v.placement === 'object' ? v.placement.instanceTypes : undefined;
  return types?.length ? { gpuSpec: types[0] } : {};
}

/**
 * Turns every version of a fleet into the simulator's input: the same merged settings the manifests
 * are rendered from, so the simulation and the deployment cannot drift apart. HPA-class versions are
 * simulated with the KPA on concurrency (the simulator models the KPA only); the summary says so.
 */
export function simVersionsFromFleet(fleet: ModelFleet): SimVersion[] {
  return fleet.models.flatMap((model) =>
    model.resolvedVersions.map((v) => {
      const a = v.autoscaling ?? {};
      const metric = a.metric === 'rps' ? 'rps' : 'concurrency';
      const reserve =
        v.reserve && v.reserve.enabled !== false
          ? { replicas: v.reserve.replicas ?? 1, cpu: 1, memoryGiB: 2 }
          : undefined;
      return {
        model: model.name,
        version: v.name,
        trafficPercent: v.traffic,
        autoscaling: {
          metric,
          target: a.class === 'hpa' ? undefined : a.target,
          utilization: a.utilization,
          window: a.window,
          panicWindowPercent: a.panicWindowPercent,
          panicThresholdPercent: a.panicThresholdPercent,
          minScale: a.minScale,
          maxScale: a.maxScale,
          initialScale: a.initialScale,
          activationScale: a.activationScale,
          scaleDownDelay: a.scaleDownDelay,
          retention: a.retention,
          burstCapacity: a.burstCapacity,
        },
        containerConcurrency: v.concurrency ?? 0,
        placement: placementOf(v),
        resources: {
          cpu: parseQuantity(v.resources?.cpu ?? '1') ?? 1,
          memoryGiB: (parseQuantity(v.resources?.memory ?? '2Gi') ?? 2 * GiB) / GiB,
          ...(v.resources?.gpu ? { gpu: v.resources.gpu, ...gpuSpec(v) } : {}),
        },
        ...(reserve ? { reserve } : {}),
        // every catalog version is routed with a tag of its name (model-service.ts), so a version at 0 %
        // stays reachable, as in the manifests
        tag: v.name,
        ...(v.timeoutSeconds !== undefined ? { timeoutSeconds: v.timeoutSeconds } : {}),
        ...(imageCacheOf(v) === false ? { imageCache: false } : {}),
        ...sloOf(model.slo),
      };
    }),
  );
}

import { WorkloadSpec } from './catalog';

/**
 * A CPU scoring model: credit and risk scorers that answer in milliseconds. Ten requests per pod,
 * scale on concurrency at 70 %, scale to zero, steady load on ECS and bursts on ECI.
 */
export const CPU_SCORING_PROFILE: WorkloadSpec = {
  resources: { cpu: '1', memory: '2Gi' },
  concurrency: 10,
  timeoutSeconds: 60,
  placement: 'ecs-then-eci',
  autoscaling: {
    class: 'kpa',
    metric: 'concurrency',
    target: 10,
    utilization: 70,
    minScale: 0,
    maxScale: 20,
  },
};

/**
 * Stable Diffusion on one GPU: exactly one request per pod (target 1, containerConcurrency 1), long
 * timeouts, an A10 ECI instance with image cache and room for weights, scale to zero, and a reserved
 * low-cost instance so the first request after idle is not a cold start.
 */
export const STABLE_DIFFUSION_GPU_PROFILE: WorkloadSpec = {
  resources: { cpu: '8', memory: '30Gi', gpu: 1 },
  concurrency: 1,
  timeoutSeconds: 600,
  placement: {
    mode: 'gpu',
    on: 'eci',
    instanceTypes: ['ecs.gn7i-c8g1.2xlarge'],
    imageCache: true,
    extraEphemeralStorage: '50Gi',
  },
  reserve: { enabled: true, type: 'eci', instanceTypes: ['ecs.gn6i-c4g1.xlarge'] },
  autoscaling: {
    class: 'kpa',
    metric: 'concurrency',
    target: 1,
    utilization: 100,
    minScale: 0,
    maxScale: 10,
    scaleDownDelay: '5m',
    burstCapacity: -1,
  },
};

/** Profiles every catalog can name; a catalog's own profile of the same name replaces one. */
export const BUILTIN_PROFILES: Readonly<Record<string, WorkloadSpec>> = {
  'cpu-scoring': CPU_SCORING_PROFILE,
  'sd-gpu': STABLE_DIFFUSION_GPU_PROFILE,
};

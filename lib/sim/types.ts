/**
 * Input and output types of the capacity and cost simulator.
 *
 * The simulator is pure TypeScript: it needs no cluster, no cdk8s and no Pulumi. A catalog is turned into
 * `SimVersion[]` (one entry per model version), a trace gives requests per second per model, and
 * `simulate()` replays the trace through a model of the Knative Pod Autoscaler, ECS/ECI placement and prices.
 */

import type { AutoscalingOptions } from '../knative/autoscaling';
import type { AutoscalerSettings } from '../knative/settings/autoscaler';
import type { LatencyHistogram } from './latency-histogram';
import type { StartupAssumptions, StartupBreakdown } from './startup';

export type { LatencyHistogram, StartupAssumptions, StartupBreakdown };

/**
 * Served-request latency and availability, per version, model or fleet. Latency is wait (in whole 2 s
 * ticks) plus the service time, over served requests; percentiles come from a histogram with under
 * 1 % error (`lib/sim/latency-histogram.ts`).
 */
export interface ServiceFigures {
  /** Requests served (arrived and answered within the period). */
  readonly served: number;
  /** Percent of settled requests served: served / (served + failed); undefined with no request. */
  readonly availability?: number;
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
  readonly latencyP99Ms: number;
  /** p99 wait of requests that queued during a cold start (no pod to serve them), 2 s resolution. */
  readonly coldStartWaitP99Ms: number;
}

/** A model's objective against what the simulation achieved over the simulated period. */
export interface SloResult {
  readonly availability?: {
    readonly objective: number;
    readonly achieved?: number;
    readonly pass: boolean;
  };
  readonly latencyP99?: {
    readonly objectiveMs: number;
    readonly achievedMs: number;
    readonly pass: boolean;
  };
  /** The catalog's window; the check covers the simulated period, which may be shorter. */
  readonly window?: string;
  readonly pass: boolean;
}

/** Where a version's pods run. */
export type SimPlacement = 'ecs' | 'eci' | 'ecs-then-eci' | 'gpu';

/**
 * Per-version autoscaling settings: the same options, with the same meaning and checks, as the
 * manifests' `AutoscalingOptions` (`lib/knative/autoscaling.ts`), less what the simulator does not model
 * (class and aggregation algorithm: it simulates the KPA with linear averaging). Unset fields take the
 * cluster's `config-autoscaler` defaults.
 */
export type SimAutoscaling = Omit<
  AutoscalingOptions,
  'class' | 'metric' | 'aggregationAlgorithm'
> & {
  /** Scaling metric (KPA). */
  readonly metric: 'concurrency' | 'rps';
};

/** One model version as the simulator sees it. */
export interface SimVersion {
  readonly model: string;
  readonly version: string;
  /** Share of the model's traffic, 0 to 100. Versions of one model sum to 100. */
  readonly trafficPercent: number;
  readonly autoscaling: SimAutoscaling;
  /** Hard per-pod concurrency limit; 0 means unlimited. */
  readonly containerConcurrency: number;
  readonly placement: SimPlacement;
  /** Per-pod requests: vCPU, GiB of memory and GPUs. `gpuSpec` names the GPU instance type to price. */
  readonly resources: {
    readonly cpu: number;
    readonly memoryGiB: number;
    readonly gpu?: number;
    readonly gpuSpec?: string;
  };
  /** ACK reserved instances: low-spec pods kept while the version is at zero. */
  readonly reserve?: {
    readonly replicas: number;
    readonly cpu: number;
    readonly memoryGiB: number;
  };
  /**
   * Mean request latency used by Little's law when the trace has no `latency_ms` column.
   * @default - SimOptions.defaultLatencyMs (100 ms)
   */
  readonly latencyMs?: number;
  /**
   * A measured pod start-up total (scheduling to Ready and routable), replacing the sum of parts.
   * @default - SimCluster.startDelay for the placement, else the sum of parts (`lib/sim/startup.ts`)
   */
  readonly startDelay?: string;
  /**
   * Size of the version's image in GiB, for the image pull on ECI without an image cache.
   * @default - the assumptions' `imageSizeGiBByModel` for the model, else `imageSizeGiB` (2)
   */
  readonly imageSizeGiB?: number;
  /**
   * An ECI image cache matches the image (`k8s.aliyun.com/eci-auto-imc`, on in the manifests unless the
   * placement sets `imageCache: false`, or a `ModelImageCache`), so ECI pods mount it instead of pulling.
   * @default true
   */
  readonly imageCache?: boolean;
  /**
   * The model's objective (the catalog's merged `slo`); every version of a model carries the same one.
   * @default - none: the result reports figures with no pass or fail
   */
  readonly slo?: SimSlo;
  /**
   * A traffic tag. A version at 0 % with no tag is unreachable: Knative ignores its min-scale,
   * initial-scale, retention and scale-down delay and rate (pkg/apis/autoscaling/v1alpha1/pa_lifecycle.go).
   * @default - none
   */
  readonly tag?: string;
  /**
   * Request timeout (`timeoutSeconds`): a request that has waited this long without a response fails.
   * @default - 300, the cluster's revision-timeout-seconds
   */
  readonly timeoutSeconds?: number;
  /**
   * `responseStartTimeoutSeconds`: a waiting request fails once it has waited this long for the first byte.
   * @default - timeoutSeconds
   */
  readonly responseStartTimeoutSeconds?: number;
}

/** A model's service-level objective, as the catalog's `slo` (`lib/models/catalog.ts` SloSpec). */
export interface SimSlo {
  /** Percent of requests that must succeed, above 0 and below 100. @default - none */
  readonly availability?: number;
  /** 99 % of requests answered within this many milliseconds. @default - none */
  readonly latencyP99Ms?: number;
  /** The catalog's window, reported only: the check covers the simulated period. @default - none */
  readonly window?: string;
}

/**
 * `config-autoscaler` keys: the manifests' `AutoscalerSettings` (`lib/knative/settings/autoscaler.ts`),
 * checked by the same rules; unset keys take `AUTOSCALER_DEFAULTS`. The class is not simulated.
 */
export type SimAutoscalerDefaults = Omit<AutoscalerSettings, 'podAutoscalerClass'>;

/** Cluster-level settings of a simulation. */
export interface SimCluster {
  /** `config-autoscaler` defaults. @default - Knative's defaults */
  readonly autoscaler?: SimAutoscalerDefaults;
  /**
   * The subscription ECS node pool. Capacity is pooled (CPU, memory and pod slots summed over nodes;
   * per-node bin packing is not modelled).
   * @default - 4 nodes of 8 vCPU, 32 GiB and 32 pod slots
   */
  readonly ecs?: {
    readonly nodes: number;
    readonly cpuPerNode: number;
    readonly memoryGiBPerNode: number;
    /** @default 32 */
    readonly podsPerNode?: number;
  };
  /**
   * Measured pod start-up totals per placement (Go durations), from the scale decision to Ready; each
   * replaces the sum of parts for that placement.
   * @default - the sum of parts (`lib/sim/startup.ts`): ecs 20s, eci 45s, gpu 120s with the defaults
   */
  readonly startDelay?: { readonly ecs?: string; readonly eci?: string; readonly gpu?: string };
  /** The plain-HPA baseline. */
  readonly hpa?: {
    /** @default 70 */
    readonly targetCpuPercent?: number;
    /** @default '15s' */
    readonly syncPeriod?: string;
    /** @default '5m' */
    readonly scaleDownStabilization?: string;
    /** Window of the CPU metric (metrics-server). @default '30s' */
    readonly metricWindow?: string;
  };
}

/** Prices. All amounts are in `currency`. */
export interface Prices {
  /** @default 'CNY' */
  readonly currency: string;
  /** Subscription price of one ECS pool node per month (30 days). */
  readonly ecsNodeMonthly: number;
  /** ECI pay-as-you-go price per vCPU-second. */
  readonly eciVcpuSecond: number;
  /** ECI pay-as-you-go price per GiB-second. */
  readonly eciMemoryGiBSecond: number;
  /** GPU instance types: pay-as-you-go price per second and subscription price per month. */
  readonly gpu: Readonly<Record<string, { readonly second: number; readonly monthly: number }>>;
  /** GPU spec used for versions that name none. @default - the first key of `gpu` */
  readonly defaultGpuSpec?: string;
  /** Where the figures come from, printed in the summary. */
  readonly note?: string;
  /** Start-up parts and image sizes, over `DEFAULT_STARTUP` (`lib/sim/startup.ts`). @default - DEFAULT_STARTUP */
  readonly startup?: Partial<StartupAssumptions>;
}

/** Requests per second per model at a regular step. */
export interface Trace {
  /** Start, seconds since the Unix epoch (UTC). */
  readonly start: number;
  /** Seconds between rows. */
  readonly stepSeconds: number;
  /** Number of rows per model. */
  readonly length: number;
  /** Models in order of first appearance. */
  readonly models: readonly TraceSeries[];
}

export interface TraceSeries {
  readonly model: string;
  readonly rps: Float64Array;
  /** Mean latency per row in milliseconds, when the trace has a `latency_ms` column. */
  readonly latencyMs?: Float64Array;
}

/** Options of `simulate()`. */
export interface SimOptions {
  readonly cluster?: SimCluster;
  /** @default - the built-in example prices (`examplePrices`) */
  readonly prices?: Prices;
  /** Latency for Little's law when neither the trace nor the version gives one. @default 100 */
  readonly defaultLatencyMs?: number;
  /** Step of the recorded time series (charts). @default 300 */
  readonly sampleSeconds?: number;
  /** Also run the plain-HPA and fixed-capacity baselines. @default true */
  readonly baselines?: boolean;
  /**
   * `warm`: at t=0 each version already runs the pods its first demand needs (steady state).
   * `cold`: each version starts with `initialScale` pods that are just starting, as after a deploy.
   * @default 'warm'
   */
  readonly start?: 'warm' | 'cold';
  /**
   * Step over the ticks of idle versions (no traffic, no pod, autoscaler settled) in one go. The result
   * is the same; `false` steps every tick, to check that.
   * @default true
   */
  readonly skipIdle?: boolean;
}

/** Per-version figures. */
export interface VersionResult extends ServiceFigures {
  readonly model: string;
  readonly version: string;
  readonly placement: SimPlacement;
  readonly podSecondsEcs: number;
  readonly podSecondsEci: number;
  readonly podSecondsGpu: number;
  /** Reserved-instance pod seconds (billed on ECI at the reserve spec). */
  readonly podSecondsReserve: number;
  readonly peakPods: number;
  readonly podStarts: number;
  /** Times requests had to wait for a first pod: scale from zero with no reserved instance. */
  readonly coldStarts: number;
  readonly scaleToZeroCount: number;
  readonly panicSeconds: number;
  /** Seconds the activator was in the data path (SKS proxy mode). */
  readonly proxySeconds: number;
  readonly requests: number;
  readonly waitedRequests: number;
  /** Requests that waited until the revision's timeout and failed (504). */
  readonly failedTimeout: number;
  /** Requests refused because the queue was full (queue-proxy or activator breaker, 503). */
  readonly failedOverflow: number;
  /** Requests still waiting when the trace ended. */
  readonly queuedAtEnd: number;
  /** Histogram of added wait, bin i = i ticks (the last bin is "that many or more"). */
  readonly waitHistogram: Float64Array;
  /** The same for requests that queued during a cold start. */
  readonly coldStartWaitHistogram: Float64Array;
  /** Latency (wait plus service time) of served requests. */
  readonly latencyHistogram: LatencyHistogram;
  /** Pod start-up used, in seconds: on ECS and on ECI (or the GPU instance), part by part unless measured. */
  readonly startup: {
    readonly ecs: StartupBreakdown | { readonly total: number };
    readonly eci: StartupBreakdown | { readonly total: number };
  };
  readonly costEci: number;
  readonly costGpu: number;
  /** Share of the ECS pool cost, by vCPU-seconds used on ECS. */
  readonly costEcsShare: number;
  readonly cost: number;
}

export interface BaselineResult {
  readonly cost: number;
  readonly pods: number;
}

export interface ModelResult extends ServiceFigures {
  readonly model: string;
  readonly versions: readonly VersionResult[];
  readonly podHoursEcs: number;
  readonly podHoursEci: number;
  readonly podHoursGpu: number;
  readonly peakPods: number;
  readonly coldStarts: number;
  readonly requests: number;
  readonly waitedRequests: number;
  /** Requests that timed out waiting, and requests refused by a full queue. */
  readonly failedTimeout: number;
  readonly failedOverflow: number;
  /** Percentiles of added wait among requests that waited and were served, in milliseconds. */
  readonly waitP50Ms: number;
  readonly waitP99Ms: number;
  readonly cost: number;
  /** The model's objective, checked, when its versions carry one. */
  readonly slo?: SloResult;
  /** Plain HPA on CPU over the same trace, same placement (undefined without baselines). */
  readonly hpa?: {
    readonly cost: number;
    readonly peakPods: number;
    readonly waitedRequests: number;
  };
  /** Fixed capacity sized for the peak on subscription nodes. */
  readonly fixed?: BaselineResult;
}

export interface FleetResult extends ServiceFigures {
  readonly podHoursEcs: number;
  readonly podHoursEci: number;
  readonly podHoursGpu: number;
  readonly peakPods: number;
  readonly coldStarts: number;
  readonly requests: number;
  readonly waitedRequests: number;
  readonly failedTimeout: number;
  readonly failedOverflow: number;
  readonly waitP50Ms: number;
  readonly waitP99Ms: number;
  /** The whole ECS pool cost, used or not. */
  readonly costEcsPool: number;
  /** ECS pool cost not attributed to any model (idle subscription capacity). */
  readonly costEcsIdle: number;
  readonly cost: number;
  readonly hpa?: {
    readonly cost: number;
    readonly peakPods: number;
    readonly waitedRequests: number;
  };
  readonly fixed?: BaselineResult & { readonly ecsNodes: number };
}

/** Time series sampled every `sampleSeconds` (averages over each sample). */
export interface SimSeries {
  readonly sampleSeconds: number;
  /** Sample start times, seconds since the Unix epoch. */
  readonly times: Float64Array;
  /** Per model, in the order of `SimResult.models`. */
  readonly models: readonly {
    readonly model: string;
    readonly rps: Float64Array;
    /** Average ready pods. */
    readonly pods: Float64Array;
    /** Pods the offered load needs at the per-pod target (demand / TargetValue). */
    readonly podsNeeded: Float64Array;
  }[];
  readonly fleetRps: Float64Array;
  readonly podsEcs: Float64Array;
  readonly podsEci: Float64Array;
  readonly podsGpu: Float64Array;
  /** Cumulative fleet cost at the end of each sample. */
  readonly cost: Float64Array;
  /** Fleet requests per second that failed on a timeout, and on a full queue, averaged per sample. */
  readonly failedTimeoutRps: Float64Array;
  readonly failedOverflowRps: Float64Array;
  /** Fleet latency percentiles of the requests served in each sample (about 4 % error; 0 with none). */
  readonly latencyP50Ms: Float64Array;
  readonly latencyP95Ms: Float64Array;
  readonly latencyP99Ms: Float64Array;
  readonly hpaPods?: Float64Array;
  readonly hpaCost?: Float64Array;
  readonly fixedPods?: number;
  readonly fixedCostPerSecond?: number;
}

export interface SimResult {
  readonly tickSeconds: number;
  readonly ticks: number;
  readonly start: number;
  readonly durationSeconds: number;
  readonly currency: string;
  readonly pricesNote?: string;
  /** The ECS pool that was simulated. */
  readonly ecsPool: {
    readonly nodes: number;
    readonly cpuPerNode: number;
    readonly memoryGiBPerNode: number;
    readonly podsPerNode: number;
  };
  readonly models: readonly ModelResult[];
  readonly fleet: FleetResult;
  readonly series: SimSeries;
}

import {
  Issue,
  checkGoDuration,
  checkNumber,
  joinPath,
  parseGoDuration,
  show,
} from '../validation';
import { checkAutoscaling as checkKnativeAutoscaling } from '../knative/autoscaling';
import { clusterConfig } from '../knative/cluster-config';
import { AUTOSCALER_DEFAULTS, autoscalerData } from '../knative/settings/autoscaler';
import { StartupBreakdown, startupBreakdown } from './startup';
import { startupAssumptions } from './startup-assumptions';
import { Prices, SimCluster, SimVersion } from './types';

/** The autoscaler's tick: knative/serving pkg/autoscaler/scaling/multiscaler.go `tickInterval`. */
export const TICK_SECONDS = 2;

/** Knative's `config-autoscaler` defaults: the table the manifests use (`lib/knative/settings/autoscaler.ts`). */
export const KNATIVE_AUTOSCALER_DEFAULTS = AUTOSCALER_DEFAULTS;

/** Start-up totals per placement with the default parts, a 2 GiB image and an image cache (`lib/sim/startup.ts`). */
export const DEFAULT_START_DELAY = { ecs: '20s', eci: '45s', gpu: '120s' } as const;

/** Default ECS pool: 4 nodes of 8 vCPU / 32 GiB with 32 pod slots each. */
export const DEFAULT_ECS_POOL = { nodes: 4, cpuPerNode: 8, memoryGiBPerNode: 32, podsPerNode: 32 };

/** KPA activation timeout: progress-deadline (600s) + activationTimeoutBuffer (30s) (pkg/reconciler/autoscaling/kpa/scaler.go). */
export const ACTIVATION_TIMEOUT_SECONDS = 630;

/** queue-proxy holds a terminating pod this long before it stops (pkg/queue/sharedmain/main.go `drainSleepDuration`). */
export const DRAIN_SECONDS = 30;

/** queue-proxy's breaker queues 10 x containerConcurrency requests per pod (pkg/queue/sharedmain/main.go). */
export const QUEUE_PROXY_DEPTH_PER_SLOT = 10;

/** The activator's per-revision breaker queue depth (pkg/activator/net/throttler.go `breakerQueueDepth`). */
export const ACTIVATOR_QUEUE_DEPTH = 10000;

/** `config-defaults` revision-timeout-seconds (pkg/apis/config/defaults.go). */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** Everything the engine needs about one version, in seconds and ticks, with defaults applied. */
export interface ResolvedVersion {
  readonly index: number;
  readonly version: SimVersion;
  readonly share: number;
  readonly metricRps: boolean;
  /** Per-pod target after utilization (`TargetValue`). */
  readonly targetValue: number;
  /** Per-pod total (`TotalValue`). */
  readonly totalValue: number;
  readonly stableSeconds: number;
  readonly stableTicks: number;
  readonly panicTicks: number;
  readonly panicThreshold: number;
  readonly maxScaleUpRate: number;
  readonly maxScaleDownRate: number;
  readonly minScale: number;
  readonly maxScale: number;
  readonly initialScale: number;
  readonly activationScale: number;
  readonly delayTicks: number;
  readonly graceSeconds: number;
  readonly retentionSeconds: number;
  readonly burstCapacity: number;
  readonly enableScaleToZero: boolean;
  readonly containerConcurrency: number;
  /** False at 0 % traffic with no tag: Knative ignores min-scale, initial-scale, retention and scale-down limits. */
  readonly reachable: boolean;
  /** Ticks a queued request waits before it fails (responseStartTimeoutSeconds, else timeoutSeconds). */
  readonly waitLimitTicks: number;
  /** Ticks from the scale decision to Ready, on ECS and on ECI (GPU placement uses the GPU delay). */
  readonly startTicksEcs: number;
  readonly startTicksEci: number;
  /** Start-up of a pod on ECS and on ECI (or its GPU instance), in seconds, part by part unless measured. */
  readonly startupEcs: StartupBreakdown | { readonly total: number };
  readonly startupEci: StartupBreakdown | { readonly total: number };
  /** Price of one pod-tick on ECI (or on its GPU instance type). */
  readonly eciTickCost: number;
  readonly reserveTickCost: number;
  readonly gpuMonthly: number;
}

/** A Go duration or a number of seconds, as `AutoscalingOptions` takes them. */
function seconds(text: string | number | undefined, fallback: string): number {
  if (typeof text === 'number') return text;
  const nanos = parseGoDuration(text ?? fallback);
  return (nanos ?? parseGoDuration(fallback)!) / 1e9;
}

/** Whole ticks covering a delay, rounded up (a 15s delay is 8 ticks). */
export function delayTicks(secondsValue: number): number {
  return Math.max(0, Math.ceil(secondsValue / TICK_SECONDS - 1e-9));
}

/** Ticks in an averaging window, at least one. */
export function windowTicks(secondsValue: number): number {
  return Math.max(1, Math.round(secondsValue / TICK_SECONDS));
}

/** Resolves a version against the cluster defaults and prices. Input is assumed valid (`checkSimVersions`). */
export function resolveVersion(
  v: SimVersion,
  index: number,
  cluster: SimCluster,
  prices: Prices,
): ResolvedVersion {
  const d = { ...KNATIVE_AUTOSCALER_DEFAULTS, ...stripUndefined(cluster.autoscaler ?? {}) };
  const a = v.autoscaling;
  const metricRps = a.metric === 'rps';
  // knative/serving pkg/reconciler/autoscaling/resources/target.go ResolveMetricTarget
  let total: number;
  let tu: number;
  if (metricRps) {
    total = d.requestsPerSecondTargetDefault;
    tu = 0.7;
  } else {
    total =
      v.containerConcurrency > 0 ? v.containerConcurrency : d.containerConcurrencyTargetDefault;
    const pct = d.containerConcurrencyTargetPercentage;
    tu = pct <= 1 ? pct : pct / 100;
  }
  if (a.target !== undefined) {
    total = a.target;
    if (!metricRps && v.containerConcurrency > 0)
      total = Math.min(a.target, v.containerConcurrency);
  }
  if (a.utilization !== undefined) tu = a.utilization / 100;
  const targetValue = Math.max(0.01, total * tu);

  // pa_lifecycle.go ScaleBounds, scaler.go lastPodRetention: an unreachable revision has no floor
  const reachable = v.trafficPercent > 0 || (v.tag !== undefined && v.tag !== '');
  const stableSeconds = seconds(a.window, d.stableWindow);
  // knative/serving pkg/reconciler/autoscaling/resources/metric.go MakeMetric: panic window >= 1s
  const panicPct = a.panicWindowPercent ?? d.panicWindowPercentage;
  const panicSeconds = Math.max(1, Math.round((stableSeconds * panicPct) / 100));
  // a measured total (the version's, else the cluster's for the placement) replaces the sum of parts
  const measured = cluster.startDelay ?? {};
  const own = v.startDelay !== undefined ? seconds(v.startDelay, '0s') : undefined;
  const parts = startupAssumptions(prices.startup);
  const imageSize = v.imageSizeGiB ?? parts.imageSizeGiBByModel?.[v.model] ?? parts.imageSizeGiB;
  const cache = v.imageCache ?? true;
  const startup = (target: 'ecs' | 'eci' | 'gpu', total: string | undefined) =>
    own !== undefined
      ? { total: own }
      : total !== undefined
        ? { total: seconds(total, '0s') }
        : startupBreakdown(target, imageSize, cache, parts);
  const startupEcs = startup('ecs', measured.ecs);
  const startupEci =
    v.placement === 'gpu' ? startup('gpu', measured.gpu) : startup('eci', measured.eci);

  const eciPodSecond =
    v.placement === 'gpu'
      ? gpuPrice(v, prices).second * Math.max(1, v.resources.gpu ?? 1)
      : v.resources.cpu * prices.eciVcpuSecond + v.resources.memoryGiB * prices.eciMemoryGiBSecond;
  const reserveSecond = v.reserve
    ? v.reserve.cpu * prices.eciVcpuSecond + v.reserve.memoryGiB * prices.eciMemoryGiBSecond
    : 0;
  return {
    index,
    version: v,
    share: v.trafficPercent / 100,
    metricRps,
    targetValue,
    totalValue: total,
    stableSeconds,
    stableTicks: windowTicks(stableSeconds),
    panicTicks: windowTicks(panicSeconds),
    panicThreshold: (a.panicThresholdPercent ?? d.panicThresholdPercentage) / 100,
    maxScaleUpRate: d.maxScaleUpRate,
    maxScaleDownRate: d.maxScaleDownRate,
    minScale: reachable ? (a.minScale ?? d.minScale) : 0,
    maxScale: a.maxScale ?? d.maxScale,
    initialScale: a.initialScale ?? d.initialScale,
    activationScale: a.activationScale ?? 0,
    // autoscaler.go: the scale-down delay window applies only to reachable revisions
    delayTicks: reachable ? delayTicks(seconds(a.scaleDownDelay, d.scaleDownDelay)) : 0,
    graceSeconds: seconds(d.scaleToZeroGracePeriod, '30s'),
    retentionSeconds: reachable ? seconds(a.retention, d.scaleToZeroPodRetentionPeriod) : 0,
    burstCapacity: a.burstCapacity ?? d.targetBurstCapacity,
    enableScaleToZero: d.enableScaleToZero,
    containerConcurrency: v.containerConcurrency,
    reachable,
    waitLimitTicks: delayTicks(waitLimitSeconds(v)),
    startTicksEcs: delayTicks(startupEcs.total),
    startTicksEci: delayTicks(startupEci.total),
    startupEcs,
    startupEci,
    eciTickCost: eciPodSecond * TICK_SECONDS,
    reserveTickCost: reserveSecond * TICK_SECONDS,
    gpuMonthly:
      v.placement === 'gpu' ? gpuPrice(v, prices).monthly * Math.max(1, v.resources.gpu ?? 1) : 0,
  };
}

/** revision_types.go: timeoutSeconds 0 means the cluster default; responseStartTimeoutSeconds 0 means none. */
function waitLimitSeconds(v: SimVersion): number {
  const timeout =
    v.timeoutSeconds !== undefined && v.timeoutSeconds > 0
      ? v.timeoutSeconds
      : DEFAULT_TIMEOUT_SECONDS;
  const start = v.responseStartTimeoutSeconds;
  return start !== undefined && start > 0 ? Math.min(start, timeout) : timeout;
}

function gpuPrice(v: SimVersion, prices: Prices): { second: number; monthly: number } {
  const spec = v.resources.gpuSpec ?? prices.defaultGpuSpec ?? Object.keys(prices.gpu)[0];
  return (spec !== undefined ? prices.gpu[spec] : undefined) ?? { second: 0, monthly: 0 };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

const PLACEMENTS = ['ecs', 'eci', 'ecs-then-eci', 'gpu'];

/**
 * Checks simulator input: each issue names `versions[i].<field>`, the bad value and the allowed range.
 * Ranges are Knative's (knative/serving pkg/apis/autoscaling/annotation_validation.go).
 */
export function checkSimVersions(
  versions: readonly SimVersion[],
  prices?: Prices,
  cluster: SimCluster = {},
): Issue[] {
  const issues: Issue[] = [];
  const settings = cluster.autoscaler ?? {};
  if (cluster.autoscaler !== undefined) {
    issues.push(...autoscalerData(settings, 'cluster.autoscaler', []).issues);
  }
  // the limits the manifests' checks read from the cluster (allow-zero-initial-scale, max-scale-limit)
  const knative = clusterConfig({
    autoscaler: {
      allowZeroInitialScale:
        settings.allowZeroInitialScale ?? AUTOSCALER_DEFAULTS.allowZeroInitialScale,
      maxScaleLimit: settings.maxScaleLimit ?? AUTOSCALER_DEFAULTS.maxScaleLimit,
      enableScaleToZero: settings.enableScaleToZero ?? AUTOSCALER_DEFAULTS.enableScaleToZero,
    },
  });
  const seen = new Map<string, number>();
  const sums = new Map<string, { sum: number; first: number }>();
  const firstOfModel = new Map<string, number>();
  versions.forEach((v, i) => {
    const p = `versions[${i}]`;
    if (typeof v.model !== 'string' || v.model === '') {
      issues.push({
        path: joinPath(p, 'model'),
        message: `model ${show(v.model)} must be a non-empty name`,
      });
    }
    if (typeof v.version !== 'string' || v.version === '') {
      issues.push({
        path: joinPath(p, 'version'),
        message: `version ${show(v.version)} must be a non-empty name`,
      });
    }
    const key = `${v.model}/${v.version}`;
    if (seen.has(key)) {
      issues.push({
        path: p,
        message: `version '${key}' is listed twice (first at versions[${seen.get(key)}]); give each version one entry`,
      });
    } else seen.set(key, i);
    issues.push(
      ...checkNumber(v.trafficPercent, joinPath(p, 'trafficPercent'), 'trafficPercent', {
        min: 0,
        max: 100,
      }),
    );
    const s = sums.get(v.model) ?? { sum: 0, first: i };
    s.sum += typeof v.trafficPercent === 'number' ? v.trafficPercent : 0;
    sums.set(v.model, s);
    if (!PLACEMENTS.includes(v.placement)) {
      issues.push({
        path: joinPath(p, 'placement'),
        message: `placement ${show(v.placement)} is not one of ${PLACEMENTS.join(', ')}`,
      });
    }
    // knative/serving pkg/apis/serving/v1/revision_validation.go: containerConcurrency in [0, 1000]
    issues.push(
      ...checkNumber(
        v.containerConcurrency,
        joinPath(p, 'containerConcurrency'),
        'containerConcurrency',
        {
          min: 0,
          max: 1000,
          integer: true,
          hint: '0 means unlimited',
        },
      ),
    );
    const r = v.resources ?? ({} as SimVersion['resources']);
    issues.push(...checkNumber(r.cpu, `${p}.resources.cpu`, 'resources.cpu', { min: 0.001 }));
    issues.push(
      ...checkNumber(r.memoryGiB, `${p}.resources.memoryGiB`, 'resources.memoryGiB', {
        min: 0.001,
      }),
    );
    if (v.placement === 'gpu' && prices) {
      const spec = r.gpuSpec ?? prices.defaultGpuSpec ?? Object.keys(prices.gpu)[0];
      if (spec === undefined || prices.gpu[spec] === undefined) {
        issues.push({
          path: `${p}.resources.gpuSpec`,
          message: `GPU spec ${show(spec)} has no price; add it under 'gpu' in the prices file (known: ${Object.keys(prices.gpu).join(', ') || 'none'})`,
        });
      }
    }
    if (v.latencyMs !== undefined) {
      issues.push(
        ...checkNumber(v.latencyMs, joinPath(p, 'latencyMs'), 'latencyMs', { min: 0.001 }),
      );
    }
    if (v.startDelay !== undefined) {
      issues.push(
        ...checkGoDuration(v.startDelay, joinPath(p, 'startDelay'), 'startDelay', {
          minSeconds: 0,
          maxSeconds: 3600,
        }),
      );
    }
    if (v.imageSizeGiB !== undefined) {
      issues.push(
        ...checkNumber(v.imageSizeGiB, joinPath(p, 'imageSizeGiB'), 'imageSizeGiB', {
          min: 0,
          max: 1000,
        }),
      );
    }
    if (v.imageCache !== undefined && typeof v.imageCache !== 'boolean') {
      issues.push({
        path: joinPath(p, 'imageCache'),
        message: `imageCache ${show(v.imageCache)} must be true or false`,
      });
    }
    issues.push(...checkSimSlo(v, p, versions, firstOfModel));
    if (!firstOfModel.has(v.model)) firstOfModel.set(v.model, i);
    if (v.reserve !== undefined) {
      const rp = joinPath(p, 'reserve');
      issues.push(
        ...checkNumber(v.reserve.replicas, joinPath(rp, 'replicas'), 'reserve.replicas', {
          min: 1,
          integer: true,
        }),
        ...checkNumber(v.reserve.cpu, joinPath(rp, 'cpu'), 'reserve.cpu', { min: 0.001 }),
        ...checkNumber(v.reserve.memoryGiB, joinPath(rp, 'memoryGiB'), 'reserve.memoryGiB', {
          min: 0.001,
        }),
      );
    }
    if (v.tag !== undefined && (typeof v.tag !== 'string' || v.tag === '')) {
      issues.push({
        path: joinPath(p, 'tag'),
        message: `tag ${show(v.tag)} must be a non-empty name`,
      });
    }
    // revision_validation.go validateTimeoutSeconds: 0 to max-revision-timeout-seconds (600)
    const timeoutIssues =
      v.timeoutSeconds === undefined
        ? []
        : checkNumber(v.timeoutSeconds, joinPath(p, 'timeoutSeconds'), 'timeoutSeconds', {
            min: 0,
            max: 600,
            integer: true,
            hint: '0 means the cluster default (300)',
          });
    issues.push(...timeoutIssues);
    if (v.responseStartTimeoutSeconds !== undefined) {
      const timeout =
        timeoutIssues.length === 0 && v.timeoutSeconds ? v.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
      issues.push(
        ...checkNumber(
          v.responseStartTimeoutSeconds,
          joinPath(p, 'responseStartTimeoutSeconds'),
          'responseStartTimeoutSeconds',
          {
            min: 0,
            max: timeout,
            integer: true,
            hint: `at most the request timeout (${timeout}s)`,
          },
        ),
      );
    }
    issues.push(...checkAutoscaling(v, joinPath(p, 'autoscaling'), knative));
  });
  for (const [model, s] of sums) {
    if (Math.abs(s.sum - 100) > 1e-9) {
      issues.push({
        path: `versions[${s.first}]`,
        message: `trafficPercent of model '${model}' sums to ${s.sum} over its versions; it must sum to 100`,
      });
    }
  }
  return issues;
}

/** The simulator's metric rule, then the manifests' own autoscaling checks (`lib/knative/autoscaling.ts`). */
function checkAutoscaling(
  v: SimVersion,
  p: string,
  cluster: ReturnType<typeof clusterConfig>,
): Issue[] {
  const a = v.autoscaling ?? ({} as SimVersion['autoscaling']);
  const out: Issue[] = [];
  if (a.metric !== 'concurrency' && a.metric !== 'rps') {
    out.push({
      path: joinPath(p, 'metric'),
      message: `metric ${show(a.metric)} is not simulated; use 'concurrency' or 'rps' (KPA)`,
    });
  }
  const { metric: _metric, ...rest } = a;
  out.push(...checkKnativeAutoscaling(rest, p, cluster));
  return out;
}

/**
 * A version's `slo`: the catalog's ranges (`lib/models/slo.ts` checkSlo), and one objective per model,
 * since the result checks it per model.
 */
function checkSimSlo(
  v: SimVersion,
  p: string,
  versions: readonly SimVersion[],
  firstOfModel: ReadonlyMap<string, number>,
): Issue[] {
  const out: Issue[] = [];
  const slo = v.slo;
  const first = firstOfModel.get(v.model);
  if (first !== undefined) {
    const other = versions[first].slo;
    const same =
      other?.availability === slo?.availability && other?.latencyP99Ms === slo?.latencyP99Ms;
    if (!same) {
      out.push({
        path: joinPath(p, 'slo'),
        message: `slo differs from versions[${first}] of model '${v.model}'; give every version of a model the same objective`,
      });
    }
  }
  if (slo === undefined) return out;
  const sp = joinPath(p, 'slo');
  const a = slo.availability;
  if (a !== undefined && !(typeof a === 'number' && Number.isFinite(a) && a > 0 && a < 100)) {
    out.push({
      path: joinPath(sp, 'availability'),
      message: `availability ${show(a)} is not a percent between 0 and 100 (exclusive); use e.g. 99.9`,
    });
  }
  const l = slo.latencyP99Ms;
  if (l !== undefined && !(typeof l === 'number' && Number.isFinite(l) && l > 0)) {
    out.push({
      path: joinPath(sp, 'latencyP99Ms'),
      message: `latencyP99Ms ${show(l)} must be a number of milliseconds above 0, e.g. 250`,
    });
  }
  return out;
}

import { ClusterConfig } from './cluster-config';
import {
  Fields,
  Issue,
  Where,
  checkGoDuration,
  checkNumber,
  conflictAt,
  fieldsOf,
  show,
} from '../validation';

/** Knative's request-based autoscaler (the default). */
export const KPA_CLASS = 'kpa.autoscaling.knative.dev';
/** Knative's CPU/memory autoscaler; needs `serving-hpa.yaml` installed. */
export const HPA_CLASS = 'hpa.autoscaling.knative.dev';

/** The prefix of every autoscaling annotation. */
export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev/';

/**
 * Per-revision autoscaling, rendered as `autoscaling.knative.dev/*` annotations on the revision
 * template (never on the object's own metadata). Unset fields are left to the cluster's
 * `config-autoscaler`. Durations are Go durations (`'60s'`) or numbers of seconds.
 * @see https://knative.dev/docs/serving/autoscaling/
 */
export interface AutoscalingOptions {
  /**
   * Autoscaler class. Classes ending in `.knative.dev` must be KPA or HPA on upstream Knative.
   * @default - the cluster's `pod-autoscaler-class` (KPA)
   */
  readonly class?: string;
  /**
   * Metric: `concurrency` or `rps` for KPA; `cpu`, `memory` or a custom metric for HPA.
   * @default - concurrency (KPA), cpu (HPA)
   */
  readonly metric?: string;
  /**
   * Soft per-pod target of the metric; at least 0.01.
   * @default - containerConcurrency, else the cluster default (100 concurrent, 200 rps)
   */
  readonly target?: number;
  /** `target-utilization-percentage`, 1 to 100. @default - 70 (cluster default) */
  readonly utilization?: number;
  /** Stable window, 6s to 1h, whole seconds. @default - '60s' (cluster default) */
  readonly window?: string | number;
  /** Panic window as a percentage of the stable window, 1 to 100. @default - 10 */
  readonly panicWindowPercent?: number;
  /** Panic when desired pods reach this percentage of ready pods, 110 to 1000. @default - 200 */
  readonly panicThresholdPercent?: number;
  /** Minimum pods while routable; 0 scales to zero. @default - 0 */
  readonly minScale?: number;
  /** Maximum pods; 0 means unlimited. @default - 0 */
  readonly maxScale?: number;
  /** Pods to start with; 0 only when the cluster allows zero initial scale. @default - 1 */
  readonly initialScale?: number;
  /** Minimum pods when scaling up from zero; at least 2 when set. @default - 1 */
  readonly activationScale?: number;
  /** Keep pods this long after demand falls, 0s to 1h, whole seconds. @default - '0s' */
  readonly scaleDownDelay?: string | number;
  /** Keep the last pod this long before scaling to zero, 0s to 1h. @default - '0s' */
  readonly retention?: string | number;
  /** `target-burst-capacity`: at least 0, or -1 to keep the activator always in the path. @default - 211 */
  readonly burstCapacity?: number;
  /** Metric aggregation (alpha, KPA only): `linear` or `weighted-exponential`. @default - linear */
  readonly aggregationAlgorithm?: 'linear' | 'weighted-exponential';
}

/** Maps each option to its annotation key (knative/serving pkg/apis/autoscaling/register.go). */
export const AUTOSCALING_KEYS: Readonly<Record<keyof AutoscalingOptions, string>> = {
  class: 'class',
  metric: 'metric',
  target: 'target',
  utilization: 'target-utilization-percentage',
  window: 'window',
  panicWindowPercent: 'panic-window-percentage',
  panicThresholdPercent: 'panic-threshold-percentage',
  minScale: 'min-scale',
  maxScale: 'max-scale',
  initialScale: 'initial-scale',
  activationScale: 'activation-scale',
  scaleDownDelay: 'scale-down-delay',
  retention: 'scale-to-zero-pod-retention-period',
  burstCapacity: 'target-burst-capacity',
  aggregationAlgorithm: 'metric-aggregation-algorithm',
};

/** The camelCase aliases Knative also reads; a template must not carry both spellings. */
export const LEGACY_AUTOSCALING_KEYS: readonly string[] = [
  'targetUtilizationPercentage',
  'panicWindowPercentage',
  'panicThresholdPercentage',
  'minScale',
  'maxScale',
  'initialScale',
  'scaleDownDelay',
  'scaleToZeroPodRetentionPeriod',
  'targetBurstCapacity',
  'metricAggregationAlgorithm',
];

const INT32_MAX = 2147483647;

/** The class Knative will use: the annotation, else the cluster default (KPA). */
export function effectiveClass(opts: AutoscalingOptions): string {
  return opts.class ?? KPA_CLASS;
}

/** Renders the options as template annotations, kebab-case keys, string values, in a stable order. */
export function autoscalingAnnotations(opts: AutoscalingOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(AUTOSCALING_KEYS) as [
    keyof AutoscalingOptions,
    string,
  ][]) {
    const value = opts[field];
    if (value === undefined) continue;
    const isDuration = field === 'window' || field === 'scaleDownDelay' || field === 'retention';
    out[AUTOSCALING_PREFIX + key] =
      isDuration && typeof value === 'number' ? `${value}s` : String(value);
  }
  return out;
}

/**
 * Every rule Knative's webhook applies to the autoscaling annotations, plus the cluster limits
 * that change what it accepts. `where` points at the options in the user's input: one path, or
 * where each option was written when they were merged from several levels (then a rule on two
 * options that come from different levels names both).
 */
// knative/serving pkg/apis/autoscaling/annotation_validation.go (ValidateAnnotations)
export function checkAutoscaling(
  opts: AutoscalingOptions,
  where: Where,
  cluster: ClusterConfig,
): Issue[] {
  const issues: Issue[] = [];
  const fields = fieldsOf(where);
  const at = (field: keyof AutoscalingOptions) => fields.path(field);
  // Where a field was written is looked up only when it has an issue (a lookup can walk levels).
  const named = (field: keyof AutoscalingOptions, found: Issue[]) => {
    for (const i of found) issues.push({ path: at(field), message: i.message });
  };
  issues.push(...checkClass(opts.class, () => at('class'), cluster));
  issues.push(...checkMetric(opts, fields));
  if (opts.target !== undefined) {
    named(
      'target',
      checkNumber(opts.target, '', 'target', {
        min: 0.01,
        hint: 'Knative needs a target of at least 0.01',
      }),
    );
  }
  if (opts.utilization !== undefined) {
    named('utilization', checkNumber(opts.utilization, '', 'utilization', { min: 1, max: 100 }));
  }
  if (opts.window !== undefined) {
    named(
      'window',
      checkGoDuration(asDuration(opts.window), '', 'window', {
        minSeconds: 6,
        maxSeconds: 3600,
        wholeSeconds: true,
      }),
    );
  }
  if (opts.panicWindowPercent !== undefined) {
    named(
      'panicWindowPercent',
      checkNumber(opts.panicWindowPercent, '', 'panicWindowPercent', {
        min: 1,
        max: 100,
      }),
    );
  }
  if (opts.panicThresholdPercent !== undefined) {
    named(
      'panicThresholdPercent',
      checkNumber(opts.panicThresholdPercent, '', 'panicThresholdPercent', { min: 110, max: 1000 }),
    );
  }
  issues.push(...checkScales(opts, fields, cluster));
  if (opts.scaleDownDelay !== undefined) {
    named(
      'scaleDownDelay',
      checkGoDuration(asDuration(opts.scaleDownDelay), '', 'scaleDownDelay', {
        minSeconds: 0,
        maxSeconds: 3600,
        wholeSeconds: true,
      }),
    );
  }
  if (opts.retention !== undefined) {
    named(
      'retention',
      checkGoDuration(asDuration(opts.retention), '', 'retention', {
        minSeconds: 0,
        maxSeconds: 3600,
      }),
    );
  }
  if (opts.burstCapacity !== undefined) {
    named(
      'burstCapacity',
      checkNumber(opts.burstCapacity, '', 'burstCapacity', {
        min: 0,
        also: [-1],
        hint: '-1 keeps the activator always in the request path',
      }),
    );
  }
  if (opts.aggregationAlgorithm !== undefined && opts.class === KPA_CLASS) {
    // Knative checks the algorithm only when the class annotation is explicitly KPA.
    if (
      !['linear', 'weighted-exponential', 'weightedExponential'].includes(opts.aggregationAlgorithm)
    ) {
      issues.push({
        path: at('aggregationAlgorithm'),
        message: `aggregationAlgorithm ${show(opts.aggregationAlgorithm)} is not supported; use 'linear' or 'weighted-exponential'`,
      });
    }
  }
  return issues;
}

function asDuration(value: string | number): unknown {
  return typeof value === 'number' ? `${value}s` : value;
}

function checkClass(
  cls: string | undefined,
  pathOf: () => string,
  cluster: ClusterConfig,
): Issue[] {
  if (cls === undefined) return [];
  if (typeof cls !== 'string' || cls === '') {
    return [
      {
        path: pathOf(),
        message: `class ${show(cls)} must be a non-empty string such as '${KPA_CLASS}'`,
      },
    ];
  }
  // validateClass: a class in the knative.dev domain must be one Knative ships.
  if (
    cls.endsWith('.knative.dev') &&
    cls !== KPA_CLASS &&
    cls !== HPA_CLASS &&
    !cluster.extensionClasses.includes(cls)
  ) {
    return [
      {
        path: pathOf(),
        message: `class ${show(cls)} is rejected by upstream Knative, which accepts only '${KPA_CLASS}' or '${HPA_CLASS}' in the knative.dev domain; use one of those, or declare the class in ServingSettings extensionClasses when your Knative distribution provides it`,
      },
    ];
  }
  return [];
}

function checkMetric(opts: AutoscalingOptions, fields: Fields): Issue[] {
  const cls = effectiveClass(opts);
  const metric = opts.metric;
  if (metric === undefined) return [];
  // the class is the other half of the rule only when someone set it
  const where = () =>
    opts.class === undefined
      ? { path: fields.path('metric'), note: '' }
      : conflictAt(fields, 'metric', 'class');
  if (cls === KPA_CLASS && metric !== 'concurrency' && metric !== 'rps') {
    const { path, note } = where();
    return [
      {
        path,
        message: `metric ${show(metric)} does not work with the KPA class; use 'concurrency' or 'rps', or the HPA class ('${HPA_CLASS}') for cpu or memory${note}`,
      },
    ];
  }
  if (cls === HPA_CLASS && (typeof metric !== 'string' || metric === '')) {
    const { path, note } = where();
    return [
      {
        path,
        message: `metric ${show(metric)} must be a non-empty metric name for the HPA class, such as 'cpu' or 'memory'${note}`,
      },
    ];
  }
  return [];
}

// validateMinMaxScale and getIntGE0 in annotation_validation.go
function checkScales(opts: AutoscalingOptions, fields: Fields, cluster: ClusterConfig): Issue[] {
  const issues: Issue[] = [];
  const at = (field: keyof AutoscalingOptions) => fields.path(field);
  const intRule = { min: 0, max: INT32_MAX, integer: true };
  const minOk =
    opts.minScale === undefined || checkNumber(opts.minScale, '', '', intRule).length === 0;
  const maxOk =
    opts.maxScale === undefined || checkNumber(opts.maxScale, '', '', intRule).length === 0;
  if (!minOk) issues.push(...checkNumber(opts.minScale, at('minScale'), 'minScale', intRule));
  if (!maxOk) issues.push(...checkNumber(opts.maxScale, at('maxScale'), 'maxScale', intRule));
  const min = minOk ? (opts.minScale ?? 0) : 0;
  const max = maxOk ? (opts.maxScale ?? 0) : 0;
  if (minOk && maxOk && max !== 0 && max < min) {
    const { path, note } = conflictAt(fields, 'maxScale', 'minScale');
    issues.push({
      path,
      message: `maxScale (${max}) is less than minScale (${min}); raise maxScale or lower minScale (0 means unlimited)${note}`,
    });
  }
  const limit = cluster.autoscaler.maxScaleLimit;
  if (opts.maxScale !== undefined && maxOk && limit > 0 && (max < 1 || max > limit)) {
    issues.push({
      path: at('maxScale'),
      message: `maxScale ${max} is out of range; the cluster's max-scale-limit allows 1 to ${limit} (0, unlimited, is not allowed under a limit)`,
    });
  }
  if (opts.initialScale !== undefined) {
    const initIssues = checkNumber(opts.initialScale, '', 'initialScale', intRule);
    for (const i of initIssues) issues.push({ path: at('initialScale'), message: i.message });
    if (
      initIssues.length === 0 &&
      opts.initialScale === 0 &&
      !cluster.autoscaler.allowZeroInitialScale
    ) {
      issues.push({
        path: at('initialScale'),
        message: `initialScale 0 needs the cluster setting allow-zero-initial-scale: "true" (config-autoscaler); use 1 or enable it in ServingSettings`,
      });
    }
  }
  if (opts.activationScale !== undefined) {
    const act = opts.activationScale;
    const actIssues = checkNumber(act, '', 'activationScale', {
      max: INT32_MAX,
      integer: true,
    });
    for (const i of actIssues) issues.push({ path: at('activationScale'), message: i.message });
    if (actIssues.length === 0 && minOk && maxOk) {
      if (min > act) {
        const { path, note } = conflictAt(fields, 'activationScale', 'minScale');
        issues.push({
          path,
          message: `activationScale (${act}) is less than minScale (${min}); raise activationScale or lower minScale${note}`,
        });
      } else if (max !== 0 && max < act) {
        const { path, note } = conflictAt(fields, 'activationScale', 'maxScale');
        issues.push({
          path,
          message: `activationScale (${act}) is greater than maxScale (${max}); lower activationScale or raise maxScale${note}`,
        });
      } else if (act < 2) {
        issues.push({
          path: at('activationScale'),
          message: `activationScale ${act} must be at least 2; leave it unset for the default of 1`,
        });
      }
    }
  }
  return issues;
}

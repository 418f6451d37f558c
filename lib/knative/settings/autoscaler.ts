import { UPSTREAM_CLUSTER } from '../cluster-config';
import {
  Issue,
  checkDns1123Subdomain,
  checkNumber,
  isDns1123Subdomain,
  joinPath,
  show,
} from '../../validation';
import { Collector, Rendered, boolKey, durationKey, numberKey } from './collector';

/** `config-autoscaler` (knative/serving pkg/autoscaler/config/config.go). Unset keys keep the cluster's value. */
export interface AutoscalerSettings {
  /** `pod-autoscaler-class`. A class ending in `.knative.dev` must be kpa, hpa or one of `extensionClasses`. @default 'kpa.autoscaling.knative.dev' */
  readonly podAutoscalerClass?: string;
  /** `enable-scale-to-zero`. @default true */
  readonly enableScaleToZero?: boolean;
  /** `allow-zero-initial-scale`. @default false */
  readonly allowZeroInitialScale?: boolean;
  /** `initial-scale`: whole number, at least 1 (0 only with allowZeroInitialScale). @default 1 */
  readonly initialScale?: number;
  /** `min-scale`: cluster-wide default lower bound, whole number >= 0, <= maxScale when maxScale > 0. @default 0 */
  readonly minScale?: number;
  /** `max-scale`: cluster-wide default upper bound, whole number; 0 = unlimited; in [1, maxScaleLimit] when a limit is set. @default 0 */
  readonly maxScale?: number;
  /** `max-scale-limit`: the largest max-scale a revision may ask for, whole number >= 0; 0 = no limit. @default 0 */
  readonly maxScaleLimit?: number;
  /** `container-concurrency-target-percentage`, in (0, 100]; values <= 1 are read as fractions. @default 70 */
  readonly containerConcurrencyTargetPercentage?: number;
  /** `container-concurrency-target-default`; percentage x default must be >= 0.01. @default 100 */
  readonly containerConcurrencyTargetDefault?: number;
  /** `requests-per-second-target-default`, >= 0.01. @default 200 */
  readonly requestsPerSecondTargetDefault?: number;
  /** `target-burst-capacity`, >= 0, or -1 to keep the activator always in the path. @default 211 */
  readonly targetBurstCapacity?: number;
  /** `stable-window`: Go duration in [6s, 1h], whole seconds. @default '60s' */
  readonly stableWindow?: string;
  /** `panic-window-percentage`, in [1, 100]. @default 10 */
  readonly panicWindowPercentage?: number;
  /** `panic-threshold-percentage` (Knative does not range-check it here; must be > 0). @default 200 */
  readonly panicThresholdPercentage?: number;
  /** `max-scale-up-rate`, > 1. @default 1000 */
  readonly maxScaleUpRate?: number;
  /** `max-scale-down-rate`, > 1. @default 2 */
  readonly maxScaleDownRate?: number;
  /** `scale-to-zero-grace-period`: Go duration > 0. @default '30s' */
  readonly scaleToZeroGracePeriod?: string;
  /** `scale-to-zero-pod-retention-period`: Go duration >= 0. @default '0s' */
  readonly scaleToZeroPodRetentionPeriod?: string;
  /** `scale-down-delay`: Go duration >= 0, whole seconds. @default '0s' */
  readonly scaleDownDelay?: string;
  /** `activator-capacity`, >= 1. @default 100 */
  readonly activatorCapacity?: number;
}

/**
 * What each `config-autoscaler` key means when unset: Knative's defaults (knative/serving
 * pkg/autoscaler/config/config.go defaultConfig). The manifests' checks and the simulator read this table.
 */
export const AUTOSCALER_DEFAULTS = {
  podAutoscalerClass: 'kpa.autoscaling.knative.dev',
  enableScaleToZero: true,
  allowZeroInitialScale: false,
  initialScale: 1,
  minScale: 0,
  maxScale: 0,
  maxScaleLimit: 0,
  containerConcurrencyTargetPercentage: 70,
  containerConcurrencyTargetDefault: 100,
  requestsPerSecondTargetDefault: 200,
  targetBurstCapacity: 211,
  stableWindow: '60s',
  panicWindowPercentage: 10,
  panicThresholdPercentage: 200,
  maxScaleUpRate: 1000,
  maxScaleDownRate: 2,
  scaleToZeroGracePeriod: '30s',
  scaleToZeroPodRetentionPeriod: '0s',
  scaleDownDelay: '0s',
  activatorCapacity: 100,
} as const satisfies Required<AutoscalerSettings>;

const KPA = 'kpa.autoscaling.knative.dev';
const HPA = 'hpa.autoscaling.knative.dev';

export function checkExtensionClasses(classes: readonly string[], path: string): Issue[] {
  return classes.flatMap((cls, i) => {
    const at = joinPath(path, i);
    if (typeof cls !== 'string' || !isDns1123Subdomain(cls)) {
      return checkDns1123Subdomain(cls, at, 'extension class');
    }
    if (!cls.endsWith('.knative.dev')) {
      return [
        {
          path: at,
          message: `extension class ${show(cls)} does not end in '.knative.dev'; Knative accepts such classes anyway, so remove it from extensionClasses`,
        },
      ];
    }
    return [];
  });
}

// knative/serving pkg/autoscaler/config/config.go (validate) and pkg/apis/autoscaling/annotation_validation.go (validateClass)
export function autoscalerData(
  a: AutoscalerSettings,
  path: string,
  extensionClasses: readonly string[],
): Rendered {
  const c = new Collector(path);
  if (a.podAutoscalerClass !== undefined) {
    const cls = a.podAutoscalerClass;
    if (typeof cls !== 'string' || cls === '') {
      c.check([
        {
          path: c.at('podAutoscalerClass'),
          message: `pod-autoscaler-class ${show(cls)} must be a class name such as '${KPA}'`,
        },
      ]);
    } else if (
      cls.endsWith('.knative.dev') &&
      cls !== KPA &&
      cls !== HPA &&
      !extensionClasses.includes(cls)
    ) {
      c.check([
        {
          path: c.at('podAutoscalerClass'),
          message: `pod-autoscaler-class ${show(cls)} is refused by upstream Knative, which accepts only '${KPA}' and '${HPA}' under knative.dev; list it in extensionClasses if your Knative distribution provides it`,
        },
      ]);
    } else {
      c.set('pod-autoscaler-class', cls);
    }
  }
  boolKey(c, a.enableScaleToZero, 'enableScaleToZero', 'enable-scale-to-zero');
  boolKey(c, a.allowZeroInitialScale, 'allowZeroInitialScale', 'allow-zero-initial-scale');

  const allowZero = a.allowZeroInitialScale ?? UPSTREAM_CLUSTER.autoscaler.allowZeroInitialScale;
  if (a.initialScale !== undefined) {
    if (
      c.check(
        checkNumber(a.initialScale, c.at('initialScale'), 'initial-scale', {
          integer: true,
          min: 0,
        }),
      )
    ) {
      if (a.initialScale === 0 && !allowZero) {
        c.check([
          {
            path: c.at('initialScale'),
            message: `initial-scale 0 needs allow-zero-initial-scale; set allowZeroInitialScale: true or use at least 1`,
          },
        ]);
      } else {
        c.set('initial-scale', `${a.initialScale}`);
      }
    }
  }

  numberKey(c, a.maxScaleLimit, 'maxScaleLimit', 'max-scale-limit', {
    integer: true,
    min: 0,
    hint: '0 means no limit',
  });
  const limit = typeof a.maxScaleLimit === 'number' && a.maxScaleLimit > 0 ? a.maxScaleLimit : 0;
  if (a.maxScale !== undefined) {
    const rule =
      limit > 0
        ? {
            integer: true,
            min: 1,
            max: limit,
            hint: `max-scale-limit is ${limit}; raise maxScaleLimit or lower maxScale`,
          }
        : { integer: true, min: 0, hint: '0 means unlimited' };
    numberKey(c, a.maxScale, 'maxScale', 'max-scale', rule);
  } else if (limit > 0) {
    // Knative's default max-scale 0 (unlimited) is out of range once a limit is set.
    c.check([
      {
        path: c.at('maxScale'),
        message: `max-scale must be set to 1..${limit} when max-scale-limit is ${limit}; Knative's default 0 (unlimited) exceeds the limit`,
      },
    ]);
  }
  if (
    a.minScale !== undefined &&
    c.check(checkNumber(a.minScale, c.at('minScale'), 'min-scale', { integer: true, min: 0 }))
  ) {
    const max = typeof a.maxScale === 'number' ? a.maxScale : 0;
    if (max > 0 && a.minScale > max) {
      c.check([
        {
          path: c.at('minScale'),
          message: `min-scale (${a.minScale}) must not exceed max-scale (${max}); raise maxScale or lower minScale`,
        },
      ]);
    } else {
      c.set('min-scale', `${a.minScale}`);
    }
  }

  if (a.containerConcurrencyTargetPercentage !== undefined) {
    const v = a.containerConcurrencyTargetPercentage;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 100) {
      c.check([
        {
          path: c.at('containerConcurrencyTargetPercentage'),
          message: `container-concurrency-target-percentage ${show(v)} is out of range; allowed: more than 0, at most 100 (values up to 1 are read as fractions)`,
        },
      ]);
    } else {
      c.set('container-concurrency-target-percentage', `${v}`);
    }
  }
  numberKey(
    c,
    a.containerConcurrencyTargetDefault,
    'containerConcurrencyTargetDefault',
    'container-concurrency-target-default',
    { min: 0.01 },
  );
  const pct =
    typeof a.containerConcurrencyTargetPercentage === 'number'
      ? a.containerConcurrencyTargetPercentage
      : AUTOSCALER_DEFAULTS.containerConcurrencyTargetPercentage;
  const dflt =
    typeof a.containerConcurrencyTargetDefault === 'number'
      ? a.containerConcurrencyTargetDefault
      : AUTOSCALER_DEFAULTS.containerConcurrencyTargetDefault;
  const target = (pct > 1 ? pct / 100 : pct) * dflt;
  if (
    (a.containerConcurrencyTargetPercentage !== undefined ||
      a.containerConcurrencyTargetDefault !== undefined) &&
    pct > 0 &&
    pct <= 100 &&
    dflt >= 0.01 &&
    target < 0.01
  ) {
    c.check([
      {
        path: c.at('containerConcurrencyTargetPercentage'),
        message: `container-concurrency-target-percentage ${pct} and container-concurrency-target-default ${dflt} give a target concurrency of ${+target.toPrecision(6)}; it must be at least 0.01`,
      },
    ]);
  }
  numberKey(
    c,
    a.requestsPerSecondTargetDefault,
    'requestsPerSecondTargetDefault',
    'requests-per-second-target-default',
    { min: 0.01 },
  );
  numberKey(c, a.targetBurstCapacity, 'targetBurstCapacity', 'target-burst-capacity', {
    min: 0,
    also: [-1],
    hint: '-1 keeps the activator always in the path',
  });
  durationKey(c, a.stableWindow, 'stableWindow', 'stable-window', {
    minSeconds: 6,
    maxSeconds: 3600,
    wholeSeconds: true,
  });
  numberKey(c, a.panicWindowPercentage, 'panicWindowPercentage', 'panic-window-percentage', {
    min: 1,
    max: 100,
  });
  if (a.panicThresholdPercentage !== undefined) {
    const v = a.panicThresholdPercentage;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      c.check([
        {
          path: c.at('panicThresholdPercentage'),
          message: `panic-threshold-percentage ${show(v)} must be a number above 0, such as 200`,
        },
      ]);
    } else {
      c.set('panic-threshold-percentage', `${v}`);
    }
  }
  for (const [prop, key] of [
    ['maxScaleUpRate', 'max-scale-up-rate'],
    ['maxScaleDownRate', 'max-scale-down-rate'],
  ] as const) {
    const v = a[prop];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 1) {
      c.check([{ path: c.at(prop), message: `${key} ${show(v)} must be greater than 1` }]);
    } else {
      c.set(key, `${v}`);
    }
  }
  durationKey(
    c,
    a.scaleToZeroGracePeriod,
    'scaleToZeroGracePeriod',
    'scale-to-zero-grace-period',
    { minSeconds: 0 },
    true,
  );
  durationKey(
    c,
    a.scaleToZeroPodRetentionPeriod,
    'scaleToZeroPodRetentionPeriod',
    'scale-to-zero-pod-retention-period',
    { minSeconds: 0 },
  );
  durationKey(c, a.scaleDownDelay, 'scaleDownDelay', 'scale-down-delay', {
    minSeconds: 0,
    wholeSeconds: true,
  });
  numberKey(c, a.activatorCapacity, 'activatorCapacity', 'activator-capacity', { min: 1 });
  return c.done();
}

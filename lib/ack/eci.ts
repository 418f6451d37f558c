import { Issue, checkQuantity, joinPath, show } from '../validation';

/** The label and taint of ACK virtual nodes (ack-alicloud.md §2.1). */
export const VIRTUAL_NODE_SELECTOR = { type: 'virtual-kubelet' } as const;
export const VIRTUAL_NODE_TOLERATION = {
  key: 'virtual-kubelet.io/provider',
  operator: 'Equal',
  value: 'alibabacloud',
  effect: 'NoSchedule',
} as const;
/** Pod label that sends a pod to ECI ahead of every other scheduling rule. */
export const ECI_LABEL = 'alibabacloud.com/eci';
/** Prefix of ECI pod annotations. */
export const ECI_ANNOTATION_PREFIX = 'k8s.aliyun.com/eci-';

/** ECI pod options, rendered as `k8s.aliyun.com/eci-*` annotations (ECI Pod Annotation docs). */
export interface EciOptions {
  /** Ordered instance types or `<vCPU>-<mem>Gi` specs to try. @default - ECI picks from the requests */
  readonly instanceTypes?: readonly string[];
  /** Spot strategy. @default - pay-as-you-go, no spot */
  readonly spot?: 'SpotAsPriceGo' | 'SpotWithPriceLimit';
  /** Hourly price limit, only with `SpotWithPriceLimit`. @default - none */
  readonly spotPriceLimit?: number;
  /** Let ECI match an image cache automatically (large model images start faster). @default true */
  readonly imageCache?: boolean;
  /** Extra temporary storage, e.g. `50Gi` for model weights. @default - none */
  readonly extraEphemeralStorage?: string;
  /** GPU driver for GPU instance types with several drivers, e.g. `tesla=525.85.12`. @default - ECI's default */
  readonly gpuDriverVersion?: string;
}

/** ECI options as pod annotations, keys sorted. */
export function eciAnnotations(opts: EciOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (opts.imageCache ?? true) out['k8s.aliyun.com/eci-auto-imc'] = 'true';
  if (opts.extraEphemeralStorage !== undefined)
    out['k8s.aliyun.com/eci-extra-ephemeral-storage'] = opts.extraEphemeralStorage;
  if (opts.gpuDriverVersion !== undefined)
    out['k8s.aliyun.com/eci-gpu-driver-version'] = opts.gpuDriverVersion;
  if (opts.spot !== undefined) out['k8s.aliyun.com/eci-spot-strategy'] = opts.spot;
  if (opts.spotPriceLimit !== undefined)
    out['k8s.aliyun.com/eci-spot-price-limit'] = opts.spotPriceLimit
      .toFixed(3)
      .replace(/\.?0+$/, '');
  if (opts.instanceTypes && opts.instanceTypes.length > 0)
    out['k8s.aliyun.com/eci-use-specs'] = opts.instanceTypes.join(',');
  return out;
}

const SPEC = /^(ecs\.[a-z0-9-]+\.[a-z0-9]+|[0-9.]+-[0-9.]+Gi)$/;
/** GPU instance families on Alibaba Cloud: gn*, vgn*, sgn*, ebmgn*. */
const GPU_TYPE = /^ecs\.(gn|vgn|sgn|ebmgn)[0-9]/;

export function isGpuInstanceType(type: string): boolean {
  return GPU_TYPE.test(type);
}

export function checkEciOptions(opts: EciOptions, path: string): Issue[] {
  const issues: Issue[] = [];
  (opts.instanceTypes ?? []).forEach((t, i) => {
    if (typeof t !== 'string' || !SPEC.test(t)) {
      issues.push({
        path: joinPath(joinPath(path, 'instanceTypes'), i),
        message: `instance type ${show(t)} is neither an ECS type such as 'ecs.c7.xlarge' nor a spec such as '2-4Gi'`,
      });
    }
  });
  if ((opts.instanceTypes?.length ?? 0) > 5) {
    issues.push({
      path: joinPath(path, 'instanceTypes'),
      message: `${opts.instanceTypes?.length} instance types are listed; ECI tries at most 5, so keep the best 5`,
    });
  }
  if (opts.spotPriceLimit !== undefined && opts.spot !== 'SpotWithPriceLimit') {
    issues.push({
      path: joinPath(path, 'spotPriceLimit'),
      message: `spotPriceLimit only applies with spot 'SpotWithPriceLimit' (got ${show(opts.spot)}); set spot or drop the limit`,
    });
  }
  if (opts.extraEphemeralStorage !== undefined) {
    issues.push(
      ...checkQuantity(
        opts.extraEphemeralStorage,
        joinPath(path, 'extraEphemeralStorage'),
        'extraEphemeralStorage',
        { nonNegative: true },
      ),
    );
  }
  return issues;
}

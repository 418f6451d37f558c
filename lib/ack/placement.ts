import {
  EciOptions,
  ECI_LABEL,
  VIRTUAL_NODE_SELECTOR,
  VIRTUAL_NODE_TOLERATION,
  checkEciOptions,
  eciAnnotations,
} from './eci';
import { GPU_POOL, GPU_TAINT, POOL_LABEL_KEY, STEADY_POOL } from './node-labels';
import { Toleration } from '../knative/pod-spec';
import { Issue, checkGoDuration, checkNumber, joinPath } from '../validation';

/** The ECS unit of a ResourcePolicy: which nodes to fill first, and how many pods at most. */
export interface EcsUnit {
  /** Node labels of the ECS nodes to use first. @default { 'ack-serving.io/pool': 'steady' } */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Pods at most on ECS before overflowing to ECI. @default - until ECS is full */
  readonly max?: number;
}

export interface EcsThenEciOptions extends EciOptions {
  readonly ecs?: EcsUnit;
  /**
   * Move on to ECI after pods wait this long for ECS (`whenTryNextUnits` with
   * `TimeoutOrExceedMax`); needs ACK >= 1.24.
   * @default - ECI as soon as ECS lacks resources
   */
  readonly waitForEcs?: string;
}

export interface EciPlacementOptions extends EciOptions {
  /**
   * How pods reach virtual nodes: a nodeSelector and toleration (needs Knative feature flags), or
   * the `alibabacloud.com/eci` pod label (no flags needed; overrides every other scheduling rule).
   * @default 'node-selector'
   */
  readonly via?: 'node-selector' | 'label';
}

export interface GpuPlacementOptions extends EciOptions {
  /**
   * ECI GPU instances (`instanceTypes` such as `ecs.gn7i-c8g1.2xlarge`), or the GPU node pool
   * (nodes labelled `ack-serving.io/pool: gpu`, tainted `nvidia.com/gpu`).
   * @default 'eci'
   */
  readonly on?: 'eci' | 'node-pool';
}

/** What a placement adds to a revision template and beside it. */
export interface PlacementRendering {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** ResourcePolicy units, when the placement needs one (ECS first, then ECI). */
  readonly resourcePolicy?: { readonly ecs: EcsUnit; readonly waitForEcs?: string };
}

export type PlacementMode = 'ecs' | 'eci' | 'ecs-then-eci' | 'gpu';

/**
 * Where a version's pods run on ACK: regular ECS nodes, ECI virtual nodes, ECS first with overflow
 * to ECI, or GPUs. Each factory states one intent; `render()` gives the template fields.
 */
export class Placement {
  /** Regular ECS nodes only (virtual nodes are tainted, so pods stay off them). */
  public static ecs(opts: { pool?: string } = {}): Placement {
    return new Placement('ecs', {}, opts.pool);
  }
  /** ECI virtual nodes only: pay per pod-second, nothing held at zero. */
  public static eci(opts: EciPlacementOptions = {}): Placement {
    return new Placement('eci', opts);
  }
  /** Steady load on the subscription ECS pool, bursts on ECI (a ResourcePolicy). */
  public static ecsThenEci(opts: EcsThenEciOptions = {}): Placement {
    return new Placement('ecs-then-eci', opts);
  }
  /** GPU pods, on ECI GPU instances or the GPU node pool. */
  public static gpu(opts: GpuPlacementOptions = {}): Placement {
    return new Placement('gpu', opts);
  }

  private constructor(
    public readonly mode: PlacementMode,
    public readonly options: EciPlacementOptions & EcsThenEciOptions & GpuPlacementOptions,
    private readonly pool?: string,
  ) {}

  /** True when pods may land on ECI virtual nodes. */
  public get usesEci(): boolean {
    return (
      this.mode === 'eci' ||
      this.mode === 'ecs-then-eci' ||
      (this.mode === 'gpu' && (this.options.on ?? 'eci') === 'eci')
    );
  }

  /** The ECI instance types pods may get. */
  public get eciInstanceTypes(): readonly string[] {
    return this.usesEci ? (this.options.instanceTypes ?? []) : [];
  }

  public check(path: string): Issue[] {
    const issues: Issue[] = [];
    if (this.usesEci) issues.push(...checkEciOptions(this.options, path));
    if (this.mode === 'ecs-then-eci' && this.options.ecs?.max !== undefined) {
      issues.push(
        ...checkNumber(this.options.ecs.max, joinPath(joinPath(path, 'ecs'), 'max'), 'ecs.max', {
          min: 1,
          integer: true,
        }),
      );
    }
    if (this.mode === 'ecs-then-eci' && this.options.waitForEcs !== undefined) {
      issues.push(
        ...checkGoDuration(this.options.waitForEcs, joinPath(path, 'waitForEcs'), 'waitForEcs', {
          minSeconds: 1,
        }),
      );
    }
    if (
      this.mode === 'gpu' &&
      (this.options.on ?? 'eci') === 'eci' &&
      !this.options.instanceTypes?.length
    ) {
      issues.push({
        path: joinPath(path, 'instanceTypes'),
        message:
          "a GPU placement on ECI needs instanceTypes with a GPU type such as 'ecs.gn7i-c8g1.2xlarge'",
      });
    }
    return issues;
  }

  public render(): PlacementRendering {
    switch (this.mode) {
      case 'ecs':
        return {
          labels: {},
          annotations: {},
          ...(this.pool ? { nodeSelector: { [POOL_LABEL_KEY]: this.pool } } : {}),
        };
      case 'eci':
        if ((this.options.via ?? 'node-selector') === 'label') {
          return { labels: { [ECI_LABEL]: 'true' }, annotations: eciAnnotations(this.options) };
        }
        return {
          nodeSelector: { ...VIRTUAL_NODE_SELECTOR },
          tolerations: [{ ...VIRTUAL_NODE_TOLERATION }],
          labels: {},
          annotations: eciAnnotations(this.options),
        };
      case 'ecs-then-eci':
        // ResourcePolicy eci units add the virtual-node toleration themselves (ack-alicloud.md §2.3).
        return {
          labels: {},
          annotations: eciAnnotations(this.options),
          resourcePolicy: {
            ecs: {
              nodeSelector: this.options.ecs?.nodeSelector ?? { [POOL_LABEL_KEY]: STEADY_POOL },
              ...(this.options.ecs?.max !== undefined ? { max: this.options.ecs.max } : {}),
            },
            waitForEcs: this.options.waitForEcs,
          },
        };
      case 'gpu':
        if ((this.options.on ?? 'eci') === 'node-pool') {
          return {
            nodeSelector: { [POOL_LABEL_KEY]: GPU_POOL },
            tolerations: [
              {
                key: GPU_TAINT.key,
                operator: 'Equal',
                value: GPU_TAINT.value,
                effect: GPU_TAINT.effect,
              },
            ],
            labels: {},
            annotations: {},
          };
        }
        return {
          nodeSelector: { ...VIRTUAL_NODE_SELECTOR },
          tolerations: [{ ...VIRTUAL_NODE_TOLERATION }],
          labels: {},
          annotations: eciAnnotations(this.options),
        };
    }
  }
}

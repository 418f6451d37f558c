import { AckSettings } from './ack-settings';
import { ECI_ANNOTATION_PREFIX, ECI_LABEL, isGpuInstanceType } from './eci';
import { Placement } from './placement';
import { ReservedInstanceOptions } from './reserved-instance';
import {
  Issue,
  Where,
  conflictAt,
  fieldsOf,
  joinPath,
  nestedFields,
  relocate,
  show,
} from '../validation';

/** What the ACK rules need to know about one revision template. */
export interface AckWorkload {
  readonly placement: Placement;
  readonly reserve?: ReservedInstanceOptions;
  /** The autoscaler class the revision will use. */
  readonly autoscalingClass: string;
  readonly containerConcurrency?: number;
  /** Labels and annotations the user added by hand. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The serving container's `nvidia.com/gpu` limit, if any. */
  readonly gpuLimit?: number;
}

const HPA_CLASS = 'hpa.autoscaling.knative.dev';
const BURST_RESOURCE = 'alibabacloud.com/burst-resource';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * Rules ACK documents but nothing checks before a pod fails to schedule or a feature silently does
 * nothing (ack-alicloud.md §2, §3.5-§3.8). Paths: `placement`, `reserve`, `resources`, ... under
 * `where`, or where each of those fields was written when they were merged from several levels.
 */
export function checkAckWorkload(w: AckWorkload, where: Where, settings: AckSettings): Issue[] {
  const fields = fieldsOf(where);
  const issues: Issue[] = relocate(w.placement.check(''), fields, 'placement');
  const annotations = w.annotations ?? {};
  const labels = w.labels ?? {};
  // Rules between a field and the autoscaler class (`autoscaling.class`, not a top-level field).
  const withClass = (field: string, key?: string) => {
    const scaling = nestedFields(fields, 'autoscaling');
    return conflictAt(
      {
        path: (f) => (f === 'class' ? scaling.path('class') : fields.path(field, key)),
        source: (f) => (f === 'class' ? scaling.source('class') : fields.source(field, key)),
      },
      key ?? field,
      'class',
    );
  };
  // A GPU instance type gives no GPU to the container without the limit (§3.8: "the pod fails without it").
  const gpuTypes = w.placement.eciInstanceTypes.filter(isGpuInstanceType);
  if ((gpuTypes.length > 0 || w.placement.mode === 'gpu') && !(w.gpuLimit && w.gpuLimit > 0)) {
    const what =
      gpuTypes.length > 0 ? `the GPU instance type ${show(gpuTypes[0])}` : 'a GPU placement';
    // A gpu value that was written (0) is the wrong one; else the limit belongs with the placement.
    const placementLevel = fields.source('placement')?.path;
    issues.push({
      path:
        w.gpuLimit !== undefined || placementLevel === undefined
          ? fields.path('resources', 'gpu')
          : joinPath(placementLevel, 'resources'),
      message: `${what} needs a 'nvidia.com/gpu' limit on the container; set resources.gpu (e.g. 1)`,
    });
  }
  if (w.placement.mode === 'ecs') {
    for (const key of Object.keys(annotations).filter((k) => k.startsWith(ECI_ANNOTATION_PREFIX))) {
      issues.push({
        path: fields.path('annotations', key),
        message: `ECI annotation ${show(key)} has no effect with placement 'ecs' (pods never run on ECI); use placement 'eci' or 'ecs-then-eci', or remove it`,
      });
    }
  }
  if (w.placement.mode === 'ecs-then-eci') {
    // The ResourcePolicy decides ECS vs ECI; these override or conflict with it (§2.3).
    if (labels[ECI_LABEL] !== undefined) {
      issues.push({
        path: fields.path('labels', ECI_LABEL),
        message: `label ${show(ECI_LABEL)} sends every pod to ECI and overrides the ResourcePolicy of placement 'ecs-then-eci'; remove it or use placement 'eci'`,
      });
    }
    if (annotations[BURST_RESOURCE] !== undefined) {
      issues.push({
        path: fields.path('annotations', BURST_RESOURCE),
        message: `annotation ${show(BURST_RESOURCE)} (ElasticResource) cannot be combined with the ResourcePolicy of placement 'ecs-then-eci'; remove it`,
      });
    }
    if (annotations[DELETION_COST] !== undefined) {
      issues.push({
        path: fields.path('annotations', DELETION_COST),
        message: `annotation ${show(DELETION_COST)} conflicts with the ResourcePolicy's scale-in order; remove it`,
      });
    }
  }
  if (w.reserve && w.reserve.enabled !== false) {
    if (w.autoscalingClass === HPA_CLASS) {
      const { path, note } = withClass('reserve');
      issues.push({
        path,
        message: `reserved instances work with request-based scaling to zero, not the HPA class; use class 'kpa' or disable reserve${note}`,
      });
    }
    if ((w.reserve.type ?? 'eci') !== 'ecs' && w.placement.mode === 'ecs') {
      issues.push({
        path: fields.path('reserve', 'type'),
        message: `a reserved instance of type ${show(w.reserve.type ?? 'eci')} runs on virtual nodes, but placement is 'ecs'; set reserve.type 'ecs' or a placement that uses ECI`,
      });
    }
  }
  if (
    w.autoscalingClass === settings.mpaClass &&
    !(w.containerConcurrency && w.containerConcurrency > 0)
  ) {
    // An unset concurrency was written nowhere: it belongs with the class that needs it.
    const classLevel = nestedFields(fields, 'autoscaling').source('class')?.path;
    const { path, note } =
      w.containerConcurrency === undefined
        ? {
            path:
              classLevel === undefined
                ? fields.path('concurrency')
                : joinPath(classLevel, 'concurrency'),
            note: '',
          }
        : withClass('concurrency');
    issues.push({
      path,
      message: `class 'mpa' enforces a hard per-pod cap at the MSE gateway and needs containerConcurrency above 0; set concurrency (e.g. 1 for Stable Diffusion)${note}`,
    });
  }
  return issues;
}

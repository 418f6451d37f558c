/**
 * Node labels and taints shared by the node pools (`lib/cloud`) and the placement rules (`lib/ack`).
 * They live here, free of any Pulumi import, so a pure cdk8s user can target the same nodes.
 */

/** Label key every node pool created by the library carries; its value names the pool. */
export const POOL_LABEL_KEY = 'ack-serving.io/pool';

/** `ack-serving.io/pool` value of the steady (subscription, fixed-size) CPU pool. */
export const STEADY_POOL = 'steady';

/** `ack-serving.io/pool` value of the autoscaling GPU pool. */
export const GPU_POOL = 'gpu';

/** Taint on every GPU pool node; only pods that tolerate it (GPU models) land there. */
export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' } as const;

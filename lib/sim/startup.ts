/**
 * Pod start-up as a sum of parts: scheduling, ECI instance creation, image pull, container start and
 * readiness, endpoint propagation. Each figure is an assumption with its source, overridable in the
 * prices/assumptions file (`startup:`) or replaced by a measured total (`startDelay`).
 */

/** The parts, in seconds, and the default image size. */
export interface StartupAssumptions {
  /** kube-scheduler (ECS) or the virtual node (ECI) binds the pod. */
  readonly schedulingSeconds: number;
  /** ECI creates the instance (sandbox, ENI) for a CPU pod. ECS pool nodes already exist: 0. */
  readonly eciInstanceSeconds: number;
  /** ECI creates a GPU instance (GPU types take longer to allocate and attach their driver). */
  readonly gpuInstanceSeconds: number;
  /** Registry throughput for an image pull with no cache, MiB per second. */
  readonly pullMiBPerSecond: number;
  /** Seconds to mount an image from a matching ECI ImageCache instead of pulling it. */
  readonly imageCacheSeconds: number;
  /** Container start and model load until the readiness probe first passes (CPU pods). */
  readonly containerStartSeconds: number;
  /** The same for GPU pods (model weights loaded onto the GPU). */
  readonly gpuContainerStartSeconds: number;
  /** Kubelet and queue-proxy report the pod Ready after the first passing probe. */
  readonly readinessSeconds: number;
  /** The Ready pod reaches the EndpointSlice, the activator's throttler and the ingress. */
  readonly endpointSeconds: number;
  /** Image size of a version that names none. */
  readonly imageSizeGiB: number;
  /** Image size per model, when the catalog's images differ. @default - none */
  readonly imageSizeGiBByModel?: Readonly<Record<string, number>>;
}

/** MB/s in the ImageCache example: a 386.26 MB image pulled in 50 s from Docker Hub. */
const EXAMPLE_PULL_MIB_PER_SECOND = 386.26e6 / 2 ** 20 / 50;

/**
 * Default figures. Only the image figures are documented by Alibaba Cloud; the rest are assumptions
 * chosen so that a CPU pod on ECI with a matching image cache starts in 45 s (the previous single
 * default). Measure your own and set them in the assumptions file.
 */
export const DEFAULT_STARTUP: StartupAssumptions = {
  schedulingSeconds: 1, // assumption: one scheduling cycle
  eciInstanceSeconds: 20, // assumption: ECI documents no creation time
  gpuInstanceSeconds: 30, // assumption
  // https://www.alibabacloud.com/help/doc-detail/365643.htm (386.26 MB in 50 s, about 7.4 MiB/s)
  pullMiBPerSecond: Math.round(EXAMPLE_PULL_MIB_PER_SECOND * 100) / 100,
  // https://www.alibabacloud.com/help/doc-detail/365643.htm (the same image in 5 s from an image cache)
  imageCacheSeconds: 5,
  containerStartSeconds: 15, // assumption: process start and model load
  gpuContainerStartSeconds: 80, // assumption: weights loaded onto the GPU
  // knative/serving pkg/queue/readiness/probe.go: queue-proxy probes aggressively until ready
  readinessSeconds: 2,
  // assumption: EndpointSlice update watched by the activator (pkg/activator/net/throttler.go)
  endpointSeconds: 2,
  imageSizeGiB: 2, // assumption
};

/** Where a pod starts: on an existing ECS pool node, on ECI (CPU), or on a GPU ECI instance. */
export type StartupTarget = 'ecs' | 'eci' | 'gpu';

/** Start-up of one pod, part by part, in seconds. */
export interface StartupBreakdown {
  readonly scheduling: number;
  readonly instance: number;
  readonly imagePull: number;
  readonly containerStart: number;
  readonly readiness: number;
  readonly endpoints: number;
  readonly total: number;
}

/**
 * Start-up of a pod of `imageSizeGiB` on `target`. On ECS pool nodes the image is taken to be on the
 * node already (pulled at deploy, kept by the kubelet), so no pull. On ECI, `imageCache` (the
 * `k8s.aliyun.com/eci-auto-imc` annotation, on by default in the manifests, or a `ModelImageCache`)
 * mounts the image in `imageCacheSeconds`; without it the image is pulled at `pullMiBPerSecond`.
 * https://www.alibabacloud.com/help/en/eci/user-guide/use-imagecache-to-accelerate-the-creation-of-pods
 */
export function startupBreakdown(
  target: StartupTarget,
  imageSizeGiB: number,
  imageCache: boolean,
  a: StartupAssumptions = DEFAULT_STARTUP,
): StartupBreakdown {
  const instance =
    target === 'ecs' ? 0 : target === 'gpu' ? a.gpuInstanceSeconds : a.eciInstanceSeconds;
  const imagePull =
    target === 'ecs'
      ? 0
      : imageCache
        ? a.imageCacheSeconds
        : (imageSizeGiB * 1024) / a.pullMiBPerSecond;
  const containerStart = target === 'gpu' ? a.gpuContainerStartSeconds : a.containerStartSeconds;
  const parts = {
    scheduling: a.schedulingSeconds,
    instance,
    imagePull,
    containerStart,
    readiness: a.readinessSeconds,
    endpoints: a.endpointSeconds,
  };
  const total =
    parts.scheduling +
    parts.instance +
    parts.imagePull +
    parts.containerStart +
    parts.readiness +
    parts.endpoints;
  return { ...parts, total };
}

import { Testing } from 'cdk8s';
import { checkAckWorkload } from '../../lib/ack/ack-rules';
import { DEFAULT_ACK_SETTINGS, ackExtensionClasses, ackSettings } from '../../lib/ack/ack-settings';
import { AhpaTemplate, checkAhpaTemplate } from '../../lib/ack/ahpa-template';
import { eciAnnotations, isGpuInstanceType } from '../../lib/ack/eci';
import { Placement } from '../../lib/ack/placement';
import {
  checkReservedInstance,
  reservedInstanceAnnotations,
} from '../../lib/ack/reserved-instance';
import { ResourcePolicy, checkResourcePolicy } from '../../lib/ack/resource-policy';

const KPA = 'kpa.autoscaling.knative.dev';
const msgs = (issues: { path: string; message: string }[]) =>
  issues.map((i) => `${i.path}: ${i.message}`);

describe('Placement', () => {
  test('ecs adds nothing, or pins a pool', () => {
    expect(Placement.ecs().render()).toEqual({ labels: {}, annotations: {} });
    expect(Placement.ecs({ pool: 'steady' }).render().nodeSelector).toEqual({
      'ack-serving.io/pool': 'steady',
    });
  });

  test('eci targets virtual nodes by selector and toleration, with ECI annotations', () => {
    expect(
      Placement.eci({
        instanceTypes: ['ecs.c7.large', '2-4Gi'],
        spot: 'SpotWithPriceLimit',
        spotPriceLimit: 0.5,
        extraEphemeralStorage: '20Gi',
      }).render(),
    ).toEqual({
      nodeSelector: { type: 'virtual-kubelet' },
      tolerations: [
        {
          key: 'virtual-kubelet.io/provider',
          operator: 'Equal',
          value: 'alibabacloud',
          effect: 'NoSchedule',
        },
      ],
      labels: {},
      annotations: {
        'k8s.aliyun.com/eci-auto-imc': 'true',
        'k8s.aliyun.com/eci-extra-ephemeral-storage': '20Gi',
        'k8s.aliyun.com/eci-spot-price-limit': '0.5',
        'k8s.aliyun.com/eci-spot-strategy': 'SpotWithPriceLimit',
        'k8s.aliyun.com/eci-use-specs': 'ecs.c7.large,2-4Gi',
      },
    });
  });

  test('eci via the pod label needs no scheduling fields', () => {
    const r = Placement.eci({ via: 'label', imageCache: false }).render();
    expect(r).toEqual({ labels: { 'alibabacloud.com/eci': 'true' }, annotations: {} });
  });

  test('ecs-then-eci asks for a ResourcePolicy, steady pool first', () => {
    const r = Placement.ecsThenEci({ ecs: { max: 10 }, waitForEcs: '1m' }).render();
    expect(r.resourcePolicy).toEqual({
      ecs: { nodeSelector: { 'ack-serving.io/pool': 'steady' }, max: 10 },
      waitForEcs: '1m',
    });
    expect(r.nodeSelector).toBeUndefined();
  });

  test('gpu on the node pool tolerates the GPU taint; on ECI it uses GPU specs', () => {
    expect(Placement.gpu({ on: 'node-pool' }).render()).toEqual({
      nodeSelector: { 'ack-serving.io/pool': 'gpu' },
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      ],
      labels: {},
      annotations: {},
    });
    expect(
      Placement.gpu({ instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] }).render().annotations[
        'k8s.aliyun.com/eci-use-specs'
      ],
    ).toBe('ecs.gn7i-c8g1.2xlarge');
  });

  test('checks its options with paths', () => {
    expect(msgs(Placement.gpu().check('p'))).toEqual([
      "p.instanceTypes: a GPU placement on ECI needs instanceTypes with a GPU type such as 'ecs.gn7i-c8g1.2xlarge'",
    ]);
    expect(msgs(Placement.eci({ instanceTypes: ['c7.large'] }).check('p'))).toEqual([
      "p.instanceTypes[0]: instance type 'c7.large' is neither an ECS type such as 'ecs.c7.xlarge' nor a spec such as '2-4Gi'",
    ]);
    expect(msgs(Placement.eci({ spotPriceLimit: 0.3 }).check('p'))).toEqual([
      "p.spotPriceLimit: spotPriceLimit only applies with spot 'SpotWithPriceLimit' (got undefined); set spot or drop the limit",
    ]);
    expect(
      msgs(
        Placement.eci({
          instanceTypes: ['1-2Gi', '2-4Gi', '4-8Gi', '8-16Gi', '16-32Gi', '32-64Gi'],
        }).check('p'),
      ),
    ).toEqual([
      'p.instanceTypes: 6 instance types are listed; ECI tries at most 5, so keep the best 5',
    ]);
    expect(msgs(Placement.ecsThenEci({ ecs: { max: 0 }, waitForEcs: 'soon' }).check('p'))).toEqual([
      'p.ecs.max: ecs.max 0 is out of range; allowed: at least 1',
      "p.waitForEcs: waitForEcs 'soon' is not a Go duration; write it like '60s', '2m' or '1h'",
    ]);
    expect(Placement.eci({ instanceTypes: ['ecs.c7.large'] }).check('p')).toEqual([]);
  });

  test('recognizes GPU instance families', () => {
    expect(isGpuInstanceType('ecs.gn7i-c8g1.2xlarge')).toBe(true);
    expect(isGpuInstanceType('ecs.ebmgn7e.32xlarge')).toBe(true);
    expect(isGpuInstanceType('ecs.g7.xlarge')).toBe(false);
    expect(eciAnnotations({ imageCache: false })).toEqual({});
  });
});

describe('ACK rules', () => {
  const base = { autoscalingClass: KPA };
  test('a GPU spec without a GPU limit is an error', () => {
    const placement = Placement.gpu({ instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] });
    expect(msgs(checkAckWorkload({ ...base, placement }, 'v', DEFAULT_ACK_SETTINGS))).toEqual([
      "v.resources: the GPU instance type 'ecs.gn7i-c8g1.2xlarge' needs a 'nvidia.com/gpu' limit on the container; set resources.gpu (e.g. 1)",
    ]);
    expect(
      checkAckWorkload({ ...base, placement, gpuLimit: 1 }, 'v', DEFAULT_ACK_SETTINGS),
    ).toEqual([]);
    expect(
      msgs(
        checkAckWorkload(
          { ...base, placement: Placement.gpu({ on: 'node-pool' }) },
          'v',
          DEFAULT_ACK_SETTINGS,
        ),
      ),
    ).toEqual([
      "v.resources: a GPU placement needs a 'nvidia.com/gpu' limit on the container; set resources.gpu (e.g. 1)",
    ]);
  });

  test('ECI annotations with ECS-only placement are an error', () => {
    expect(
      msgs(
        checkAckWorkload(
          {
            ...base,
            placement: Placement.ecs(),
            annotations: { 'k8s.aliyun.com/eci-use-specs': '2-4Gi' },
          },
          'v',
          DEFAULT_ACK_SETTINGS,
        ),
      ),
    ).toEqual([
      "v.annotations[\"k8s.aliyun.com/eci-use-specs\"]: ECI annotation 'k8s.aliyun.com/eci-use-specs' has no effect with placement 'ecs' (pods never run on ECI); use placement 'eci' or 'ecs-then-eci', or remove it",
    ]);
    expect(
      checkAckWorkload(
        {
          ...base,
          placement: Placement.eci(),
          annotations: { 'k8s.aliyun.com/eci-use-specs': '2-4Gi' },
        },
        'v',
        DEFAULT_ACK_SETTINGS,
      ),
    ).toEqual([]);
  });

  test('ResourcePolicy conflicts are errors', () => {
    const issues = checkAckWorkload(
      {
        ...base,
        placement: Placement.ecsThenEci(),
        labels: { 'alibabacloud.com/eci': 'true' },
        annotations: {
          'alibabacloud.com/burst-resource': 'eci',
          'controller.kubernetes.io/pod-deletion-cost': '100',
        },
      },
      'v',
      DEFAULT_ACK_SETTINGS,
    );
    expect(msgs(issues)).toEqual([
      "v.labels[\"alibabacloud.com/eci\"]: label 'alibabacloud.com/eci' sends every pod to ECI and overrides the ResourcePolicy of placement 'ecs-then-eci'; remove it or use placement 'eci'",
      "v.annotations[\"alibabacloud.com/burst-resource\"]: annotation 'alibabacloud.com/burst-resource' (ElasticResource) cannot be combined with the ResourcePolicy of placement 'ecs-then-eci'; remove it",
      "v.annotations[\"controller.kubernetes.io/pod-deletion-cost\"]: annotation 'controller.kubernetes.io/pod-deletion-cost' conflicts with the ResourcePolicy's scale-in order; remove it",
    ]);
  });

  test('reserved instances with the HPA class, or on ECS-only placement, are errors', () => {
    expect(
      msgs(
        checkAckWorkload(
          {
            autoscalingClass: 'hpa.autoscaling.knative.dev',
            placement: Placement.eci(),
            reserve: {},
          },
          'v',
          DEFAULT_ACK_SETTINGS,
        ),
      ),
    ).toEqual([
      "v.reserve: reserved instances work with request-based scaling to zero, not the HPA class; use class 'kpa' or disable reserve",
    ]);
    expect(
      msgs(
        checkAckWorkload(
          { ...base, placement: Placement.ecs(), reserve: {} },
          'v',
          DEFAULT_ACK_SETTINGS,
        ),
      ),
    ).toEqual([
      "v.reserve.type: a reserved instance of type 'eci' runs on virtual nodes, but placement is 'ecs'; set reserve.type 'ecs' or a placement that uses ECI",
    ]);
    expect(
      checkAckWorkload(
        { ...base, placement: Placement.ecs(), reserve: { type: 'ecs' } },
        'v',
        DEFAULT_ACK_SETTINGS,
      ),
    ).toEqual([]);
  });

  test('the MPA class needs a hard concurrency cap', () => {
    expect(
      msgs(
        checkAckWorkload(
          { autoscalingClass: 'mpa.autoscaling.knative.dev', placement: Placement.eci() },
          'v',
          DEFAULT_ACK_SETTINGS,
        ),
      ),
    ).toEqual([
      "v.concurrency: class 'mpa' enforces a hard per-pod cap at the MSE gateway and needs containerConcurrency above 0; set concurrency (e.g. 1 for Stable Diffusion)",
    ]);
    expect(
      checkAckWorkload(
        {
          autoscalingClass: 'mpa.autoscaling.knative.dev',
          placement: Placement.eci(),
          containerConcurrency: 1,
        },
        'v',
        DEFAULT_ACK_SETTINGS,
      ),
    ).toEqual([]);
  });
});

describe('ACK settings, reserved instances, ResourcePolicy and AHPA', () => {
  test('class strings are settings with defaults', () => {
    expect(ackExtensionClasses()).toEqual([
      'ahpa.autoscaling.knative.dev',
      'mpa.autoscaling.knative.dev',
    ]);
    expect(ackExtensionClasses(ackSettings({ mpaClass: 'kpa.autoscaling.knative.dev' }))).toEqual([
      'ahpa.autoscaling.knative.dev',
      'kpa.autoscaling.knative.dev',
    ]);
  });

  test('reserved-instance annotations and rules', () => {
    expect(
      reservedInstanceAnnotations({ replicas: 1, instanceTypes: ['ecs.t6-c1m1.large'] }),
    ).toEqual({
      'knative.aliyun.com/reserve-instance': 'enable',
      'knative.aliyun.com/reserve-instance-type': 'eci',
      'knative.aliyun.com/reserve-instance-replicas': '1',
      'knative.aliyun.com/reserve-instance-eci-use-specs': 'ecs.t6-c1m1.large',
    });
    expect(reservedInstanceAnnotations({ enabled: false })).toEqual({});
    expect(
      msgs(
        checkReservedInstance(
          { type: 'ecs', replicas: 0, instanceTypes: ['ecs.t6-c1m1.large'] },
          'r',
        ),
      ),
    ).toEqual([
      'r.replicas: replicas 0 is out of range; allowed: at least 1',
      "r.instanceTypes: instanceTypes apply only to an 'eci' reserved instance (type is 'ecs')",
    ]);
  });

  test('ResourcePolicy renders ECS first, then ECI', () => {
    const chart = Testing.chart();
    new ResourcePolicy(chart, 'rp', {
      name: 'credit-score-v2',
      namespace: 'models',
      selector: { 'ack-serving.io/model': 'credit-score' },
      ecs: { nodeSelector: { 'ack-serving.io/pool': 'steady' }, max: 10 },
      waitForEcs: '1m',
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(msgs(checkResourcePolicy({ name: 'rp', selector: {} }, 'p'))).toEqual([
      'p.selector: selector is empty, so the policy would apply to every pod in the namespace; select the version’s pods by label',
    ]);
  });

  test('AHPA template renders and checks bounds', () => {
    const chart = Testing.chart();
    const props = {
      name: 'credit-score-v2',
      namespace: 'models',
      targetUtilization: 10,
      minReplicas: 0,
      maxReplicas: 50,
      bounds: [{ cron: '* 7-9 ? * *', minReplicas: 5, maxReplicas: 50 }],
    };
    new AhpaTemplate(chart, 'ahpa', props);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(checkAhpaTemplate(props, 'a')).toEqual([]);
    expect(
      msgs(
        checkAhpaTemplate(
          {
            ...props,
            minReplicas: 60,
            bounds: [{ cron: '7-9 * *', minReplicas: 1, maxReplicas: 2 }],
          },
          'a',
        ),
      ),
    ).toEqual([
      'a.maxReplicas: maxReplicas (50) is less than minReplicas (60)',
      "a.bounds[0].cron: cron '7-9 * *' must have 5 fields, e.g. '* 7-9 ? * *'",
    ]);
  });
});

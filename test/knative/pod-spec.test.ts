import fc from 'fast-check';
import { UPSTREAM_CLUSTER, checkFeatures, clusterConfig } from '../../lib/knative/cluster-config';
import {
  PodSpecProps,
  checkPodSpec,
  podSpecFeatures,
  hardenSecurityContext,
  renderPodSpec,
  servingContainerIndex,
  validatePodSpec,
} from '../../lib/knative/pod-spec';
import { Issue } from '../../lib/validation';

const lines = (issues: Issue[]): string[] => issues.map((i) => `${i.path}: ${i.message}`);
const IMAGE = 'registry.example.com/risk/credit-score@sha256:' + 'b'.repeat(64);
const SIDECAR = 'registry.example.com/platform/log-agent:2.1.0';
const flagMessage = (field: string, flag: string, exact: boolean): string =>
  `'${field}' needs the Knative feature flag '${flag}' set to ${exact ? "'enabled'" : "'enabled' or 'allowed'"} in config-features; enable it in ServingSettings or remove the field`;

describe('checkPodSpec', () => {
  test('accepts a single container without a port', () => {
    // GIVEN
    const spec: PodSpecProps = { containers: [{ image: IMAGE }] };
    // WHEN
    const issues = checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER);
    // THEN
    expect(issues).toEqual([]);
    expect(podSpecFeatures(spec, 'spec')).toEqual([]);
  });

  test('fails when there are no containers', () => {
    expect(lines(checkPodSpec({ containers: [] }, 'spec', UPSTREAM_CLUSTER))).toEqual([
      'spec.containers: containers is empty; a Knative revision needs at least one container',
    ]);
  });

  test('accepts several containers when exactly one sets the port', () => {
    const spec: PodSpecProps = {
      containers: [
        { name: 'agent', image: SIDECAR },
        { name: 'model', image: IMAGE, port: 8080, env: { PORT_HINT: 'x' } },
      ],
    };
    expect(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER)).toEqual([]);
    expect(servingContainerIndex(spec.containers)).toBe(1);
  });

  test('fails when none of several containers sets the port', () => {
    const spec: PodSpecProps = { containers: [{ image: IMAGE }, { image: SIDECAR }] };
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      'spec.containers: none of the 2 containers sets port; with several containers exactly one (the serving container) must set port, such as port: 8080',
    ]);
  });

  test('fails when more than one container sets a port', () => {
    const spec: PodSpecProps = {
      containers: [
        { name: 'a', image: IMAGE, port: 8080 },
        { name: 'b', image: SIDECAR, port: 9000 },
        { name: 'c', image: SIDECAR, portName: 'h2c', port: 9001 },
      ],
    };
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      'spec.containers: port is set on containers[0], containers[1] and containers[2]; Knative allows one port in total, on the serving container; remove port from the sidecars',
    ]);
  });

  test('fails when container names repeat across containers and init containers', () => {
    const spec: PodSpecProps = {
      containers: [
        { name: 'model', image: IMAGE, port: 8080 },
        { name: 'model', image: SIDECAR },
      ],
      initContainers: [{ name: 'model', image: SIDECAR }],
    };
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.containers[1].name: container name 'model' is already used by containers[0]; names must be unique across containers and initContainers",
      "spec.initContainers[0].name: container name 'model' is already used by containers[0]; names must be unique across containers and initContainers",
    ]);
  });

  test('reserves PORT only in the serving container', () => {
    const spec: PodSpecProps = {
      containers: [
        { image: SIDECAR, env: { PORT: '9000' } },
        { image: IMAGE, port: 8080, env: { PORT: '8080' } },
      ],
    };
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.containers[1].env.PORT: env name 'PORT' is reserved by Knative in the serving container, which sets it to the container port; remove it and set port instead",
    ]);
  });

  test('counts mounts in init containers, and fails on volumes nobody mounts or mounts of missing volumes', () => {
    const spec: PodSpecProps = {
      containers: [{ image: IMAGE, volumeMounts: [{ name: 'missing', mountPath: '/m' }] }],
      initContainers: [{ image: SIDECAR, volumeMounts: [{ name: 'seed', mountPath: '/seed' }] }],
      volumes: [
        { name: 'seed', emptyDir: {} },
        { name: 'unused', secret: { secretName: 's' } },
      ],
    };
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.volumes[1].name: volume 'unused' is not mounted by any container; mount it with volumeMounts or remove it",
      "spec.containers[0].volumeMounts[0].name: volumeMount name 'missing' matches no volume; add a volume with this name or fix the name",
    ]);
  });

  test('requires sidecar probe ports only when multi-container-probing is enabled', () => {
    // GIVEN a sidecar with a probe that names no port
    const spec: PodSpecProps = {
      containers: [
        { image: IMAGE, port: 8080 },
        { image: SIDECAR, livenessProbe: { httpGet: { path: '/health' } } },
      ],
    };
    // WHEN the flag is off, the probe is reported as a missing flag only
    expect(lines(validatePodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      `spec.containers[1].livenessProbe: ${flagMessage('livenessProbe', 'multi-container-probing', true)}`,
    ]);
    // THEN with the flag on, the probe must name its port
    const probing = clusterConfig({ features: { 'multi-container-probing': 'enabled' } });
    expect(lines(validatePodSpec(spec, 'spec', probing))).toEqual([
      "spec.containers[1].livenessProbe.httpGet.port: livenessProbe httpGet.port is not set; a sidecar's probe must give its port explicitly",
    ]);
  });

  test('fails on an invalid serviceAccountName and imagePullSecrets name', () => {
    const spec: PodSpecProps = {
      containers: [{ image: IMAGE }],
      serviceAccountName: 'Model_SA',
      imagePullSecrets: ['acr-pull', 'ACR'],
    };
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.serviceAccountName: serviceAccountName 'Model_SA' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters",
      "spec.imagePullSecrets[1]: imagePullSecrets name 'ACR' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters",
    ]);
  });

  test('accepts automountServiceAccountToken false and fails on true', () => {
    expect(
      checkPodSpec(
        { containers: [{ image: IMAGE }], automountServiceAccountToken: false },
        's',
        UPSTREAM_CLUSTER,
      ),
    ).toEqual([]);
    const spec = {
      containers: [{ image: IMAGE }],
      automountServiceAccountToken: true,
    } as unknown as PodSpecProps;
    expect(lines(checkPodSpec(spec, 's', UPSTREAM_CLUSTER))).toEqual([
      's.automountServiceAccountToken: automountServiceAccountToken true is not allowed by Knative; remove it (the token is mounted by default) or set false',
    ]);
  });

  test('fails on pod fields Knative never allows in untyped input, and ignores other keys', () => {
    // GIVEN a revision template's own keys next to forbidden pod fields
    const spec = {
      containers: [{ image: IMAGE }],
      containerConcurrency: 1,
      timeoutSeconds: 300,
      restartPolicy: 'Always',
      nodeName: 'node-1',
      terminationGracePeriodSeconds: 30,
    } as unknown as PodSpecProps;
    // WHEN / THEN only the forbidden fields are reported
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.restartPolicy: 'restartPolicy' is not a field Knative allows in a pod spec; remove it",
      "spec.terminationGracePeriodSeconds: 'terminationGracePeriodSeconds' is not a field Knative allows in a pod spec; remove it",
      "spec.nodeName: 'nodeName' is not a field Knative allows in a pod spec; remove it",
    ]);
  });

  test('accepts the pod securityContext subset and fails on the rest', () => {
    const ok: PodSpecProps = {
      containers: [{ image: IMAGE }],
      securityContext: {
        runAsUser: 1000,
        runAsGroup: 1000,
        runAsNonRoot: true,
        fsGroup: 2000,
        supplementalGroups: [3000],
        seccompProfile: { type: 'RuntimeDefault' },
      },
    };
    expect(checkPodSpec(ok, 'spec', UPSTREAM_CLUSTER)).toEqual([]);
    const bad = {
      containers: [{ image: IMAGE }],
      securityContext: {
        fsGroup: -1,
        supplementalGroups: [1, 2147483648],
        sysctls: [],
        seLinuxOptions: {},
        fsGroupChangePolicy: 'Always',
      },
    } as unknown as PodSpecProps;
    expect(lines(checkPodSpec(bad, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.securityContext.sysctls: 'sysctls' is not a field Knative allows in a pod securityContext; remove it",
      "spec.securityContext.seLinuxOptions: 'seLinuxOptions' is not a field Knative allows in a pod securityContext; remove it",
      "spec.securityContext.fsGroupChangePolicy: 'fsGroupChangePolicy' is not a field Knative allows in a pod securityContext; remove it",
      'spec.securityContext.fsGroup: fsGroup -1 is out of range; allowed: 0 to 2147483647',
      'spec.securityContext.supplementalGroups[1]: supplementalGroups entry 2147483648 is out of range; allowed: 0 to 2147483647',
    ]);
  });

  test('checks the shape of gated scheduling fields', () => {
    const spec = {
      containers: [{ image: IMAGE }],
      tolerations: [
        {
          key: 'virtual-kubelet.io/provider',
          operator: 'Exists',
          value: 'alibabacloud',
          effect: 'NoSchedule',
        },
        { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule', tolerationSeconds: 30 },
      ],
      topologySpreadConstraints: [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Never' }],
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: {} }],
        },
      },
      dnsPolicy: 'None',
    } as unknown as PodSpecProps;
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      "spec.tolerations[0].value: toleration value 'alibabacloud' must be empty with operator 'Exists'; remove it or use operator 'Equal'",
      "spec.tolerations[1].tolerationSeconds: tolerationSeconds only applies with effect 'NoExecute'; set effect: 'NoExecute' or remove it",
      'spec.topologySpreadConstraints[0].maxSkew: maxSkew 0 is out of range; allowed: 1 to 2147483647',
      "spec.topologySpreadConstraints[0].topologyKey: topologyKey is required, such as 'topology.kubernetes.io/zone'",
      "spec.topologySpreadConstraints[0].whenUnsatisfiable: whenUnsatisfiable 'Never' is not allowed; use 'DoNotSchedule' or 'ScheduleAnyway'",
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: affinity weight 101 is out of range; allowed: 1 to 100',
      "spec.dnsConfig: dnsPolicy 'None' needs dnsConfig.nameservers with at least one server; add them or use another dnsPolicy",
    ]);
  });

  test('reports every problem in the pod at once', () => {
    // GIVEN a pod with problems in containers, ports, volumes, mounts and pod fields
    const spec: PodSpecProps = {
      containers: [
        {
          name: 'model',
          image: IMAGE,
          port: 8012,
          readinessProbe: { tcpSocket: {}, timeoutSeconds: 1 },
        },
        {
          name: 'model',
          image: 'BAD IMAGE',
          port: 9000,
          volumeMounts: [{ name: 'config', mountPath: '/dev' }],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'cfg' } },
        { name: 'orphan', emptyDir: { medium: 'Memory' } },
      ],
      serviceAccountName: 'Bad',
    };
    // WHEN
    const issues = checkPodSpec(spec, 'models[0].versions[1]', UPSTREAM_CLUSTER);
    // THEN
    expect(lines(issues)).toEqual([
      "models[0].versions[1].volumes[1].name: volume 'orphan' is not mounted by any container; mount it with volumeMounts or remove it",
      'models[0].versions[1].containers: port is set on containers[0] and containers[1]; Knative allows one port in total, on the serving container; remove port from the sidecars',
      'models[0].versions[1].containers[0].port: port 8012 is reserved by Knative (8012, 8013, 8022, 9090, 9091, 8008); use another port such as 8080',
      "models[0].versions[1].containers[0].readinessProbe.timeoutSeconds: readinessProbe timeoutSeconds 1 is not allowed when periodSeconds is 0 (Knative's aggressive probing); remove it or set periodSeconds to 1 or more",
      "models[0].versions[1].containers[1].image: image 'BAD IMAGE' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
      "models[0].versions[1].containers[1].volumeMounts[0].mountPath: mountPath '/dev' is reserved by Knative ('/', '/dev', '/dev/log'); mount somewhere else, such as '/data'",
      "models[0].versions[1].containers[1].volumeMounts[0].readOnly: volume 'config' is a configMap volume, which Knative mounts read-only; set readOnly: true on this mount",
      "models[0].versions[1].containers[1].name: container name 'model' is already used by containers[0]; names must be unique across containers and initContainers",
      "models[0].versions[1].serviceAccountName: serviceAccountName 'Bad' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters",
    ]);
  });
});

describe('podSpecFeatures', () => {
  const everything: PodSpecProps = {
    containers: [
      {
        image: IMAGE,
        port: 8080,
        env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
      { image: SIDECAR, readinessProbe: { tcpSocket: { port: 9000 } } },
    ],
    initContainers: [{ image: SIDECAR, securityContext: { capabilities: { add: ['NET_ADMIN'] } } }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: false } }],
    nodeSelector: { type: 'virtual-kubelet' },
    tolerations: [
      {
        key: 'virtual-kubelet.io/provider',
        operator: 'Equal',
        value: 'alibabacloud',
        effect: 'NoSchedule',
      },
    ],
    affinity: { nodeAffinity: {} },
    runtimeClassName: 'gvisor',
    securityContext: { runAsNonRoot: true },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
      },
    ],
    priorityClassName: 'models',
    schedulerName: 'default-scheduler',
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['registry.internal'] }],
    dnsPolicy: 'ClusterFirst',
    dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
    shareProcessNamespace: true,
    hostIPC: false,
    hostPID: false,
    hostNetwork: false,
  };

  test('reports every gated field, exact where Knative needs exactly enabled', () => {
    // WHEN
    const reqs = podSpecFeatures(everything, 'spec');
    // THEN
    expect(reqs.map((r) => `${r.path} ${r.flag}${r.exact ? ' (exact)' : ''}`)).toEqual([
      'spec.containers multi-container (exact)',
      'spec.containers[0].env[0].valueFrom.fieldRef kubernetes.podspec-fieldref',
      'spec.containers[1].readinessProbe multi-container-probing (exact)',
      'spec.initContainers kubernetes.podspec-init-containers (exact)',
      'spec.initContainers[0].securityContext.capabilities.add kubernetes.containerspec-addcapabilities (exact)',
      'spec.volumes[0].persistentVolumeClaim kubernetes.podspec-persistent-volume-claim (exact)',
      'spec.volumes[0].persistentVolumeClaim.readOnly kubernetes.podspec-persistent-volume-write (exact)',
      'spec.affinity kubernetes.podspec-affinity',
      'spec.topologySpreadConstraints kubernetes.podspec-topologyspreadconstraints',
      'spec.hostAliases kubernetes.podspec-hostaliases',
      'spec.nodeSelector kubernetes.podspec-nodeselector',
      'spec.tolerations kubernetes.podspec-tolerations',
      'spec.runtimeClassName kubernetes.podspec-runtimeclassname',
      'spec.securityContext kubernetes.podspec-securitycontext',
      'spec.shareProcessNamespace kubernetes.podspec-shareprocessnamespace',
      'spec.priorityClassName kubernetes.podspec-priorityclassname',
      'spec.schedulerName kubernetes.podspec-schedulername',
      'spec.dnsPolicy kubernetes.podspec-dnspolicy',
      'spec.dnsConfig kubernetes.podspec-dnsconfig',
      'spec.hostIPC kubernetes.podspec-hostipc',
      'spec.hostPID kubernetes.podspec-hostpid',
      'spec.hostNetwork kubernetes.podspec-hostnetwork',
    ]);
    expect(checkPodSpec(everything, 'spec', UPSTREAM_CLUSTER)).toEqual([]);
  });

  test('gives the shared flag message for each field an upstream cluster does not allow', () => {
    // WHEN
    const issues = checkFeatures(podSpecFeatures(everything, 'spec'), UPSTREAM_CLUSTER);
    // THEN multi-container is on upstream; everything else is off
    expect(lines(issues)).toEqual([
      `spec.containers[0].env[0].valueFrom.fieldRef: ${flagMessage('fieldRef', 'kubernetes.podspec-fieldref', false)}`,
      `spec.containers[1].readinessProbe: ${flagMessage('readinessProbe', 'multi-container-probing', true)}`,
      `spec.initContainers: ${flagMessage('initContainers', 'kubernetes.podspec-init-containers', true)}`,
      `spec.initContainers[0].securityContext.capabilities.add: ${flagMessage('capabilities.add', 'kubernetes.containerspec-addcapabilities', true)}`,
      `spec.volumes[0].persistentVolumeClaim: ${flagMessage('persistentVolumeClaim', 'kubernetes.podspec-persistent-volume-claim', true)}`,
      `spec.volumes[0].persistentVolumeClaim.readOnly: ${flagMessage('writable persistentVolumeClaim', 'kubernetes.podspec-persistent-volume-write', true)}`,
      `spec.affinity: ${flagMessage('affinity', 'kubernetes.podspec-affinity', false)}`,
      `spec.topologySpreadConstraints: ${flagMessage('topologySpreadConstraints', 'kubernetes.podspec-topologyspreadconstraints', false)}`,
      `spec.hostAliases: ${flagMessage('hostAliases', 'kubernetes.podspec-hostaliases', false)}`,
      `spec.nodeSelector: ${flagMessage('nodeSelector', 'kubernetes.podspec-nodeselector', false)}`,
      `spec.tolerations: ${flagMessage('tolerations', 'kubernetes.podspec-tolerations', false)}`,
      `spec.runtimeClassName: ${flagMessage('runtimeClassName', 'kubernetes.podspec-runtimeclassname', false)}`,
      `spec.securityContext: ${flagMessage('securityContext', 'kubernetes.podspec-securitycontext', false)}`,
      `spec.shareProcessNamespace: ${flagMessage('shareProcessNamespace', 'kubernetes.podspec-shareprocessnamespace', false)}`,
      `spec.priorityClassName: ${flagMessage('priorityClassName', 'kubernetes.podspec-priorityclassname', false)}`,
      `spec.schedulerName: ${flagMessage('schedulerName', 'kubernetes.podspec-schedulername', false)}`,
      `spec.dnsPolicy: ${flagMessage('dnsPolicy', 'kubernetes.podspec-dnspolicy', false)}`,
      `spec.dnsConfig: ${flagMessage('dnsConfig', 'kubernetes.podspec-dnsconfig', false)}`,
      `spec.hostIPC: ${flagMessage('hostIPC', 'kubernetes.podspec-hostipc', false)}`,
      `spec.hostPID: ${flagMessage('hostPID', 'kubernetes.podspec-hostpid', false)}`,
      `spec.hostNetwork: ${flagMessage('hostNetwork', 'kubernetes.podspec-hostnetwork', false)}`,
    ]);
  });

  test("accepts 'allowed' for pod fields but not for init containers", () => {
    // GIVEN ECI placement fields and an init container, with every flag 'allowed'
    const spec: PodSpecProps = {
      containers: [{ image: IMAGE }],
      initContainers: [{ image: SIDECAR }],
      nodeSelector: { type: 'virtual-kubelet' },
      tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists' }],
    };
    const cluster = clusterConfig({
      features: {
        'kubernetes.podspec-nodeselector': 'allowed',
        'kubernetes.podspec-tolerations': 'allowed',
        'kubernetes.podspec-init-containers': 'allowed',
      },
    });
    // WHEN / THEN
    expect(lines(validatePodSpec(spec, 'spec', cluster))).toEqual([
      `spec.initContainers: ${flagMessage('initContainers', 'kubernetes.podspec-init-containers', true)}`,
    ]);
  });

  test('reports multi-container when the cluster turns it off', () => {
    const spec: PodSpecProps = { containers: [{ image: IMAGE, port: 8080 }, { image: SIDECAR }] };
    const cluster = clusterConfig({ features: { 'multi-container': 'disabled' } });
    expect(lines(validatePodSpec(spec, 'spec', cluster))).toEqual([
      `spec.containers: ${flagMessage('containers', 'multi-container', true)}`,
    ]);
    expect(validatePodSpec(spec, 'spec', UPSTREAM_CLUSTER)).toEqual([]);
  });

  test('needs no flag for emptyDir on an upstream cluster, but does when the cluster turns it off', () => {
    const spec: PodSpecProps = {
      containers: [{ image: IMAGE, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    };
    expect(validatePodSpec(spec, 'spec', UPSTREAM_CLUSTER)).toEqual([]);
    const off = clusterConfig({ features: { 'kubernetes.podspec-volumes-emptydir': 'disabled' } });
    expect(lines(validatePodSpec(spec, 'spec', off))).toEqual([
      `spec.volumes[0].emptyDir: ${flagMessage('emptyDir', 'kubernetes.podspec-volumes-emptydir', true)}`,
    ]);
  });
});

describe('renderPodSpec', () => {
  const full: PodSpecProps = {
    tolerations: [{ effect: 'NoSchedule', key: 'virtual-kubelet.io/provider', operator: 'Exists' }],
    nodeSelector: { type: 'virtual-kubelet' },
    serviceAccountName: 'credit-score',
    imagePullSecrets: ['acr-pull'],
    enableServiceLinks: false,
    automountServiceAccountToken: false,
    volumes: [
      {
        name: 'config',
        configMap: { name: 'credit-score', items: [{ path: 'model.yaml', key: 'model' }] },
      },
      { name: 'cache', emptyDir: { sizeLimit: '2Gi', medium: 'Memory' } },
    ],
    containers: [
      {
        name: 'model',
        image: IMAGE,
        args: ['--workers=2'],
        port: 8080,
        portName: 'h2c',
        env: { MODEL_NAME: 'credit-score', LOG_LEVEL: 'info' },
        envFrom: [{ secretRef: { name: 'credit-score-db' }, prefix: 'DB_' }],
        resources: {
          requests: { memory: '2Gi', cpu: '1' },
          limits: { memory: '2Gi', cpu: '2', 'nvidia.com/gpu': 1 },
        },
        readinessProbe: { grpc: { port: 8080 } },
        livenessProbe: {
          periodSeconds: 10,
          httpGet: { port: 'h2c', path: '/healthz' },
          failureThreshold: 3,
        },
        volumeMounts: [
          { name: 'config', mountPath: '/etc/model', readOnly: true },
          { name: 'cache', mountPath: '/cache' },
        ],
        securityContext: {
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          allowPrivilegeEscalation: false,
        },
      },
      {
        name: 'log-agent',
        image: SIDECAR,
        env: [{ name: 'TARGET', value: 'sls' }],
        resources: { limits: { memory: '128Mi' } },
      },
    ],
  };

  test('renders Kubernetes JSON in a fixed key order', () => {
    // WHEN
    const spec = renderPodSpec(full);
    // THEN
    expect(Object.keys(spec)).toEqual([
      'containers',
      'volumes',
      'serviceAccountName',
      'automountServiceAccountToken',
      'imagePullSecrets',
      'enableServiceLinks',
      'nodeSelector',
      'tolerations',
    ]);
    expect(spec.imagePullSecrets).toEqual([{ name: 'acr-pull' }]);
    expect(spec).toMatchSnapshot();
  });

  test('is the same whatever order the props were written in', () => {
    // GIVEN the same props with every object's keys written in reverse order
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reversed = reverseKeys(full) as PodSpecProps;
    expect(Object.keys(reversed)[0]).toBe('containers');
    // WHEN / THEN
    expect(JSON.stringify(renderPodSpec(reversed))).toEqual(JSON.stringify(renderPodSpec(full)));
  });

  test('omits every unset field (with secureDefaults off)', () => {
    expect(renderPodSpec({ containers: [{ image: IMAGE }], secureDefaults: false })).toStrictEqual({
      containers: [{ image: IMAGE }],
    });
  });

  test('the full example passes every check on a cluster with the ECI flags', () => {
    const eci = clusterConfig({
      features: {
        'kubernetes.podspec-nodeselector': 'enabled',
        'kubernetes.podspec-tolerations': 'enabled',
      },
    });
    expect(validatePodSpec(full, 'spec', eci)).toEqual([]);
  });
});

describe('untyped input', () => {
  // Catalog YAML reaches these functions unchecked; garbage must give issues, never a crash.
  const json = fc.jsonValue({ maxDepth: 2, depthSize: 'xsmall' });
  const some = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.array(arb, { maxLength: 3 }), json);
  const probeArb = fc.oneof(
    fc.record(
      {
        httpGet: fc.oneof(fc.record({ port: json, path: json }, { requiredKeys: [] }), json),
        tcpSocket: json,
        exec: fc.oneof(fc.record({ command: json }), json),
        grpc: json,
        periodSeconds: json,
        timeoutSeconds: json,
        successThreshold: json,
      },
      { requiredKeys: [] },
    ),
    json,
  );
  const envArb = fc.oneof(
    some(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('PORT', 'K_SERVICE', 'OK'), json),
          value: json,
          valueFrom: fc.oneof(
            fc.record(
              { configMapKeyRef: json, secretKeyRef: json, fieldRef: json, resourceFieldRef: json },
              { requiredKeys: [] },
            ),
            json,
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    fc.dictionary(fc.string(), json),
  );
  const mountArb = fc.record(
    {
      name: fc.oneof(fc.constantFrom('a', 'b'), json),
      mountPath: json,
      readOnly: json,
      mountPropagation: json,
    },
    { requiredKeys: [] },
  );
  const volumeArb = fc.record(
    {
      name: fc.oneof(fc.constantFrom('a', 'b'), json),
      secret: fc.oneof(
        fc.record({ secretName: json, items: some(fc.record({ key: json, path: json })) }),
        json,
      ),
      configMap: json,
      projected: fc.oneof(
        fc.record({
          sources: some(
            fc.record(
              {
                secret: json,
                configMap: json,
                serviceAccountToken: json,
                downwardAPI: fc.oneof(fc.record({ items: some(json) }), json),
              },
              { requiredKeys: [] },
            ),
          ),
        }),
        json,
      ),
      emptyDir: json,
      persistentVolumeClaim: json,
      hostPath: json,
      csi: json,
      image: json,
      ephemeral: fc.oneof(
        fc.record({ volumeClaimTemplate: fc.oneof(fc.record({ spec: json }), json) }),
        json,
      ),
    },
    { requiredKeys: [] },
  );
  const containerArb = fc.record(
    {
      name: json,
      image: fc.oneof(fc.constant(IMAGE), json),
      port: fc.oneof(fc.constant(8080), json),
      portName: json,
      env: envArb,
      envFrom: some(
        fc.record({ configMapRef: json, secretRef: json, prefix: json }, { requiredKeys: [] }),
      ),
      resources: fc.oneof(fc.record({ requests: json, limits: json }, { requiredKeys: [] }), json),
      securityContext: fc.oneof(
        fc.record(
          {
            capabilities: fc.oneof(fc.record({ add: json, drop: json }), json),
            seccompProfile: json,
          },
          { requiredKeys: [] },
        ),
        json,
      ),
      volumeMounts: some(mountArb),
      readinessProbe: probeArb,
      livenessProbe: probeArb,
    },
    { requiredKeys: [] },
  );
  const podArb = fc.record(
    {
      containers: fc.oneof(fc.array(fc.oneof(containerArb, json), { maxLength: 3 }), json),
      initContainers: fc.oneof(fc.array(containerArb, { maxLength: 2 }), json),
      volumes: some(volumeArb),
      serviceAccountName: json,
      imagePullSecrets: json,
      tolerations: json,
      affinity: json,
      securityContext: json,
      topologySpreadConstraints: json,
      hostAliases: json,
      dnsPolicy: json,
      dnsConfig: json,
      nodeSelector: json,
    },
    { requiredKeys: [] },
  );

  test('reports values that are not lists or objects, by path', () => {
    // GIVEN YAML where lists and objects were written as scalars
    const spec = {
      containers: [
        {
          image: IMAGE,
          envFrom: 'cfg',
          volumeMounts: [{ name: 'a', mountPath: '/a', readOnly: true }],
        },
      ],
      volumes: [{ name: 'a', secret: null }],
      tolerations: 'all',
      imagePullSecrets: 'acr',
    } as unknown as PodSpecProps;
    // WHEN / THEN
    expect(lines(checkPodSpec(spec, 'spec', UPSTREAM_CLUSTER))).toEqual([
      'spec.volumes[0].secret: secret null must be an object',
      "spec.containers[0].envFrom: envFrom 'cfg' must be a list",
      "spec.imagePullSecrets: imagePullSecrets 'acr' must be a list",
      "spec.tolerations: tolerations 'all' must be a list",
    ]);
    expect(lines(checkPodSpec({ containers: 'model' } as never, 'spec', UPSTREAM_CLUSTER))).toEqual(
      ["spec.containers: containers 'model' must be a list"],
    );
  });

  test('checks arbitrary input and lists its features without throwing', () => {
    fc.assert(
      fc.property(podArb, (raw) => {
        const spec = raw as unknown as PodSpecProps;
        const issues = validatePodSpec(spec, 'spec', UPSTREAM_CLUSTER);
        expect(Array.isArray(issues)).toBe(true);
        for (const i of issues) expect(typeof i.message).toBe('string');
        podSpecFeatures(spec, 'spec');
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe('secure defaults', () => {
  const HARDENED = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  test('GIVEN no securityContext WHEN rendered THEN every container and init container is hardened', () => {
    const out = renderPodSpec({
      containers: [{ image: IMAGE, port: 8080 }, { image: SIDECAR }],
      initContainers: [{ name: 'fetch', image: SIDECAR }],
    });
    const containers = out.containers as Record<string, unknown>[];
    const inits = out.initContainers as Record<string, unknown>[];
    expect(containers.map((c) => c.securityContext)).toEqual([HARDENED, HARDENED]);
    expect(inits[0].securityContext).toEqual(HARDENED);
  });

  test('GIVEN a field set by name THEN it keeps its value, relaxed or not, and the rest are hardened', () => {
    expect(
      hardenSecurityContext({ runAsNonRoot: false, readOnlyRootFilesystem: true, runAsUser: 1000 }),
    ).toEqual({ ...HARDENED, runAsNonRoot: false, readOnlyRootFilesystem: true, runAsUser: 1000 });
    expect(
      hardenSecurityContext({
        allowPrivilegeEscalation: true,
        capabilities: { drop: [] },
        seccompProfile: { type: 'Unconfined' },
      }),
    ).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: true,
      capabilities: { drop: [] },
      seccompProfile: { type: 'Unconfined' },
    });
  });

  test('GIVEN capabilities.add without drop THEN drop ALL is added next to it', () => {
    expect(hardenSecurityContext({ capabilities: { add: ['NET_BIND_SERVICE'] } })).toEqual({
      ...HARDENED,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
    });
  });

  test('GIVEN the pod sets runAsNonRoot and seccompProfile THEN the container does not override them', () => {
    expect(
      hardenSecurityContext(undefined, {
        runAsNonRoot: false,
        seccompProfile: { type: 'Unconfined' },
      }),
    ).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('GIVEN readOnlyRootFilesystem unset THEN it is never defaulted (an opt-in)', () => {
    expect(hardenSecurityContext({})).not.toHaveProperty('readOnlyRootFilesystem');
  });
});

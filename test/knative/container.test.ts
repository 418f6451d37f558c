import { UPSTREAM_CLUSTER, checkFeatures } from '../../lib/knative/cluster-config';
import {
  ContainerContext,
  ContainerProps,
  checkContainer,
  checkResources,
  checkSecurityContext,
  containerFeatures,
  renderContainer,
} from '../../lib/knative/container';
import { Issue } from '../../lib/validation';

const lines = (issues: Issue[]): string[] => issues.map((i) => `${i.path}: ${i.message}`);
const IMAGE = 'registry.example.com/risk/credit-score:1.0.0';
const serving: ContainerContext = { role: 'serving', volumes: [] };
const sidecar: ContainerContext = { role: 'sidecar', volumes: [] };
const init: ContainerContext = { role: 'init', volumes: [] };

describe('checkContainer', () => {
  test('accepts a typical serving container', () => {
    // GIVEN
    const c: ContainerProps = {
      name: 'model',
      image: IMAGE,
      args: ['--port=8080'],
      env: { MODEL_NAME: 'credit-score' },
      port: 8080,
      portName: 'h2c',
      readinessProbe: { grpc: { port: 8080 } },
      resources: {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: 2, memory: '2Gi', 'nvidia.com/gpu': 1 },
      },
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
    };
    // WHEN
    const issues = checkContainer(c, 'c', serving);
    // THEN
    expect(issues).toEqual([]);
  });

  test('fails when the image is missing or unparsable', () => {
    expect(lines(checkContainer({ image: '' }, 'c', serving))).toEqual([
      "c.image: image is required: a reference such as 'registry.example.com/team/model:1.0.0' or '...@sha256:<64 hex>'",
    ]);
    expect(lines(checkContainer({ image: 'Registry/UPPER:tag' }, 'c', serving))).toEqual([
      "c.image: image 'Registry/UPPER:tag' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
    ]);
  });

  test('fails when the container name is not a DNS-1123 label or is queue-proxy', () => {
    expect(lines(checkContainer({ name: 'Model', image: IMAGE }, 'c', serving))).toEqual([
      "c.name: container name 'Model' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
    ]);
    expect(lines(checkContainer({ name: 'queue-proxy', image: IMAGE }, 'c', serving))).toEqual([
      "c.name: container name 'queue-proxy' is reserved by Knative for its own sidecar; choose another name",
    ]);
  });

  test.each([8012, 8013, 8022, 9090, 9091, 8008])(
    'fails when port %d is reserved by Knative',
    (port) => {
      expect(lines(checkContainer({ image: IMAGE, port }, 'c', serving))).toEqual([
        `c.port: port ${port} is reserved by Knative (8012, 8013, 8022, 9090, 9091, 8008); use another port such as 8080`,
      ]);
    },
  );

  test('fails when the port is out of range', () => {
    expect(lines(checkContainer({ image: IMAGE, port: 0 }, 'c', serving))).toEqual([
      'c.port: port 0 is out of range; allowed: 1 to 65535',
    ]);
    expect(lines(checkContainer({ image: IMAGE, port: 65536 }, 'c', serving))).toEqual([
      'c.port: port 65536 is out of range; allowed: 1 to 65535',
    ]);
  });

  test("fails when the port name is not '', h2c or http1, or is set without a port", () => {
    const c = { image: IMAGE, port: 8080, portName: 'grpc' } as unknown as ContainerProps;
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.portName: portName 'grpc' is not allowed by Knative; use 'h2c' for HTTP/2 cleartext (gRPC), or 'http1' or '' for HTTP/1.1",
    ]);
    expect(lines(checkContainer({ image: IMAGE, portName: 'h2c' }, 'c', serving))).toEqual([
      "c.portName: portName 'h2c' is set without port; set port too, such as port: 8080",
    ]);
    for (const portName of ['', 'h2c', 'http1'] as const) {
      expect(checkContainer({ image: IMAGE, port: 8080, portName }, 'c', serving)).toEqual([]);
    }
  });

  test('fails when a reserved env name is set, with PORT reserved only in the serving container', () => {
    // GIVEN
    const c: ContainerProps = {
      image: IMAGE,
      env: { K_SERVICE: 'x', PORT: '9000', K_REVISION: 'r' },
    };
    // WHEN / THEN the map is checked in name order
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.env.K_REVISION: env name 'K_REVISION' is reserved by Knative, which sets it; remove it",
      "c.env.K_SERVICE: env name 'K_SERVICE' is reserved by Knative, which sets it; remove it",
      "c.env.PORT: env name 'PORT' is reserved by Knative in the serving container, which sets it to the container port; remove it and set port instead",
    ]);
    expect(
      lines(checkContainer({ image: IMAGE, env: [{ name: 'PORT', value: '9000' }] }, 'c', sidecar)),
    ).toEqual([]);
    expect(
      lines(
        checkContainer({ image: IMAGE, env: [{ name: 'K_CONFIGURATION', value: 'x' }] }, 'c', init),
      ),
    ).toEqual([
      "c.env[0].name: env name 'K_CONFIGURATION' is reserved by Knative, which sets it; remove it",
    ]);
  });

  test('fails when an env name is not a valid variable name', () => {
    const c: ContainerProps = {
      image: IMAGE,
      env: [{ name: '1ST', value: 'a' }, { name: 'a.b-c_D', value: 'b' }, { name: 'A=B' }],
    };
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.env[0].name: env name '1ST' is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit",
      "c.env[2].name: env name 'A=B' is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit",
    ]);
  });

  test('fails when an env value is not a string in untyped input', () => {
    const c = { image: IMAGE, env: { THREADS: 4 } } as unknown as ContainerProps;
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.env.THREADS: env 'THREADS' has the value 4; environment values are strings, quote it",
    ]);
  });

  test('accepts valueFrom with exactly one source', () => {
    const c: ContainerProps = {
      image: IMAGE,
      env: [
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
        {
          name: 'MODE',
          valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: true } },
        },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        {
          name: 'MEM',
          valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
        },
      ],
    };
    expect(checkContainer(c, 'c', serving)).toEqual([]);
  });

  test('fails when valueFrom sets no source or several, or is combined with value', () => {
    const c: ContainerProps = {
      image: IMAGE,
      env: [
        { name: 'A', valueFrom: {} },
        {
          name: 'B',
          value: 'x',
          valueFrom: {
            secretKeyRef: { name: 's', key: 'k' },
            configMapKeyRef: { name: 'c', key: '' },
          },
        },
      ],
    };
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.env[0].valueFrom: env 'A' valueFrom sets no source; set exactly one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef",
      "c.env[1]: env 'B' sets both value and valueFrom; set only one",
      "c.env[1].valueFrom: env 'B' valueFrom sets configMapKeyRef and secretKeyRef; set exactly one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef",
      'c.env[1].valueFrom.configMapKeyRef.key: configMapKeyRef.key is required: the key to read',
    ]);
  });

  test('accepts envFrom with one of configMapRef or secretRef per entry', () => {
    const c: ContainerProps = {
      image: IMAGE,
      envFrom: [
        { configMapRef: { name: 'cfg' } },
        { prefix: 'DB_', secretRef: { name: 'db', optional: true } },
      ],
    };
    expect(checkContainer(c, 'c', serving)).toEqual([]);
  });

  test('fails when an envFrom entry sets both or neither of configMapRef and secretRef', () => {
    const c: ContainerProps = {
      image: IMAGE,
      envFrom: [
        { configMapRef: { name: 'cfg' }, secretRef: { name: 's' } },
        { prefix: 'X_' },
        { prefix: '9', secretRef: { name: 's' } },
      ],
    };
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      'c.envFrom[0]: envFrom[0] sets both configMapRef and secretRef; set exactly one, with one envFrom entry per source',
      'c.envFrom[1]: envFrom[1] sets neither configMapRef nor secretRef; set exactly one',
      "c.envFrom[2].prefix: envFrom prefix '9' is not a valid variable name prefix; use letters, digits, '_', '-' and '.', not starting with a digit",
    ]);
  });

  test('fails when an init container has probes', () => {
    const c: ContainerProps = {
      image: IMAGE,
      readinessProbe: { tcpSocket: {} },
      startupProbe: { tcpSocket: {} },
    };
    expect(lines(checkContainer(c, 'c', init))).toEqual([
      'c.readinessProbe: readinessProbe is not allowed on an init container; remove it',
      'c.startupProbe: startupProbe is not allowed on an init container; remove it',
    ]);
  });

  test('checks the serving container probe port name against its port name', () => {
    const c: ContainerProps = {
      image: IMAGE,
      port: 8080,
      portName: 'h2c',
      livenessProbe: { httpGet: { port: 'http' } },
    };
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.livenessProbe.httpGet.port: livenessProbe httpGet.port 'http' does not match the container's port name 'h2c'; use 'h2c' or a port number",
    ]);
  });

  test('requires explicit probe ports on sidecars only under multi-container-probing', () => {
    const c: ContainerProps = { image: IMAGE, readinessProbe: { tcpSocket: {} } };
    expect(checkContainer(c, 'c', sidecar)).toEqual([]);
    expect(lines(checkContainer(c, 'c', { ...sidecar, sidecarProbing: true }))).toEqual([
      "c.readinessProbe.tcpSocket.port: readinessProbe tcpSocket.port is not set; a sidecar's probe must give its port explicitly",
    ]);
  });

  test('fails on imagePullPolicy and terminationMessagePolicy values Kubernetes does not know', () => {
    const c = {
      image: IMAGE,
      imagePullPolicy: 'Sometimes',
      terminationMessagePolicy: 'Logs',
    } as unknown as ContainerProps;
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.imagePullPolicy: imagePullPolicy 'Sometimes' is not allowed; use 'Always', 'IfNotPresent' or 'Never'",
      "c.terminationMessagePolicy: terminationMessagePolicy 'Logs' is not allowed; use 'File' or 'FallbackToLogsOnError'",
    ]);
  });

  test('fails on container fields Knative forbids in untyped input', () => {
    const c = {
      image: IMAGE,
      lifecycle: { preStop: {} },
      stdin: true,
      tty: true,
      volumeDevices: [],
    } as unknown as ContainerProps;
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.lifecycle: 'lifecycle' is not a field Knative allows in a container; remove it",
      "c.stdin: 'stdin' is not a field Knative allows in a container; remove it",
      "c.tty: 'tty' is not a field Knative allows in a container; remove it",
      "c.volumeDevices: 'volumeDevices' is not a field Knative allows in a container; remove it",
    ]);
  });

  test('fails on a Kubernetes-style ports list, pointing at port and portName', () => {
    const c = { image: IMAGE, ports: [{ containerPort: 8080 }] } as unknown as ContainerProps;
    expect(lines(checkContainer(c, 'c', serving))).toEqual([
      "c.ports: 'ports' is written as port and portName here, since Knative allows a single port; set port: 8080 (and portName) instead",
    ]);
  });

  test('checks mounts against the pod volumes', () => {
    const c: ContainerProps = {
      image: IMAGE,
      volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
    };
    const ctx: ContainerContext = {
      role: 'serving',
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
    };
    expect(lines(checkContainer(c, 'c', ctx))).toEqual([
      "c.volumeMounts[0].readOnly: volume 'cfg' is a configMap volume, which Knative mounts read-only; set readOnly: true on this mount",
    ]);
  });

  test('reports every problem of one container at once', () => {
    // GIVEN a container with five separate problems
    const c: ContainerProps = {
      name: 'queue-proxy',
      image: '',
      port: 9091,
      env: { K_SERVICE: 'x' },
      resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
    };
    // WHEN
    const issues = checkContainer(c, 'spec.containers[0]', serving);
    // THEN
    expect(lines(issues)).toEqual([
      "spec.containers[0].image: image is required: a reference such as 'registry.example.com/team/model:1.0.0' or '...@sha256:<64 hex>'",
      "spec.containers[0].name: container name 'queue-proxy' is reserved by Knative for its own sidecar; choose another name",
      'spec.containers[0].port: port 9091 is reserved by Knative (8012, 8013, 8022, 9090, 9091, 8008); use another port such as 8080',
      "spec.containers[0].env.K_SERVICE: env name 'K_SERVICE' is reserved by Knative, which sets it; remove it",
      "spec.containers[0].resources.requests.cpu: requests.cpu '2' is more than limits.cpu '1'; lower the request or raise the limit",
    ]);
  });
});

describe('checkResources', () => {
  test('accepts standard, hugepages and extended resources', () => {
    expect(
      checkResources(
        {
          requests: {
            cpu: '250m',
            memory: '512Mi',
            'ephemeral-storage': '1Gi',
            'aliyun.com/gpu-mem': 8,
          },
          limits: {
            cpu: '1',
            memory: '1Gi',
            'hugepages-2Mi': '128Mi',
            'aliyun.com/gpu-mem': '8',
            'nvidia.com/gpu': '1',
          },
        },
        'r',
      ),
    ).toEqual([]);
  });

  test('fails on invalid quantities, negative values and unknown resource names', () => {
    const issues = checkResources(
      { requests: { cpu: 'two', memory: '-1Gi' }, limits: { gpu: '1' } },
      'r',
    );
    expect(lines(issues)).toEqual([
      "r.requests.cpu: requests.cpu 'two' is not a Kubernetes quantity; write it like '500m', '2', '4Gi' or '512Mi'",
      "r.requests.memory: requests.memory '-1Gi' must not be negative",
      "r.limits.gpu: resource name 'gpu' is not a Kubernetes resource; use cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource with a domain, such as nvidia.com/gpu",
    ]);
  });

  test('fails when a request is more than its limit', () => {
    expect(
      lines(checkResources({ requests: { memory: '2Gi' }, limits: { memory: '1024Mi' } }, 'r')),
    ).toEqual([
      "r.requests.memory: requests.memory '2Gi' is more than limits.memory '1024Mi'; lower the request or raise the limit",
    ]);
    expect(
      checkResources({ requests: { memory: '1Gi' }, limits: { memory: '1024Mi' } }, 'r'),
    ).toEqual([]);
  });

  test('fails when a GPU limit is not a whole number', () => {
    expect(lines(checkResources({ limits: { 'nvidia.com/gpu': '0.5' } }, 'r'))).toEqual([
      'r.limits["nvidia.com/gpu"]: limits.nvidia.com/gpu \'0.5\' must be a whole number; extended resources such as GPUs cannot be split, use 1, 2, ...',
    ]);
    expect(lines(checkResources({ limits: { 'nvidia.com/gpu': '500m' } }, 'r'))).toHaveLength(1);
  });

  test('fails when an extended resource request has no equal limit', () => {
    expect(
      lines(
        checkResources(
          {
            requests: { 'nvidia.com/gpu': 1, 'aliyun.com/gpu-mem': 4 },
            limits: { 'aliyun.com/gpu-mem': 8 },
          },
          'r',
        ),
      ),
    ).toEqual([
      'r.requests["aliyun.com/gpu-mem"]: requests.aliyun.com/gpu-mem 4 differs from limits.aliyun.com/gpu-mem 8; extended resources cannot be overcommitted, set them equal',
      'r.requests["nvidia.com/gpu"]: requests.nvidia.com/gpu 1 has no limit; extended resources cannot be overcommitted, set limits.nvidia.com/gpu to the same value',
    ]);
  });

  test('fails on resource claims in untyped input', () => {
    expect(lines(checkResources({ claims: [{ name: 'gpu' }] } as never, 'r'))).toEqual([
      "r.claims: 'claims' is not a field Knative allows in container resources; remove it",
    ]);
  });
});

describe('checkSecurityContext', () => {
  test('accepts the allowed subset', () => {
    expect(
      checkSecurityContext(
        {
          runAsUser: 1000,
          runAsGroup: 0,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          seccompProfile: { type: 'RuntimeDefault' },
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
        },
        's',
      ),
    ).toEqual([]);
  });

  test('fails when runAsUser or runAsGroup is outside 0..2147483647', () => {
    expect(lines(checkSecurityContext({ runAsUser: -1, runAsGroup: 2147483648 }, 's'))).toEqual([
      's.runAsUser: runAsUser -1 is out of range; allowed: 0 to 2147483647',
      's.runAsGroup: runAsGroup 2147483648 is out of range; allowed: 0 to 2147483647',
    ]);
  });

  test('fails when privileged is true', () => {
    expect(lines(checkSecurityContext({ privileged: true } as never, 's'))).toEqual([
      's.privileged: privileged true is not allowed by Knative; remove it or set privileged: false',
    ]);
  });

  test('fails on seLinuxOptions, procMount, windowsOptions and appArmorProfile', () => {
    const sc = {
      seLinuxOptions: {},
      procMount: 'Default',
      windowsOptions: {},
      appArmorProfile: { type: 'RuntimeDefault' },
    };
    expect(lines(checkSecurityContext(sc as never, 's'))).toEqual([
      "s.seLinuxOptions: 'seLinuxOptions' is not a field Knative allows in a container securityContext; remove it",
      "s.procMount: 'procMount' is not a field Knative allows in a container securityContext; remove it",
      "s.windowsOptions: 'windowsOptions' is not a field Knative allows in a container securityContext; remove it",
      "s.appArmorProfile: 'appArmorProfile' is not a field Knative allows in a container securityContext; remove it",
    ]);
  });

  test('fails when capabilities.drop spells ALL in lower case, and on a bad seccomp profile', () => {
    const issues = checkSecurityContext(
      { capabilities: { drop: ['all'] }, seccompProfile: { type: 'Localhost' } },
      's',
    );
    expect(lines(issues)).toEqual([
      "s.capabilities.drop[0]: capabilities.drop 'all' drops nothing; spell it 'ALL'",
      "s.seccompProfile.localhostProfile: seccompProfile.localhostProfile is required with type 'Localhost'; give the profile's path on the node",
    ]);
  });
});

describe('containerFeatures', () => {
  test('needs no flag for a plain container', () => {
    expect(
      containerFeatures(
        { image: IMAGE, env: { A: 'b' }, securityContext: { capabilities: { drop: ['ALL'] } } },
        'c',
      ),
    ).toEqual([]);
  });

  test('requires fieldref for fieldRef and resourceFieldRef, and exact flags for capabilities.add and mountPropagation', () => {
    // GIVEN
    const c: ContainerProps = {
      image: IMAGE,
      env: [
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
      ],
      securityContext: { capabilities: { add: ['NET_ADMIN'] } },
      volumeMounts: [
        { name: 'host', mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' },
      ],
    };
    // WHEN
    const reqs = containerFeatures(c, 'c');
    // THEN
    expect(reqs.map((r) => [r.flag, r.exact])).toEqual([
      ['kubernetes.podspec-fieldref', false],
      ['kubernetes.podspec-fieldref', false],
      ['kubernetes.containerspec-addcapabilities', true],
      ['kubernetes.podspec-volumes-mount-propagation', true],
    ]);
    expect(lines(checkFeatures(reqs, UPSTREAM_CLUSTER))).toEqual([
      "c.env[0].valueFrom.fieldRef: 'fieldRef' needs the Knative feature flag 'kubernetes.podspec-fieldref' set to 'enabled' or 'allowed' in config-features; enable it in ServingSettings or remove the field",
      "c.env[1].valueFrom.resourceFieldRef: 'resourceFieldRef' needs the Knative feature flag 'kubernetes.podspec-fieldref' set to 'enabled' or 'allowed' in config-features; enable it in ServingSettings or remove the field",
      "c.securityContext.capabilities.add: 'capabilities.add' needs the Knative feature flag 'kubernetes.containerspec-addcapabilities' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "c.volumeMounts[0].mountPropagation: 'mountPropagation' needs the Knative feature flag 'kubernetes.podspec-volumes-mount-propagation' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
    ]);
  });
});

describe('renderContainer', () => {
  test('renders the single port with protocol TCP and env maps sorted by name', () => {
    // GIVEN
    const c: ContainerProps = {
      image: IMAGE,
      env: { ZED: '1', ALPHA: '2' },
      port: 8080,
      portName: 'h2c',
      name: 'model',
    };
    // WHEN
    const out = renderContainer(c);
    // THEN
    expect(out).toStrictEqual({
      name: 'model',
      image: IMAGE,
      ports: [{ containerPort: 8080, name: 'h2c', protocol: 'TCP' }],
      env: [
        { name: 'ALPHA', value: '2' },
        { name: 'ZED', value: '1' },
      ],
    });
    expect(Object.keys(out)).toEqual(['name', 'image', 'ports', 'env']);
  });

  test('omits the port name when it is empty and every unset field', () => {
    expect(renderContainer({ image: IMAGE, port: 9000, portName: '' })).toStrictEqual({
      image: IMAGE,
      ports: [{ containerPort: 9000, protocol: 'TCP' }],
    });
  });

  test('keeps env lists in the given order and renders quantities as strings', () => {
    const out = renderContainer({
      image: IMAGE,
      env: [
        { name: 'B', value: '1' },
        { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
      resources: { limits: { 'nvidia.com/gpu': 1, cpu: 2 } },
    });
    expect(out.env).toEqual([
      { name: 'B', value: '1' },
      { name: 'A', valueFrom: { secretKeyRef: { key: 'k', name: 's' } } },
    ]);
    expect(out.resources).toStrictEqual({ limits: { cpu: '2', 'nvidia.com/gpu': '1' } });
  });
});

import { UPSTREAM_CLUSTER, checkFeatures, clusterConfig } from '../../lib/knative/cluster-config';
import {
  VolumeMountProps,
  VolumeProps,
  checkVolumeMounts,
  checkVolumes,
  renderVolume,
  renderVolumeMount,
  volumeFeatures,
  volumeMountFeatures,
} from '../../lib/knative/volume';
import { Issue } from '../../lib/validation';

const lines = (issues: Issue[]): string[] => issues.map((i) => `${i.path}: ${i.message}`);
const DIGEST = 'sha256:' + 'a'.repeat(64);

const config: VolumeProps = { name: 'config', configMap: { name: 'model-config' } };
const cache: VolumeProps = { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } };
const weights: VolumeProps = {
  name: 'weights',
  persistentVolumeClaim: { claimName: 'weights', readOnly: true },
};

describe('checkVolumes', () => {
  test('accepts mounted volumes with one source each', () => {
    // GIVEN
    const volumes = [config, cache, weights];
    // WHEN
    const issues = checkVolumes(volumes, 'volumes', new Set(['config', 'cache', 'weights']));
    // THEN
    expect(issues).toEqual([]);
  });

  test('accepts every source Knative knows', () => {
    const volumes: VolumeProps[] = [
      { name: 'a', secret: { secretName: 's', items: [{ key: 'k', path: 'p' }] } },
      { name: 'b', configMap: { name: 'c' } },
      {
        name: 'c',
        projected: {
          sources: [
            { secret: { name: 's' } },
            { configMap: { name: 'c' } },
            { serviceAccountToken: { path: 'token', audience: 'api' } },
            {
              downwardAPI: {
                items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }],
              },
            },
          ],
        },
      },
      { name: 'd', emptyDir: {} },
      { name: 'e', persistentVolumeClaim: { claimName: 'claim' } },
      { name: 'f', hostPath: { path: '/var/run', type: 'Directory' } },
      { name: 'g', csi: { driver: 'ossplugin.csi.alibabacloud.com', readOnly: true } },
      {
        name: 'h',
        image: {
          reference: `registry.example.com/models/llm@${DIGEST}`,
          pullPolicy: 'IfNotPresent',
        },
      },
      {
        name: 'i',
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
          },
        },
      },
    ];
    const mounted = new Set(volumes.map((v) => v.name));
    expect(checkVolumes(volumes, 'volumes', mounted)).toEqual([]);
  });

  test('fails when a volume name is not a DNS-1123 label', () => {
    expect(
      lines(
        checkVolumes(
          [{ name: 'Config', configMap: { name: 'c' } }],
          'volumes',
          new Set(['Config']),
        ),
      ),
    ).toEqual([
      "volumes[0].name: volume name 'Config' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
    ]);
  });

  test('fails when two volumes share a name', () => {
    expect(lines(checkVolumes([config, { ...config }], 'volumes', new Set(['config'])))).toEqual([
      "volumes[1].name: volume name 'config' is already used by volumes[0]; volume names must be unique",
    ]);
  });

  test('fails when no container mounts a volume', () => {
    expect(lines(checkVolumes([config], 'volumes', new Set()))).toEqual([
      "volumes[0].name: volume 'config' is not mounted by any container; mount it with volumeMounts or remove it",
    ]);
  });

  test('fails when a volume has no source or several', () => {
    const volumes = [
      { name: 'none' },
      { name: 'two', emptyDir: {}, secret: { secretName: 's' } },
    ] as VolumeProps[];
    expect(lines(checkVolumes(volumes, 'volumes', new Set(['none', 'two'])))).toEqual([
      "volumes[0]: volume 'none' sets no source; set exactly one of secret, configMap, projected, emptyDir, persistentVolumeClaim, hostPath, csi, image, ephemeral",
      "volumes[1]: volume 'two' sets secret and emptyDir; set exactly one source",
    ]);
  });

  test('fails when emptyDir.medium is not empty or Memory, or sizeLimit is invalid', () => {
    const volumes = [
      { name: 'cache', emptyDir: { medium: 'HugePages', sizeLimit: '-1Gi' } },
    ] as unknown as VolumeProps[];
    expect(lines(checkVolumes(volumes, 'volumes', new Set(['cache'])))).toEqual([
      "volumes[0].emptyDir.medium: emptyDir.medium 'HugePages' is not allowed by Knative; use '' (the node's disk) or 'Memory'",
      "volumes[0].emptyDir.sizeLimit: emptyDir.sizeLimit '-1Gi' must not be negative",
    ]);
  });

  test('fails when required source fields are missing', () => {
    const volumes = [
      { name: 'a', secret: { items: [{ key: '', path: 'p' }] } },
      { name: 'b', projected: { sources: [{}, { serviceAccountToken: {} }] } },
      { name: 'c', hostPath: { path: 'relative' } },
      { name: 'd', persistentVolumeClaim: { claimName: 'Bad_Name' } },
      { name: 'e', image: { reference: '' } },
    ] as unknown as VolumeProps[];
    expect(lines(checkVolumes(volumes, 'v', new Set(['a', 'b', 'c', 'd', 'e'])))).toEqual([
      'v[0].secret.secretName: secret.secretName is required: the name of the Secret',
      'v[0].secret.items[0].key: secret items[0].key is required',
      'v[1].projected.sources[0]: projected source sets nothing; set exactly one of secret, configMap, serviceAccountToken, downwardAPI',
      "v[1].projected.sources[1].serviceAccountToken.path: serviceAccountToken.path is required: the file name of the token, such as 'token'",
      "v[2].hostPath.path: hostPath.path 'relative' is not an absolute path; start it with '/'",
      "v[3].persistentVolumeClaim.claimName: persistentVolumeClaim.claimName 'Bad_Name' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters",
      "v[4].image.reference: image is required: a reference such as 'registry.example.com/team/model:1.0.0' or '...@sha256:<64 hex>'",
    ]);
  });

  test('fails on sources Knative does not allow in untyped input', () => {
    const volumes = [{ name: 'nfs', nfs: { server: 'x', path: '/' } }] as unknown as VolumeProps[];
    expect(lines(checkVolumes(volumes, 'volumes', new Set(['nfs'])))).toEqual([
      "volumes[0].nfs: 'nfs' is not a field Knative allows in a volume; remove it",
      "volumes[0]: volume 'nfs' sets no source; set exactly one of secret, configMap, projected, emptyDir, persistentVolumeClaim, hostPath, csi, image, ephemeral",
    ]);
  });
});

describe('checkVolumeMounts', () => {
  const volumes = [
    config,
    cache,
    weights,
    { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
  ];

  test('accepts mounts of existing volumes at unique absolute paths', () => {
    const mounts: VolumeMountProps[] = [
      { name: 'config', mountPath: '/etc/model', readOnly: true },
      { name: 'cache', mountPath: '/cache' },
      { name: 'weights', mountPath: '/weights', readOnly: true, subPath: 'v3' },
      { name: 'data', mountPath: '/data' },
    ];
    expect(checkVolumeMounts(mounts, 'm', volumes)).toEqual([]);
  });

  test('fails when a mount names no volume', () => {
    expect(lines(checkVolumeMounts([{ name: 'nope', mountPath: '/x' }], 'm', volumes))).toEqual([
      "m[0].name: volumeMount name 'nope' matches no volume; add a volume with this name or fix the name",
    ]);
  });

  test('fails when mountPath is relative, reserved or repeated', () => {
    const mounts: VolumeMountProps[] = [
      { name: 'cache', mountPath: 'cache' },
      { name: 'cache', mountPath: '/dev/' },
      { name: 'cache', mountPath: '/' },
      { name: 'cache', mountPath: '/dev/log' },
      { name: 'cache', mountPath: '/cache' },
      { name: 'data', mountPath: '/cache/' },
    ];
    expect(lines(checkVolumeMounts(mounts, 'm', volumes))).toEqual([
      "m[0].mountPath: mountPath 'cache' is not absolute; start it with '/'",
      "m[1].mountPath: mountPath '/dev/' is reserved by Knative ('/', '/dev', '/dev/log'); mount somewhere else, such as '/data'",
      "m[2].mountPath: mountPath '/' is reserved by Knative ('/', '/dev', '/dev/log'); mount somewhere else, such as '/data'",
      "m[3].mountPath: mountPath '/dev/log' is reserved by Knative ('/', '/dev', '/dev/log'); mount somewhere else, such as '/data'",
      "m[5].mountPath: mountPath '/cache/' is already used by volumeMounts[4]; mount paths must be unique in a container",
    ]);
  });

  test('fails when a configMap mount or a read-only claim mount is not readOnly', () => {
    const mounts: VolumeMountProps[] = [
      { name: 'config', mountPath: '/etc/model' },
      { name: 'weights', mountPath: '/weights', readOnly: false },
    ];
    expect(lines(checkVolumeMounts(mounts, 'm', volumes))).toEqual([
      "m[0].readOnly: volume 'config' is a configMap volume, which Knative mounts read-only; set readOnly: true on this mount",
      "m[1].readOnly: volume 'weights' is a read-only persistentVolumeClaim; set readOnly: true on this mount",
    ]);
  });

  test('fails when mountPropagation is not None or HostToContainer', () => {
    const mounts = [
      { name: 'cache', mountPath: '/c', mountPropagation: 'Bidirectional' },
    ] as unknown as VolumeMountProps[];
    expect(lines(checkVolumeMounts(mounts, 'm', volumes))).toEqual([
      "m[0].mountPropagation: mountPropagation 'Bidirectional' is not allowed by Knative; use 'None' or 'HostToContainer'",
    ]);
    expect(
      checkVolumeMounts(
        [{ name: 'cache', mountPath: '/c', mountPropagation: 'HostToContainer' }],
        'm',
        volumes,
      ),
    ).toEqual([]);
  });

  test('fails on subPathExpr and recursiveReadOnly in untyped input', () => {
    const mounts = [
      { name: 'cache', mountPath: '/c', subPathExpr: '$(POD)', recursiveReadOnly: 'Enabled' },
    ] as unknown as VolumeMountProps[];
    expect(lines(checkVolumeMounts(mounts, 'm', volumes))).toEqual([
      "m[0].subPathExpr: 'subPathExpr' is not a field Knative allows in a volumeMount; remove it",
      "m[0].recursiveReadOnly: 'recursiveReadOnly' is not a field Knative allows in a volumeMount; remove it",
    ]);
  });
});

describe('volumeFeatures', () => {
  test('needs no flag for secret, configMap and projected volumes', () => {
    const volumes: VolumeProps[] = [
      config,
      { name: 's', secret: { secretName: 's' } },
      { name: 'p', projected: { sources: [] } },
    ];
    expect(volumeFeatures(volumes, 'volumes')).toEqual([]);
  });

  test('requires exactly enabled flags for gated sources, and the write flag for writable claims', () => {
    // GIVEN
    const volumes: VolumeProps[] = [
      cache,
      weights,
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'host', hostPath: { path: '/x' } },
      { name: 'oss', csi: { driver: 'ossplugin.csi.alibabacloud.com' } },
      { name: 'img', image: { reference: 'registry.example.com/m:1' } },
      {
        name: 'eph',
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        },
      },
    ];
    // WHEN
    const reqs = volumeFeatures(volumes, 'volumes');
    // THEN every requirement is exact, and the upstream defaults reject all but emptyDir
    expect(reqs.every((r) => r.exact)).toBe(true);
    expect(lines(checkFeatures(reqs, UPSTREAM_CLUSTER))).toEqual([
      "volumes[1].persistentVolumeClaim: 'persistentVolumeClaim' needs the Knative feature flag 'kubernetes.podspec-persistent-volume-claim' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "volumes[2].persistentVolumeClaim: 'persistentVolumeClaim' needs the Knative feature flag 'kubernetes.podspec-persistent-volume-claim' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "volumes[2].persistentVolumeClaim.readOnly: 'writable persistentVolumeClaim' needs the Knative feature flag 'kubernetes.podspec-persistent-volume-write' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "volumes[3].hostPath: 'hostPath' needs the Knative feature flag 'kubernetes.podspec-volumes-hostpath' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "volumes[4].csi: 'csi' needs the Knative feature flag 'kubernetes.podspec-volumes-csi' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "volumes[5].image: 'image' needs the Knative feature flag 'kubernetes.podspec-volumes-image' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      "volumes[6].ephemeral: 'ephemeral' needs the Knative feature flag 'kubernetes.podspec-volumes-ephemeral' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
    ]);
  });

  test("treats 'allowed' as not enough for volume flags", () => {
    const cluster = clusterConfig({
      features: {
        'kubernetes.podspec-volumes-emptydir': 'allowed',
        'kubernetes.podspec-volumes-csi': 'enabled',
      },
    });
    const reqs = volumeFeatures([cache, { name: 'oss', csi: { driver: 'd' } }], 'volumes');
    expect(lines(checkFeatures(reqs, cluster))).toEqual([
      "volumes[0].emptyDir: 'emptyDir' needs the Knative feature flag 'kubernetes.podspec-volumes-emptydir' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
    ]);
  });

  test('requires the mount-propagation flag for mountPropagation', () => {
    const reqs = volumeMountFeatures(
      [{ name: 'c', mountPath: '/c', mountPropagation: 'None' }],
      'm',
    );
    expect(lines(checkFeatures(reqs, UPSTREAM_CLUSTER))).toEqual([
      "m[0].mountPropagation: 'mountPropagation' needs the Knative feature flag 'kubernetes.podspec-volumes-mount-propagation' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
    ]);
  });
});

describe('rendering', () => {
  test('renders the name first and the source with sorted keys', () => {
    const volume: VolumeProps = {
      secret: { optional: true, secretName: 's', defaultMode: 0o440 },
      name: 'creds',
    };
    expect(JSON.stringify(renderVolume(volume))).toEqual(
      '{"name":"creds","secret":{"defaultMode":288,"optional":true,"secretName":"s"}}',
    );
  });

  test('renders mounts in Kubernetes field order and omits unset fields', () => {
    const mount: VolumeMountProps = { mountPath: '/etc/model', readOnly: true, name: 'config' };
    expect(JSON.stringify(renderVolumeMount(mount))).toEqual(
      '{"name":"config","readOnly":true,"mountPath":"/etc/model"}',
    );
  });
});

import { posix as posixPath } from 'node:path';
import { FeatureRequirement } from './cluster-config';
import {
  canonical,
  isObject,
  joinPaths,
  listAnd,
  listField,
  objectField,
  unknownFields,
} from './probe';
import {
  Issue,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkImage,
  checkQuantity,
  joinPath,
  show,
} from '../validation';

/**
 * Volumes and volume mounts as Knative admits them (knative-rules §3.10, §2.4). Only the sources
 * in Knative's `VolumeSourceMask` can be written; `nfs`, `gitRepo`, `awsElasticBlockStore`... cannot.
 */

/** A key of a Secret or ConfigMap projected to a file. */
export interface KeyToPath {
  readonly key: string;
  /** Relative file path. */
  readonly path: string;
  /**
   * File mode bits, e.g. `0o440`.
   * @default - the volume's defaultMode
   */
  readonly mode?: number;
}

/** Selects a field of the pod (`metadata.name`, `metadata.labels['x']`, `status.podIP`...). */
export interface ObjectFieldSelector {
  readonly fieldPath: string;
  /**
   * API version of `fieldPath`.
   * @default 'v1'
   */
  readonly apiVersion?: string;
}

/** Selects a container's resource (`limits.cpu`, `requests.memory`...). */
export interface ResourceFieldSelector {
  readonly resource: string;
  /**
   * Container to read from; required in volumes.
   * @default - this container (env only)
   */
  readonly containerName?: string;
  /**
   * Unit of the exposed value, e.g. `1Mi`.
   * @default '1'
   */
  readonly divisor?: string;
}

export interface SecretVolumeSource {
  readonly secretName: string;
  /** @default - every key, as a file named after it */
  readonly items?: readonly KeyToPath[];
  /** @default 0o644 */
  readonly defaultMode?: number;
  /** @default false */
  readonly optional?: boolean;
}

export interface ConfigMapVolumeSource {
  readonly name: string;
  /** @default - every key, as a file named after it */
  readonly items?: readonly KeyToPath[];
  /** @default 0o644 */
  readonly defaultMode?: number;
  /** @default false */
  readonly optional?: boolean;
}

/** A Secret or ConfigMap inside a projected volume. */
export interface ProjectedObject {
  readonly name: string;
  /** @default - every key */
  readonly items?: readonly KeyToPath[];
  /** @default false */
  readonly optional?: boolean;
}

export interface ServiceAccountTokenProjection {
  /** File path of the token, relative to the mount. */
  readonly path: string;
  /** @default - the API server's audience */
  readonly audience?: string;
  /** @default 3600 */
  readonly expirationSeconds?: number;
}

export interface DownwardAPIVolumeFile {
  readonly path: string;
  /** @default - none (set exactly one of fieldRef, resourceFieldRef) */
  readonly fieldRef?: ObjectFieldSelector;
  /** @default - none (set exactly one of fieldRef, resourceFieldRef) */
  readonly resourceFieldRef?: ResourceFieldSelector;
  /** @default - the volume's defaultMode */
  readonly mode?: number;
}

/** One source of a projected volume: exactly one field. */
export interface VolumeProjection {
  /** @default - none */
  readonly secret?: ProjectedObject;
  /** @default - none */
  readonly configMap?: ProjectedObject;
  /** @default - none */
  readonly serviceAccountToken?: ServiceAccountTokenProjection;
  /** @default - none */
  readonly downwardAPI?: { readonly items: readonly DownwardAPIVolumeFile[] };
}

export interface ProjectedVolumeSource {
  readonly sources: readonly VolumeProjection[];
  /** @default 0o644 */
  readonly defaultMode?: number;
}

export interface EmptyDirVolumeSource {
  /**
   * `''` for the node's disk, `Memory` for tmpfs.
   * @default ''
   */
  readonly medium?: '' | 'Memory';
  /**
   * Size limit, a quantity such as `1Gi`.
   * @default - no limit
   */
  readonly sizeLimit?: string;
}

export interface PersistentVolumeClaimVolumeSource {
  readonly claimName: string;
  /**
   * Mount the claim read-only. A writable claim also needs
   * `kubernetes.podspec-persistent-volume-write`.
   * @default false
   */
  readonly readOnly?: boolean;
}

export interface HostPathVolumeSource {
  /** Absolute path on the node. */
  readonly path: string;
  /**
   * What must exist at `path`; `''` checks nothing.
   * @default ''
   */
  readonly type?:
    | ''
    | 'DirectoryOrCreate'
    | 'Directory'
    | 'FileOrCreate'
    | 'File'
    | 'Socket'
    | 'CharDevice'
    | 'BlockDevice';
}

export interface CsiVolumeSource {
  /** CSI driver name, e.g. `ossplugin.csi.alibabacloud.com`. */
  readonly driver: string;
  /** @default false */
  readonly readOnly?: boolean;
  /** @default - the driver's default */
  readonly fsType?: string;
  /** @default - none */
  readonly volumeAttributes?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly nodePublishSecretRef?: { readonly name: string };
}

/** An OCI image (or artifact) mounted read-only, e.g. model weights. */
export interface ImageVolumeSource {
  readonly reference: string;
  /** @default - Always for `:latest`, IfNotPresent otherwise */
  readonly pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

/** A claim created and deleted with the pod. */
export interface EphemeralVolumeSource {
  readonly volumeClaimTemplate: {
    /** @default - none */
    readonly metadata?: {
      /** @default - none */
      readonly labels?: Readonly<Record<string, string>>;
      /** @default - none */
      readonly annotations?: Readonly<Record<string, string>>;
    };
    readonly spec: {
      readonly accessModes: readonly (
        'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod'
      )[];
      /** @default - the cluster's default StorageClass */
      readonly storageClassName?: string;
      readonly resources: { readonly requests: { readonly storage: string } };
      /** @default 'Filesystem' */
      readonly volumeMode?: 'Filesystem' | 'Block';
    };
  };
}

/**
 * A pod volume: a DNS-1123 label name and exactly one source. `secret`, `configMap` and `projected`
 * are always allowed; the others need a `config-features` flag set to exactly `enabled`
 * (`emptyDir` is on by default).
 */
export interface VolumeProps {
  /** DNS-1123 label, unique in the pod; some container must mount it. */
  readonly name: string;
  /** @default - none */
  readonly secret?: SecretVolumeSource;
  /** @default - none */
  readonly configMap?: ConfigMapVolumeSource;
  /** @default - none */
  readonly projected?: ProjectedVolumeSource;
  /** Flag `kubernetes.podspec-volumes-emptydir` (enabled by default). @default - none */
  readonly emptyDir?: EmptyDirVolumeSource;
  /** Flag `kubernetes.podspec-persistent-volume-claim` (+ `-write` unless readOnly). @default - none */
  readonly persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  /** Flag `kubernetes.podspec-volumes-hostpath`. @default - none */
  readonly hostPath?: HostPathVolumeSource;
  /** Flag `kubernetes.podspec-volumes-csi`. @default - none */
  readonly csi?: CsiVolumeSource;
  /** Flag `kubernetes.podspec-volumes-image`. @default - none */
  readonly image?: ImageVolumeSource;
  /** Flag `kubernetes.podspec-volumes-ephemeral`. @default - none */
  readonly ephemeral?: EphemeralVolumeSource;
}

/**
 * Where a container mounts a volume. `subPathExpr` and `recursiveReadOnly` are not allowed by
 * Knative and cannot be written.
 */
export interface VolumeMountProps {
  /** The volume's name. */
  readonly name: string;
  /** Absolute path, unique in the container; not `/`, `/dev` or `/dev/log`. */
  readonly mountPath: string;
  /**
   * Mount read-only. Required (`true`) for every source except emptyDir, persistentVolumeClaim
   * and ephemeral, and for a read-only persistentVolumeClaim. The library does not add it for you.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this path inside the volume.
   * @default '' (the volume's root)
   */
  readonly subPath?: string;
  /**
   * Needs `kubernetes.podspec-volumes-mount-propagation` set to `enabled`.
   * @default - Kubernetes' default (None)
   */
  readonly mountPropagation?: 'None' | 'HostToContainer';
}

/** Every volume source Knative knows, in the order messages list them. */
export const VOLUME_SOURCES = [
  'secret',
  'configMap',
  'projected',
  'emptyDir',
  'persistentVolumeClaim',
  'hostPath',
  'csi',
  'image',
  'ephemeral',
] as const;
export type VolumeSourceName = (typeof VOLUME_SOURCES)[number];

/** The flag each gated source needs (exactly `enabled`). */
// knative/serving pkg/apis/serving/fieldmask.go VolumeSourceMask, k8s_validation.go validateVolume
export const VOLUME_SOURCE_FLAGS: Readonly<Partial<Record<VolumeSourceName, string>>> = {
  emptyDir: 'kubernetes.podspec-volumes-emptydir',
  persistentVolumeClaim: 'kubernetes.podspec-persistent-volume-claim',
  hostPath: 'kubernetes.podspec-volumes-hostpath',
  csi: 'kubernetes.podspec-volumes-csi',
  image: 'kubernetes.podspec-volumes-image',
  ephemeral: 'kubernetes.podspec-volumes-ephemeral',
};

/** Mount paths Knative reserves. */
// knative/serving pkg/apis/serving/k8s_validation.go reservedPaths
export const RESERVED_MOUNT_PATHS: readonly string[] = ['/', '/dev', '/dev/log'];

/** Sources whose mounts may be writable; every other mount must be readOnly. */
const WRITABLE_SOURCES: readonly VolumeSourceName[] = [
  'emptyDir',
  'persistentVolumeClaim',
  'ephemeral',
];

/** The sources a volume sets, in `VOLUME_SOURCES` order. */
export function volumeSources(volume: VolumeProps): VolumeSourceName[] {
  return VOLUME_SOURCES.filter((s) => isObject(volume) && volume[s] !== undefined);
}

/**
 * Checks the pod's volumes: names, uniqueness, one source with valid fields, and that some
 * container mounts each one (`mounted` holds the names mounted anywhere in the pod).
 */
// knative/serving pkg/apis/serving/k8s_validation.go ValidateVolumes, validateVolume
export function checkVolumes(
  volumes: readonly VolumeProps[],
  path: string,
  mounted: ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  listField(volumes, path, 'volumes', issues).forEach((volume, i) => {
    const at = joinPath(path, i);
    if (!isObject(volume)) {
      issues.push({
        path: at,
        message: `volume ${show(volume)} must be an object with a name and one source`,
      });
      return;
    }
    issues.push(...unknownFields(volume, ['name', ...VOLUME_SOURCES], at, 'a volume'));
    const nameIssues = checkDns1123Label(volume.name, joinPath(at, 'name'), 'volume name');
    issues.push(...nameIssues);
    if (nameIssues.length === 0) {
      const first = seen.get(volume.name);
      if (first !== undefined) {
        issues.push({
          path: joinPath(at, 'name'),
          message: `volume name ${show(volume.name)} is already used by volumes[${first}]; volume names must be unique`,
        });
      } else {
        seen.set(volume.name, i);
      }
      if (!mounted.has(volume.name)) {
        issues.push({
          path: joinPath(at, 'name'),
          message: `volume ${show(volume.name)} is not mounted by any container; mount it with volumeMounts or remove it`,
        });
      }
    }
    const sources = volumeSources(volume);
    const label = typeof volume.name === 'string' ? show(volume.name) : `volumes[${i}]`;
    if (sources.length === 0) {
      issues.push({
        path: at,
        message: `volume ${label} sets no source; set exactly one of ${VOLUME_SOURCES.join(', ')}`,
      });
    } else if (sources.length > 1) {
      issues.push({
        path: at,
        message: `volume ${label} sets ${listAnd(sources)}; set exactly one source`,
      });
    }
    for (const source of sources) {
      if (objectField(volume[source], joinPath(at, source), source, issues)) {
        issues.push(...checkSource(volume, source, joinPath(at, source)));
      }
    }
  });
  return issues;
}

function checkSource(volume: VolumeProps, source: VolumeSourceName, at: string): Issue[] {
  const issues: Issue[] = [];
  const need = (value: unknown, field: string, what: string): void => {
    if (typeof value !== 'string' || value === '') {
      issues.push({
        path: joinPath(at, field),
        message: `${source}.${field} is required: ${what}`,
      });
    }
  };
  switch (source) {
    case 'secret': {
      const s = volume.secret as SecretVolumeSource;
      issues.push(
        ...unknownFields(
          s,
          ['secretName', 'items', 'defaultMode', 'optional'],
          at,
          'a secret volume',
        ),
      );
      need(s.secretName, 'secretName', 'the name of the Secret');
      issues.push(...checkItems(s.items, joinPath(at, 'items'), source));
      break;
    }
    case 'configMap': {
      const c = volume.configMap as ConfigMapVolumeSource;
      issues.push(
        ...unknownFields(c, ['name', 'items', 'defaultMode', 'optional'], at, 'a configMap volume'),
      );
      need(c.name, 'name', 'the name of the ConfigMap');
      issues.push(...checkItems(c.items, joinPath(at, 'items'), source));
      break;
    }
    case 'projected':
      issues.push(...checkProjected(volume.projected as ProjectedVolumeSource, at));
      break;
    case 'emptyDir': {
      // k8s_validation.go validateEmptyDirFields
      const e = volume.emptyDir as EmptyDirVolumeSource;
      issues.push(...unknownFields(e, ['medium', 'sizeLimit'], at, 'an emptyDir volume'));
      if (e.medium !== undefined && e.medium !== '' && e.medium !== 'Memory') {
        issues.push({
          path: joinPath(at, 'medium'),
          message: `emptyDir.medium ${show(e.medium)} is not allowed by Knative; use '' (the node's disk) or 'Memory'`,
        });
      }
      if (e.sizeLimit !== undefined) {
        issues.push(
          ...checkQuantity(e.sizeLimit, joinPath(at, 'sizeLimit'), 'emptyDir.sizeLimit', {
            nonNegative: true,
          }),
        );
      }
      break;
    }
    case 'persistentVolumeClaim': {
      const p = volume.persistentVolumeClaim as PersistentVolumeClaimVolumeSource;
      issues.push(
        ...unknownFields(p, ['claimName', 'readOnly'], at, 'a persistentVolumeClaim volume'),
      );
      issues.push(
        ...checkDns1123Subdomain(
          p.claimName,
          joinPath(at, 'claimName'),
          'persistentVolumeClaim.claimName',
        ),
      );
      break;
    }
    case 'hostPath': {
      const h = volume.hostPath as HostPathVolumeSource;
      issues.push(...unknownFields(h, ['path', 'type'], at, 'a hostPath volume'));
      if (typeof h.path !== 'string' || !h.path.startsWith('/')) {
        issues.push({
          path: joinPath(at, 'path'),
          message: `hostPath.path ${show(h.path)} is not an absolute path; start it with '/'`,
        });
      }
      break;
    }
    case 'csi': {
      const c = volume.csi as CsiVolumeSource;
      issues.push(
        ...unknownFields(
          c,
          ['driver', 'readOnly', 'fsType', 'volumeAttributes', 'nodePublishSecretRef'],
          at,
          'a csi volume',
        ),
      );
      need(c.driver, 'driver', 'the CSI driver name, such as ossplugin.csi.alibabacloud.com');
      break;
    }
    case 'image': {
      // k8s_validation.go validateImageVolumeSource
      const m = volume.image as ImageVolumeSource;
      issues.push(...unknownFields(m, ['reference', 'pullPolicy'], at, 'an image volume'));
      issues.push(...checkImage(m.reference, joinPath(at, 'reference')));
      if (
        m.pullPolicy !== undefined &&
        !['Always', 'IfNotPresent', 'Never'].includes(m.pullPolicy)
      ) {
        issues.push({
          path: joinPath(at, 'pullPolicy'),
          message: `image.pullPolicy ${show(m.pullPolicy)} is not allowed; use 'Always', 'IfNotPresent' or 'Never'`,
        });
      }
      break;
    }
    case 'ephemeral': {
      const t = (volume.ephemeral as EphemeralVolumeSource).volumeClaimTemplate;
      if (!isObject(t) || !isObject(t.spec)) {
        issues.push({
          path: joinPath(at, 'volumeClaimTemplate'),
          message: `ephemeral.volumeClaimTemplate.spec is required: accessModes and resources.requests.storage`,
        });
        break;
      }
      const spec = t.spec;
      if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) {
        issues.push({
          path: joinPaths(at, 'volumeClaimTemplate', 'spec', 'accessModes'),
          message: `ephemeral accessModes is empty; set at least one, such as ['ReadWriteOnce']`,
        });
      }
      issues.push(
        ...checkQuantity(
          spec.resources?.requests?.storage,
          joinPaths(at, 'volumeClaimTemplate', 'spec', 'resources', 'requests', 'storage'),
          'ephemeral storage request',
          {
            nonNegative: true,
          },
        ),
      );
      break;
    }
  }
  return issues;
}

// k8s_validation.go validateKeyToPath
function checkItems(
  items: readonly KeyToPath[] | undefined,
  path: string,
  source: string,
): Issue[] {
  const issues: Issue[] = [];
  listField(items, path, `${source} items`, issues).forEach((item, i) => {
    const at = joinPath(path, i);
    if (!objectField(item, at, `${source} items[${i}]`, issues)) return;
    issues.push(...unknownFields(item, ['key', 'path', 'mode'], at, `${source} items`));
    for (const field of ['key', 'path'] as const) {
      if (typeof item?.[field] !== 'string' || item[field] === '') {
        issues.push({
          path: joinPath(at, field),
          message: `${source} items[${i}].${field} is required`,
        });
      }
    }
  });
  return issues;
}

// k8s_validation.go validateProjectedVolumeSource
function checkProjected(projected: ProjectedVolumeSource, at: string): Issue[] {
  const issues: Issue[] = unknownFields(
    projected,
    ['sources', 'defaultMode'],
    at,
    'a projected volume',
  );
  const kinds = ['secret', 'configMap', 'serviceAccountToken', 'downwardAPI'] as const;
  listField(projected.sources, joinPath(at, 'sources'), 'projected.sources', issues).forEach(
    (source, i) => {
      const p = joinPath(joinPath(at, 'sources'), i);
      if (!objectField(source, p, `projected.sources[${i}]`, issues)) return;
      issues.push(...unknownFields(source, kinds, p, 'a projected volume source'));
      const set = kinds.filter((k) => isObject(source) && source[k] !== undefined);
      if (set.length !== 1) {
        issues.push({
          path: p,
          message: `projected source sets ${set.length === 0 ? 'nothing' : listAnd(set)}; set exactly one of ${kinds.join(', ')}`,
        });
      }
      for (const k of ['secret', 'configMap'] as const) {
        const obj = source[k];
        if (obj === undefined || !objectField(obj, joinPath(p, k), `projected ${k}`, issues))
          continue;
        issues.push(
          ...unknownFields(obj, ['name', 'items', 'optional'], joinPath(p, k), `a projected ${k}`),
        );
        if (typeof obj.name !== 'string' || obj.name === '') {
          issues.push({
            path: joinPath(joinPath(p, k), 'name'),
            message: `projected ${k}.name is required`,
          });
        }
        issues.push(...checkItems(obj.items, joinPath(joinPath(p, k), 'items'), `projected ${k}`));
      }
      if (
        objectFieldIfSet(
          source.serviceAccountToken,
          joinPath(p, 'serviceAccountToken'),
          'serviceAccountToken',
          issues,
        )
      ) {
        const tok = joinPath(p, 'serviceAccountToken');
        issues.push(
          ...unknownFields(
            source.serviceAccountToken,
            ['path', 'audience', 'expirationSeconds'],
            tok,
            'a serviceAccountToken projection',
          ),
        );
        if (
          typeof source.serviceAccountToken.path !== 'string' ||
          source.serviceAccountToken.path === ''
        ) {
          issues.push({
            path: joinPath(tok, 'path'),
            message: `serviceAccountToken.path is required: the file name of the token, such as 'token'`,
          });
        }
      }
      if (objectFieldIfSet(source.downwardAPI, joinPath(p, 'downwardAPI'), 'downwardAPI', issues)) {
        const d = joinPath(p, 'downwardAPI');
        issues.push(...unknownFields(source.downwardAPI, ['items'], d, 'a downwardAPI projection'));
        listField(
          source.downwardAPI.items,
          joinPath(d, 'items'),
          'downwardAPI items',
          issues,
        ).forEach((item, j) => {
          const ip = joinPath(joinPath(d, 'items'), j);
          if (!objectField(item, ip, `downwardAPI items[${j}]`, issues)) return;
          issues.push(
            ...unknownFields(
              item,
              ['path', 'fieldRef', 'resourceFieldRef', 'mode'],
              ip,
              'a downwardAPI item',
            ),
          );
          if ((item.fieldRef === undefined) === (item.resourceFieldRef === undefined)) {
            issues.push({
              path: ip,
              message: `downwardAPI items[${j}] must set exactly one of fieldRef, resourceFieldRef`,
            });
          }
          if (typeof item.path !== 'string' || item.path === '') {
            issues.push({
              path: joinPath(ip, 'path'),
              message: `downwardAPI items[${j}].path is required`,
            });
          }
        });
      }
    },
  );
  return issues;
}

/**
 * Checks one container's mounts against the pod's volumes: names match a volume, mount paths
 * are absolute, unique and not reserved, read-only where Knative requires it.
 */
// knative/serving pkg/apis/serving/k8s_validation.go validateVolumeMounts
export function checkVolumeMounts(
  mounts: readonly VolumeMountProps[],
  path: string,
  volumes: readonly VolumeProps[],
): Issue[] {
  const issues: Issue[] = [];
  const byName = new Map<string, VolumeProps>();
  for (const v of Array.isArray(volumes) ? volumes : []) {
    if (isObject(v) && !byName.has(v.name)) byName.set(v.name, v as VolumeProps);
  }
  const seenPaths = new Map<string, number>();
  listField(mounts, path, 'volumeMounts', issues).forEach((mount, i) => {
    const at = joinPath(path, i);
    if (!isObject(mount)) {
      issues.push({
        path: at,
        message: `volumeMount ${show(mount)} must be an object with name and mountPath`,
      });
      return;
    }
    issues.push(
      ...unknownFields(
        mount,
        ['name', 'mountPath', 'readOnly', 'subPath', 'mountPropagation'],
        at,
        'a volumeMount',
      ),
    );
    const volume = byName.get(mount.name);
    if (volume === undefined) {
      issues.push({
        path: joinPath(at, 'name'),
        message: `volumeMount name ${show(mount.name)} matches no volume; add a volume with this name or fix the name`,
      });
    }
    const mp = mount.mountPath;
    if (typeof mp !== 'string' || mp === '') {
      issues.push({
        path: joinPath(at, 'mountPath'),
        message: `mountPath is required: an absolute path such as '/data'`,
      });
    } else {
      const clean = posixPath.normalize(mp).replace(/(.)\/+$/, '$1');
      if (!mp.startsWith('/')) {
        issues.push({
          path: joinPath(at, 'mountPath'),
          message: `mountPath ${show(mp)} is not absolute; start it with '/'`,
        });
      } else if (RESERVED_MOUNT_PATHS.includes(clean)) {
        issues.push({
          path: joinPath(at, 'mountPath'),
          message: `mountPath ${show(mp)} is reserved by Knative (${RESERVED_MOUNT_PATHS.map((p) => `'${p}'`).join(', ')}); mount somewhere else, such as '/data'`,
        });
      } else if (seenPaths.has(clean)) {
        issues.push({
          path: joinPath(at, 'mountPath'),
          message: `mountPath ${show(mp)} is already used by volumeMounts[${seenPaths.get(clean)}]; mount paths must be unique in a container`,
        });
      } else {
        seenPaths.set(clean, i);
      }
    }
    if (volume !== undefined) {
      const sources = volumeSources(volume);
      const source = sources.length === 1 ? sources[0] : undefined;
      if (source !== undefined && !WRITABLE_SOURCES.includes(source) && mount.readOnly !== true) {
        issues.push({
          path: joinPath(at, 'readOnly'),
          message: `volume ${show(volume.name)} is a ${source} volume, which Knative mounts read-only; set readOnly: true on this mount`,
        });
      }
      if (
        source === 'persistentVolumeClaim' &&
        isObject(volume.persistentVolumeClaim) &&
        volume.persistentVolumeClaim.readOnly === true &&
        mount.readOnly !== true
      ) {
        issues.push({
          path: joinPath(at, 'readOnly'),
          message: `volume ${show(volume.name)} is a read-only persistentVolumeClaim; set readOnly: true on this mount`,
        });
      }
    }
    const prop = mount.mountPropagation;
    if (prop !== undefined && prop !== 'None' && prop !== 'HostToContainer') {
      issues.push({
        path: joinPath(at, 'mountPropagation'),
        message: `mountPropagation ${show(prop)} is not allowed by Knative; use 'None' or 'HostToContainer'`,
      });
    }
  });
  return issues;
}

/** The flags the volumes need: each gated source, and writable claims. */
export function volumeFeatures(
  volumes: readonly VolumeProps[],
  path: string,
): FeatureRequirement[] {
  const reqs: FeatureRequirement[] = [];
  (Array.isArray(volumes) ? volumes : []).forEach((volume, i) => {
    const at = joinPath(path, i);
    for (const source of volumeSources(volume)) {
      const flag = VOLUME_SOURCE_FLAGS[source];
      if (flag) reqs.push({ flag, exact: true, path: joinPath(at, source), field: source });
    }
    if (
      isObject(volume) &&
      isObject(volume.persistentVolumeClaim) &&
      volume.persistentVolumeClaim.readOnly !== true
    ) {
      // k8s_validation.go validatePersistentVolumeClaims
      reqs.push({
        flag: 'kubernetes.podspec-persistent-volume-write',
        exact: true,
        path: joinPath(joinPath(at, 'persistentVolumeClaim'), 'readOnly'),
        field: 'writable persistentVolumeClaim',
      });
    }
  });
  return reqs;
}

/** The flags a container's mounts need (mountPropagation). */
export function volumeMountFeatures(
  mounts: readonly VolumeMountProps[],
  path: string,
): FeatureRequirement[] {
  const reqs: FeatureRequirement[] = [];
  (Array.isArray(mounts) ? mounts : []).forEach((mount, i) => {
    if (isObject(mount) && mount.mountPropagation !== undefined) {
      reqs.push({
        flag: 'kubernetes.podspec-volumes-mount-propagation',
        exact: true,
        path: joinPath(joinPath(path, i), 'mountPropagation'),
        field: 'mountPropagation',
      });
    }
  });
  return reqs;
}

function objectFieldIfSet(
  value: unknown,
  path: string,
  what: string,
  issues: Issue[],
): value is Record<string, any> {
  return value !== undefined && objectField(value, path, what, issues);
}

/** The volume as Kubernetes JSON: `name` first, then its source with sorted keys. */
export function renderVolume(volume: VolumeProps): Record<string, unknown> {
  const out: Record<string, unknown> = { name: volume.name };
  for (const source of volumeSources(volume)) out[source] = canonical(volume[source]);
  return out;
}

/** The mount as Kubernetes JSON, in Kubernetes' field order. */
export function renderVolumeMount(mount: VolumeMountProps): Record<string, unknown> {
  const out: Record<string, unknown> = { name: mount.name };
  if (mount.readOnly !== undefined) out.readOnly = mount.readOnly;
  out.mountPath = mount.mountPath;
  if (mount.subPath !== undefined) out.subPath = mount.subPath;
  if (mount.mountPropagation !== undefined) out.mountPropagation = mount.mountPropagation;
  return out;
}

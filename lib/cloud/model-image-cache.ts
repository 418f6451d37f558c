import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkImageCacheArgs } from './checks';
import { DEFAULT_IMAGE_CACHE_SIZE_GIB } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

export interface RegistryCredential {
  readonly server: string;
  readonly userName: pulumi.Input<string>;
  /** Kept secret. */
  readonly password: pulumi.Input<string>;
}

export interface ModelImageCacheArgs {
  /** Image cache name, such as `llm-7b`. */
  readonly imageCacheName: string;
  /** Images to cache, each pinned by tag or digest. */
  readonly images: readonly string[];
  readonly securityGroupId: pulumi.Input<string>;
  /** vSwitch the cache is built from; it needs internet access (NAT) or `eipInstanceId`. */
  readonly vswitchId: pulumi.Input<string>;
  /**
   * EIP to pull from public registries when the vSwitch has no NAT.
   * @default - none; the vSwitch's NAT is used
   */
  readonly eipInstanceId?: pulumi.Input<string>;
  /**
   * Size of the cache disk in GiB; large model images need more than the default.
   * @default 20
   */
  readonly sizeGiB?: number;
  /**
   * Days to keep the cache.
   * @default - kept until deleted
   */
  readonly retentionDays?: number;
  /** @default - the vSwitch's zone */
  readonly zoneId?: pulumi.Input<string>;
  /** Credentials for private registries. @default - none */
  readonly registryCredentials?: readonly RegistryCredential[];
}

/**
 * An ECI image cache for large model images: ECI pods that match it (annotation
 * `k8s.aliyun.com/eci-auto-imc: "true"`, or `k8s.aliyun.com/eci-imc-id`) start without pulling.
 */
export class ModelImageCache extends pulumi.ComponentResource {
  public readonly imageCache: alicloud.eci.ImageCache;
  /** The cache id (`imc-...`), for the `k8s.aliyun.com/eci-imc-id` annotation. */
  public readonly imageCacheId: pulumi.Output<string>;

  constructor(name: string, args: ModelImageCacheArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('ModelImageCache', name, checkImageCacheArgs(args));
    super('ack-serving:cloud:ModelImageCache', name, {}, opts);
    this.imageCache = new alicloud.eci.ImageCache(
      `${name}-cache`,
      {
        imageCacheName: args.imageCacheName,
        images: [...args.images],
        securityGroupId: args.securityGroupId,
        vswitchId: args.vswitchId,
        eipInstanceId: args.eipInstanceId,
        imageCacheSize: args.sizeGiB ?? DEFAULT_IMAGE_CACHE_SIZE_GIB,
        retentionDays: args.retentionDays,
        zoneId: args.zoneId,
        imageRegistryCredentials: args.registryCredentials?.map((c) => ({
          server: c.server,
          userName: c.userName,
          password: pulumi.secret(c.password),
        })),
      },
      childOptions(this, opts),
    );
    this.imageCacheId = this.imageCache.id;
    this.registerOutputs({ imageCacheId: this.imageCacheId });
  }
}

import * as alicloud from '@pulumi/alicloud';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Issue, show } from '../validation';
import { DEFAULT_EVENTING_RELEASE, EVENTING_RELEASE_FILES, EVENTING_RELEASE_URL } from './defaults';
import { childOptions, under } from './_util';
import { throwIfInvalid } from './errors';

/**
 * How Eventing gets onto the cluster. `upstream` applies Knative's release manifests (CRDs, core,
 * in-memory channel, multi-tenant channel broker) through the cluster's Kubernetes provider.
 * `addon` installs an ACK addon by name, for when ACK's Eventing component can be installed
 * through the API (its name is not documented; check `cs.getKubernetesAddons`).
 */
export type EventingInstaller =
  | { readonly kind: 'upstream'; readonly release?: string }
  | {
      readonly kind: 'addon';
      readonly addonName: string;
      readonly version?: string;
      readonly config?: Readonly<Record<string, unknown>>;
    };

export interface KnativeEventingArgs {
  readonly clusterId: pulumi.Input<string>;
  /** The cluster's Kubernetes provider (the upstream installer applies manifests with it). */
  readonly provider: k8s.Provider;
  /** @default { kind: 'upstream', release: 'knative-v1.23.0' } */
  readonly installer?: EventingInstaller;
}

const RELEASE = /^knative-v1\.\d+\.\d+$/;

/** The installer's settings: a release tag such as `knative-v1.23.0`, or an addon name. */
export function checkEventingArgs(
  args: Pick<KnativeEventingArgs, 'installer'>,
  base = '',
): Issue[] {
  const i = args.installer;
  if (i === undefined) return [];
  if (i.kind === 'upstream') {
    return i.release === undefined || RELEASE.test(i.release)
      ? []
      : [
          {
            path: under(base, 'installer.release'),
            message: `release ${show(i.release)} is not a Knative release tag such as '${DEFAULT_EVENTING_RELEASE}'`,
          },
        ];
  }
  if (i.kind === 'addon') {
    return /^[a-z0-9][a-z0-9-]*$/.test(i.addonName)
      ? []
      : [
          {
            path: under(base, 'installer.addonName'),
            message: `addon name ${show(i.addonName)} is not an ACK addon name; list the cluster's with cs.getKubernetesAddons`,
          },
        ];
  }
  return [
    {
      path: under(base, 'installer.kind'),
      message: `installer kind ${show((i as { kind: unknown }).kind)} is not 'upstream' or 'addon'`,
    },
  ];
}

/** The URLs of an upstream release's manifests, in the order they are applied. */
export function eventingReleaseUrls(release: string = DEFAULT_EVENTING_RELEASE): string[] {
  return EVENTING_RELEASE_FILES.map((f) => `${EVENTING_RELEASE_URL}/${release}/${f}`);
}

/**
 * Knative Eventing (ACK's `knative` addon is Serving only). Brokers, Triggers, sources and the
 * `knative-eventing` ConfigMaps need its CRDs and namespace: make them depend on this component.
 */
export class KnativeEventing extends pulumi.ComponentResource {
  /** The release manifests applied, in order (upstream installer). */
  public readonly manifests: readonly k8s.yaml.v2.ConfigFile[];
  /** The addon (addon installer). */
  public readonly addon?: alicloud.cs.KubernetesAddon;

  constructor(name: string, args: KnativeEventingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('KnativeEventing', name, checkEventingArgs(args));
    super('ack-serving:cloud:KnativeEventing', name, {}, opts);
    const installer = args.installer ?? { kind: 'upstream' };
    const manifests: k8s.yaml.v2.ConfigFile[] = [];
    if (installer.kind === 'upstream') {
      // CRDs first, then the core, then the channel and broker that need both
      for (const [i, file] of eventingReleaseUrls(installer.release).entries()) {
        const previous = manifests[i - 1];
        manifests.push(
          new k8s.yaml.v2.ConfigFile(
            `${name}-${EVENTING_RELEASE_FILES[i].replace(/\.yaml$/, '')}`,
            { file },
            {
              ...childOptions(this, opts, previous ? [previous] : []),
              provider: args.provider,
            },
          ),
        );
      }
    } else {
      this.addon = new alicloud.cs.KubernetesAddon(
        `${name}-addon`,
        {
          clusterId: args.clusterId,
          name: installer.addonName,
          version: installer.version,
          config: installer.config ? JSON.stringify(installer.config) : undefined,
        },
        childOptions(this, opts),
      );
    }
    this.manifests = manifests;
    this.registerOutputs({});
  }
}

/**
 * What is known about the ACK addon names and config keys the components send, and where it comes
 * from (read 2026-12-02). `confirmed` means a cited document, provider test or Alibaba example
 * uses the name (and keys); `unconfirmed` means the library sends it as a documented default that a
 * real account has to confirm. Every name is a setting, so an unconfirmed one can be corrected
 * without forking.
 */
import { ADDON_NAMES } from './defaults';

export interface AddonFact {
  readonly name: string;
  readonly status: 'confirmed' | 'unconfirmed';
  /** The config keys the library sends, if any. */
  readonly configKeys: readonly string[];
  readonly source: string;
}

export const ADDON_FACTS: readonly AddonFact[] = [
  {
    name: ADDON_NAMES.terway,
    status: 'confirmed',
    configKeys: ['NetworkPolicy', 'ENITrunking', 'IPVlan'],
    source:
      'provider docs cs_managed_kubernetes.html.markdown (Terway example); @pulumi/alicloud cs/managedKubernetes.d.ts',
  },
  {
    name: ADDON_NAMES.csiPlugin,
    status: 'confirmed',
    configKeys: [],
    source: 'provider docs cs_managed_kubernetes.html.markdown',
  },
  {
    name: ADDON_NAMES.csiProvisioner,
    status: 'confirmed',
    configKeys: [],
    source: 'provider docs cs_managed_kubernetes.html.markdown',
  },
  {
    name: ADDON_NAMES.nginxIngress,
    status: 'confirmed',
    configKeys: [],
    source: 'provider docs (disabled: true suppresses it)',
  },
  {
    name: ADDON_NAMES.virtualNode,
    status: 'confirmed',
    configKeys: [],
    source:
      'provider test resource_alicloud_cs_kubernetes_addon_test.go (TestAccAliCloudCSKubernetesAddon_vk)',
  },
  {
    name: ADDON_NAMES.albIngress,
    status: 'confirmed',
    configKeys: ['albIngress.CreateDefaultALBConfig', 'albIngress.AddressType'],
    source:
      'alibabacloud-automation/terraform-alicloud-ack-services defaults; ACK "Use AlbConfigs to configure ALB instances"',
  },
  {
    name: ADDON_NAMES.mseIngress,
    status: 'unconfirmed',
    configKeys: [],
    source: 'AliyunContainerService/ack-ram-tool addon list; not in an ACK API reference',
  },
  {
    name: ADDON_NAMES.knative,
    status: 'unconfirmed',
    configKeys: [],
    source:
      'documented for ACK Serverless only (provider docs cs_serverless_kubernetes.html.markdown); ACK Pro docs describe console installation',
  },
  {
    name: ADDON_NAMES.armsPrometheus,
    status: 'confirmed',
    configKeys: ['prometheusMode'],
    source: '@pulumi/alicloud cs/managedKubernetes.d.ts example',
  },
  {
    name: ADDON_NAMES.logCollector,
    status: 'confirmed',
    configKeys: ['sls_project_name'],
    source: 'provider and Pulumi examples (logtail-ds is the older name)',
  },
  {
    name: ADDON_NAMES.nodeProblemDetector,
    status: 'confirmed',
    configKeys: [],
    source: 'provider docs cs_managed_kubernetes.html.markdown',
  },
  {
    name: ADDON_NAMES.podIdentityWebhook,
    status: 'confirmed',
    configKeys: [],
    source:
      'ACK docs "ack-pod-identity-webhook" (https://www.alibabacloud.com/help/en/container-service-for-kubernetes/latest/ack-pod-identity-webhook)',
  },
  {
    name: ADDON_NAMES.acrCredentialHelper,
    status: 'confirmed',
    configKeys: [],
    source:
      'ACR docs "pull images without a secret" (https://www.alibabacloud.com/help/en/acr/user-guide/non-secret-pulling-container-image); config keys passed through as given',
  },
];

/** The fact for an addon name, if the library knows it. */
export function addonFact(name: string): AddonFact | undefined {
  return ADDON_FACTS.find((f) => f.name === name);
}

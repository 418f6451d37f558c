/**
 * Names that ACK's Knative distribution uses but does not fully document. Each is a setting with a
 * documented default, so a user can correct one without forking (ack-alicloud.md §7).
 */
export interface AckSettings {
  /**
   * Autoscaler class of the MSE-gateway concurrency scaler (MPA). Newer ACK releases document `kpa`
   * with MSE metrics instead; check the cluster's Knative version.
   * @default 'mpa.autoscaling.knative.dev'
   */
  readonly mpaClass: string;
  /** Autoscaler class of AHPA predictive scaling. @default 'ahpa.autoscaling.knative.dev' */
  readonly ahpaClass: string;
  /**
   * Template annotation that links a revision to an `AdvancedHorizontalPodAutoscalerTemplate`.
   * Unconfirmed in ACK's documentation.
   * @default 'autoscaling.alibabacloud.com/ahpa-template'
   */
  readonly ahpaTemplateAnnotation: string;
  /** Reserved-instance annotation prefix. @default 'knative.aliyun.com/reserve-instance' */
  readonly reserveInstancePrefix: string;
}

export const DEFAULT_ACK_SETTINGS: AckSettings = {
  mpaClass: 'mpa.autoscaling.knative.dev',
  ahpaClass: 'ahpa.autoscaling.knative.dev',
  ahpaTemplateAnnotation: 'autoscaling.alibabacloud.com/ahpa-template',
  reserveInstancePrefix: 'knative.aliyun.com/reserve-instance',
};

/** Merges partial settings over the defaults. */
export function ackSettings(partial: Partial<AckSettings> = {}): AckSettings {
  return { ...DEFAULT_ACK_SETTINGS, ...partial };
}

/** The autoscaler classes ACK's Knative accepts beyond upstream's, for `ServingSettings.extensionClasses`. */
export function ackExtensionClasses(settings: AckSettings = DEFAULT_ACK_SETTINGS): string[] {
  return [settings.mpaClass, settings.ahpaClass].filter((c) => c.endsWith('.knative.dev')).sort();
}

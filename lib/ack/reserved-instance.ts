import { AckSettings, DEFAULT_ACK_SETTINGS } from './ack-settings';
import { Issue, checkNumber, joinPath, show } from '../validation';

/**
 * ACK Knative reserved instances: when a revision scales in, one low-cost instance stays to take
 * the first request while standard pods start (ack-alicloud.md §3.6). Billed continuously.
 */
export interface ReservedInstanceOptions {
  /** @default true */
  readonly enabled?: boolean;
  /** Where the reserved instance runs; ECI and ACS need virtual nodes. @default 'eci' */
  readonly type?: 'eci' | 'ecs' | 'acs';
  /** How many reserved instances. The ACK default is unconfirmed, so unset leaves it to ACK. @default - ACK's default */
  readonly replicas?: number;
  /** Low-cost instance types for an ECI reserved instance, tried in order (at most 5). @default - ACK's default list */
  readonly instanceTypes?: readonly string[];
}

/** Reserved-instance annotations for the revision template. */
export function reservedInstanceAnnotations(
  opts: ReservedInstanceOptions,
  settings: AckSettings = DEFAULT_ACK_SETTINGS,
): Record<string, string> {
  if (opts.enabled === false) return {};
  const p = settings.reserveInstancePrefix;
  const out: Record<string, string> = { [p]: 'enable', [`${p}-type`]: opts.type ?? 'eci' };
  if (opts.replicas !== undefined) out[`${p}-replicas`] = String(opts.replicas);
  if (opts.instanceTypes?.length) out[`${p}-eci-use-specs`] = opts.instanceTypes.join(',');
  return out;
}

export function checkReservedInstance(opts: ReservedInstanceOptions, path: string): Issue[] {
  const issues: Issue[] = [];
  if (opts.type !== undefined && !['eci', 'ecs', 'acs'].includes(opts.type)) {
    issues.push({
      path: joinPath(path, 'type'),
      message: `type ${show(opts.type)} is not a reserved-instance type; use 'eci', 'ecs' or 'acs'`,
    });
  }
  if (opts.replicas !== undefined)
    issues.push(
      ...checkNumber(opts.replicas, joinPath(path, 'replicas'), 'replicas', {
        min: 1,
        integer: true,
      }),
    );
  if ((opts.instanceTypes?.length ?? 0) > 5) {
    issues.push({
      path: joinPath(path, 'instanceTypes'),
      message: `${opts.instanceTypes?.length} instance types are listed; a reserved instance tries at most 5`,
    });
  }
  if (opts.instanceTypes?.length && (opts.type ?? 'eci') !== 'eci') {
    issues.push({
      path: joinPath(path, 'instanceTypes'),
      message: `instanceTypes apply only to an 'eci' reserved instance (type is ${show(opts.type)})`,
    });
  }
  return issues;
}

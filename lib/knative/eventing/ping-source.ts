import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, joinPath, show } from '../../validation/issue';
import { addEventingObject, checkMetadata, EventingObjectProps, renderMetadata } from './_util';
import { cronScheduleError, isTimeZone } from './cron';
import {
  checkEventingFeatures,
  EventingClusterConfig,
  EventingFeatureRequirement,
  IRequiresEventingFeatures,
} from './features';
import { checkSourceSpec, renderSourceSpec, SourceProps, sourceFeatures } from './source';

export interface KnativePingSourceProps extends EventingObjectProps, SourceProps {
  /**
   * A cron schedule (5 fields, or 6 with seconds first; descriptors such as `@daily`); `@every` is
   * not supported.
   * @default '* * * * *' (Knative's default: every minute)
   */
  readonly schedule?: string;
  /**
   * The IANA time zone of the schedule, e.g. `Asia/Shanghai`.
   * @default - the PingSource adapter's zone (UTC)
   */
  readonly timezone?: string;
  /**
   * The event's `datacontenttype`. With `application/json`, `data` must be a JSON object.
   * @default - none
   */
  readonly contentType?: string;
  /**
   * The event payload as text. Set this or `dataBase64`, not both.
   * @default - no payload
   */
  readonly data?: string;
  /**
   * The event payload, base64-encoded (binary data). Set this or `data`, not both.
   * @default - no payload
   */
  readonly dataBase64?: string;
  /**
   * The cluster's Eventing settings: feature flags and `config-ping-defaults` `data-max-size`.
   * @default - not checked here
   */
  readonly cluster?: EventingClusterConfig;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Checks a PingSource's props; every problem is returned. */
// knative/eventing pkg/apis/sources/v1/ping_validation.go
export function checkPingSource(props: KnativePingSourceProps, path: string): Issue[] {
  const issues = checkMetadata(props, path, 'PingSource');
  if (props.schedule !== undefined) {
    const reason = cronScheduleError(props.schedule);
    if (reason)
      issues.push({
        path: joinPath(path, 'schedule'),
        message: `schedule ${show(props.schedule)} is invalid: ${reason}`,
      });
  }
  // Knative prefixes the schedule with `CRON_TZ=<timezone>`, so a schedule carrying its own prefix
  // fails to parse (knative/eventing pkg/apis/sources/v1/ping_validation.go).
  if (props.timezone && props.schedule?.trim().startsWith('CRON_TZ=')) {
    issues.push({
      path: joinPath(path, 'schedule'),
      message: `schedule ${show(props.schedule)} has its own CRON_TZ= prefix while timezone is set; drop the prefix and keep timezone`,
    });
  }
  // An empty timezone is treated as unset by Knative.
  if (props.timezone && !isTimeZone(props.timezone)) {
    issues.push({
      path: joinPath(path, 'timezone'),
      message: `timezone ${show(props.timezone)} is not an IANA time zone; use a name such as 'Asia/Shanghai' or 'UTC'`,
    });
  }
  if (
    props.data !== undefined &&
    props.data !== '' &&
    props.dataBase64 !== undefined &&
    props.dataBase64 !== ''
  ) {
    issues.push({
      path: joinPath(path, 'data'),
      message: `set either data or dataBase64, not both`,
    });
  } else if (props.dataBase64 !== undefined && props.dataBase64 !== '') {
    // Go's base64.StdEncoding skips '\r' and '\n'
    if (!BASE64.test(props.dataBase64.replace(/[\r\n]/g, ''))) {
      issues.push({
        path: joinPath(path, 'dataBase64'),
        message: `dataBase64 is not valid standard base64 (A-Z, a-z, 0-9, '+', '/', '=' padding); to send text use data`,
      });
    } else if (props.contentType === 'application/json') {
      const decoded = Buffer.from(props.dataBase64, 'base64').toString('utf8');
      if (!isJsonObject(decoded)) {
        issues.push({
          path: joinPath(path, 'dataBase64'),
          message: `dataBase64 must decode to a JSON object such as '{"job":"rescore"}' when contentType is 'application/json'`,
        });
      }
    }
  } else if (
    props.data !== undefined &&
    props.data !== '' &&
    props.contentType === 'application/json'
  ) {
    if (!isJsonObject(props.data)) {
      issues.push({
        path: joinPath(path, 'data'),
        message: `data ${show(props.data)} must be a JSON object such as '{"job":"rescore"}' when contentType is 'application/json'`,
      });
    }
  }
  const max = props.cluster?.pingDataMaxSize ?? -1;
  const size = pingDataSize(props);
  if (max >= 0 && size > max) {
    issues.push({
      path: joinPath(path, props.dataBase64 ? 'dataBase64' : 'data'),
      message: `data is ${size} bytes, over config-ping-defaults data-max-size ${max}; send less or raise the limit`,
    });
  }
  issues.push(...checkSourceSpec(props, path));
  issues.push(...checkEventingFeatures(sourceFeatures(props, path), props.cluster));
  return issues;
}

// The webhook compares the length of the string as written (base64 text for dataBase64).
function pingDataSize(props: KnativePingSourceProps): number {
  if (props.dataBase64) return props.dataBase64.length;
  return Buffer.byteLength(props.data ?? '', 'utf8');
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Renders a PingSource manifest. */
export function renderPingSource(props: KnativePingSourceProps): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (props.schedule !== undefined) spec.schedule = props.schedule;
  if (props.timezone) spec.timezone = props.timezone;
  if (props.contentType !== undefined) spec.contentType = props.contentType;
  if (props.data !== undefined && props.data !== '') spec.data = props.data;
  if (props.dataBase64 !== undefined && props.dataBase64 !== '') spec.dataBase64 = props.dataBase64;
  Object.assign(spec, renderSourceSpec(props, props.namespace));
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'PingSource',
    metadata: renderMetadata(props),
    spec,
  };
}

/** A Knative PingSource: sends a fixed event on a cron schedule. */
export class KnativePingSource extends Construct implements IRequiresEventingFeatures {
  public readonly apiObject: ApiObject;
  private readonly props: KnativePingSourceProps;

  constructor(scope: Construct, id: string, props: KnativePingSourceProps) {
    super(scope, id);
    const built = addEventingObject(this, props, checkPingSource, renderPingSource);
    this.props = built.props;
    this.apiObject = built.apiObject;
  }

  public requiredEventingFeatures(): EventingFeatureRequirement[] {
    return sourceFeatures(this.props, this.node.path);
  }
}

/**
 * @deprecated renamed `KnativePingSource`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const PingSource = KnativePingSource;
/** @deprecated renamed `KnativePingSource`; removed in the next release */
export type PingSource = KnativePingSource;
/** @deprecated renamed `KnativePingSourceProps`; removed in the next release */
export type PingSourceProps = KnativePingSourceProps;

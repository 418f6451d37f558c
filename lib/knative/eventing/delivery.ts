import { Issue, joinPath, show } from '../../validation/issue';
import { checkNumber } from '../../validation/number';
import { DurationInput, checkIso8601Duration, renderIso8601 } from '../../validation/iso8601';
import {
  checkDestination,
  DestinationInput,
  destinationFeatures,
  renderDestination,
  toDestination,
} from './destination';
import { EventingFeatureRequirement } from './features';

/** How the wait between retries grows: `linear` = delay × n, `exponential` = delay × 2^n. */
export type BackoffPolicy = 'linear' | 'exponential';

/** How events are sent to the subscriber: structured `json` or `binary` content mode. */
export type DeliveryFormat = 'json' | 'binary';

/**
 * Retries, back-off, time-outs and the dead-letter sink of a Broker, Trigger, Channel or
 * Subscription. Durations take a number of seconds or an ISO-8601 string (`PT0.2S`) and are
 * rendered as ISO-8601.
 */
export interface DeliveryProps {
  /**
   * Retries after the first attempt fails.
   * @default - none on a Trigger (the Broker's delivery applies); 10 from config-br-defaults on a Broker
   */
  readonly retry?: number;
  /**
   * How the delay between retries grows.
   * @default - Knative's default, exponential
   */
  readonly backoffPolicy?: BackoffPolicy;
  /**
   * The base delay between retries: seconds (`0.2`) or ISO-8601 (`'PT0.2S'`).
   * @default - Knative's default
   */
  readonly backoffDelay?: DurationInput;
  /**
   * The time-out of each delivery attempt: seconds or ISO-8601; must not be zero.
   * Needs the Eventing feature `delivery-timeout` (on by default).
   * @default - no time-out
   */
  readonly timeout?: DurationInput;
  /**
   * The longest `Retry-After` header to honour: seconds or ISO-8601.
   * Needs the Eventing feature `delivery-retryafter`.
   * @default - Retry-After is ignored
   */
  readonly retryAfterMax?: DurationInput;
  /**
   * Where events go after the last retry fails: an addressable object, a `Destination` or a URI.
   * @default - failed events are dropped
   */
  readonly deadLetterSink?: DestinationInput;
  /**
   * The content mode of delivered events.
   * @default - the sender's choice
   */
  readonly format?: DeliveryFormat;
}

const BACKOFF_POLICIES: readonly string[] = ['linear', 'exponential'];
const FORMATS: readonly string[] = ['json', 'binary'];

/** Checks a delivery spec; every problem is returned. */
// knative/eventing pkg/apis/duck/v1/delivery_types.go DeliverySpec.Validate
export function checkDelivery(props: DeliveryProps | undefined, path: string): Issue[] {
  if (!props) return [];
  const issues: Issue[] = [];
  if (props.deadLetterSink !== undefined) {
    issues.push(
      ...checkDestination(
        toDestination(props.deadLetterSink).spec,
        joinPath(path, 'deadLetterSink'),
        'deadLetterSink',
      ),
    );
  }
  if (props.retry !== undefined) {
    issues.push(
      ...checkNumber(props.retry, joinPath(path, 'retry'), 'retry', {
        min: 0,
        max: 2147483647,
        integer: true,
        hint: 'it counts retries after the first attempt',
      }),
    );
  }
  if (props.backoffPolicy !== undefined && !BACKOFF_POLICIES.includes(props.backoffPolicy)) {
    issues.push({
      path: joinPath(path, 'backoffPolicy'),
      message: `backoffPolicy ${show(props.backoffPolicy)} is not supported; use 'linear' or 'exponential' (lower case)`,
    });
  }
  if (props.backoffDelay !== undefined) {
    // The webhook only parses it; a negative delay is rejected here on purpose.
    issues.push(
      ...checkIso8601Duration(props.backoffDelay, joinPath(path, 'backoffDelay'), 'backoffDelay', {
        nonNegative: true,
      }),
    );
  }
  if (props.timeout !== undefined) {
    issues.push(
      ...checkIso8601Duration(props.timeout, joinPath(path, 'timeout'), 'timeout', {
        nonZero: true,
        nonNegative: true,
      }),
    );
  }
  if (props.retryAfterMax !== undefined) {
    issues.push(
      ...checkIso8601Duration(
        props.retryAfterMax,
        joinPath(path, 'retryAfterMax'),
        'retryAfterMax',
        { nonNegative: true },
      ),
    );
  }
  if (props.format !== undefined && !FORMATS.includes(props.format)) {
    issues.push({
      path: joinPath(path, 'format'),
      message: `format ${show(props.format)} is not supported; use 'json' or 'binary'`,
    });
  }
  return issues;
}

/** Eventing feature flags the delivery spec needs. */
// knative/eventing pkg/apis/duck/v1/delivery_types.go (timeout, retryAfterMax are feature-gated)
export function deliveryFeatures(
  props: DeliveryProps | undefined,
  path: string,
): EventingFeatureRequirement[] {
  if (!props) return [];
  const reqs: EventingFeatureRequirement[] = [];
  if (props.timeout !== undefined)
    reqs.push({
      flag: 'delivery-timeout',
      path: joinPath(path, 'timeout'),
      field: 'delivery.timeout',
    });
  if (props.retryAfterMax !== undefined) {
    reqs.push({
      flag: 'delivery-retryafter',
      path: joinPath(path, 'retryAfterMax'),
      field: 'delivery.retryAfterMax',
    });
  }
  if (props.deadLetterSink !== undefined) {
    reqs.push(
      ...destinationFeatures(
        toDestination(props.deadLetterSink).spec,
        joinPath(path, 'deadLetterSink'),
      ),
    );
  }
  return reqs;
}

/** Renders a valid delivery spec with ISO-8601 durations, in Knative's field order. */
export function renderDelivery(props: DeliveryProps, namespace?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (props.deadLetterSink !== undefined)
    out.deadLetterSink = renderDestination(toDestination(props.deadLetterSink).spec, namespace);
  if (props.retry !== undefined) out.retry = props.retry;
  if (props.backoffPolicy !== undefined) out.backoffPolicy = props.backoffPolicy;
  if (props.backoffDelay !== undefined) out.backoffDelay = renderIso8601(props.backoffDelay);
  if (props.timeout !== undefined) out.timeout = renderIso8601(props.timeout);
  if (props.retryAfterMax !== undefined) out.retryAfterMax = renderIso8601(props.retryAfterMax);
  if (props.format !== undefined) out.format = props.format;
  return out;
}

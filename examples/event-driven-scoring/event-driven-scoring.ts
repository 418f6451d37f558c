import { Chart } from 'cdk8s';
import {
  KnativeBroker,
  BrokerClass,
  BrokerIngress,
  DeliveryProps,
  Filter,
  KnativePingSource,
  KnativeTrigger,
} from '../../lib/knative/eventing';
import { IAddressable } from '../../lib/knative/reference';
import { OSS_OBJECT_CREATED_TYPES, ScoringUploads, uploadsSubjectPrefix } from './oss-events';

/** The CloudEvents type of PingSource events (knative/eventing pkg/apis/sources/v1/ping_lifecycle.go). */
export const PING_EVENT_TYPE = 'dev.knative.sources.ping';

export interface EventDrivenScoringProps {
  /** The batch-scoring model: a `ModelService` (its Route) or a `KnativeService`. */
  readonly scoringModel: IAddressable;
  /** Where events go that still fail after the retries: an addressable object or an absolute URI. */
  readonly deadLetter: IAddressable | string;
  /** The namespace of the Broker, Triggers and PingSource. */
  readonly namespace: string;
  /** The OSS bucket and key prefix whose new objects are scored. */
  readonly uploads: ScoringUploads;
  /**
   * The Broker's name; EventBridge posts to `/<namespace>/<brokerName>` on the gateway.
   * @default 'scoring-events'
   */
  readonly brokerName?: string;
  /**
   * @default BrokerClass.MT_CHANNEL_BASED
   */
  readonly brokerClass?: BrokerClass;
  /**
   * OSS event types that trigger scoring.
   * @default OSS_OBJECT_CREATED_TYPES (PutObject, PostObject)
   */
  readonly eventTypes?: readonly string[];
  /**
   * When re-scoring runs (cron).
   * @default '0 2 * * *'
   */
  readonly rescoreSchedule?: string;
  /**
   * The time zone of the schedule.
   * @default 'Asia/Shanghai'
   */
  readonly timezone?: string;
  /**
   * Retries and time-outs of both Triggers; the dead-letter sink is added.
   * @default - 5 retries, exponential from 1s, 10 minutes per attempt
   */
  readonly delivery?: Omit<DeliveryProps, 'deadLetterSink'>;
  /**
   * Expose the Broker on the cluster's gateway at `https://<host>/<namespace>/<brokerName>`, where
   * the EventBridge target posts (an Ingress in `knative-eventing`).
   * @default - not exposed; add the route yourself
   */
  readonly gateway?: {
    readonly host: string;
    readonly ingressClassName?: string;
    readonly tlsSecretName?: string;
  };
}

export interface EventDrivenScoring {
  readonly broker: KnativeBroker;
  readonly uploadsTrigger: KnativeTrigger;
  readonly nightly: KnativePingSource;
  readonly rescoreTrigger: KnativeTrigger;
  readonly gateway?: BrokerIngress;
}

/**
 * OSS object-created events (brought by EventBridge to the Broker) -> a Trigger filtered on the
 * event type and the key prefix -> the batch-scoring model, with a dead-letter sink; plus a
 * nightly PingSource whose event a second Trigger routes to the same model for re-scoring.
 */
export function addEventDrivenScoring(
  chart: Chart,
  props: EventDrivenScoringProps,
): EventDrivenScoring {
  const namespace = props.namespace;
  const delivery: DeliveryProps = {
    ...(props.delivery ?? {
      retry: 5,
      backoffPolicy: 'exponential',
      backoffDelay: 1,
      timeout: 600,
    }),
    deadLetterSink: props.deadLetter,
  };
  const broker = new KnativeBroker(chart, 'ScoringEvents', {
    name: props.brokerName ?? 'scoring-events',
    namespace,
    brokerClass: props.brokerClass ?? BrokerClass.MT_CHANNEL_BASED,
  });
  const types = props.eventTypes ?? OSS_OBJECT_CREATED_TYPES;
  const uploadsTrigger = new KnativeTrigger(chart, 'ScoreUploads', {
    name: 'score-uploads',
    namespace,
    broker,
    subscriber: props.scoringModel,
    filters: [
      types.length === 1
        ? Filter.exact({ type: types[0] })
        : Filter.any(types.map((type) => Filter.exact({ type }))),
      Filter.prefix({ subject: uploadsSubjectPrefix(props.uploads) }),
    ],
    delivery,
  });
  const nightly = new KnativePingSource(chart, 'NightlyRescore', {
    name: 'nightly-rescore',
    namespace,
    schedule: props.rescoreSchedule ?? '0 2 * * *',
    timezone: props.timezone ?? 'Asia/Shanghai',
    contentType: 'application/json',
    data: JSON.stringify({ job: 'rescore', scope: 'all' }),
    sink: broker,
  });
  const rescoreTrigger = new KnativeTrigger(chart, 'Rescore', {
    name: 'nightly-rescore',
    namespace,
    broker,
    subscriber: props.scoringModel,
    filters: [
      Filter.exact({
        type: PING_EVENT_TYPE,
        source: `/apis/v1/namespaces/${namespace}/pingsources/nightly-rescore`,
      }),
    ],
    delivery,
  });
  const gateway = props.gateway
    ? new BrokerIngress(chart, 'ScoringEventsGateway', {
        name: `${broker.brokerName}-gateway`,
        host: props.gateway.host,
        brokers: [broker],
        ingressClassName: props.gateway.ingressClassName,
        tlsSecretName: props.gateway.tlsSecretName,
      })
    : undefined;
  return { broker, uploadsTrigger, nightly, rescoreTrigger, gateway };
}

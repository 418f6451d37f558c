import { App, Chart, Testing } from 'cdk8s';
import { EventingSettings } from '../../lib/knative/eventing';
import { IAddressable, KReference } from '../../lib/knative/reference';
import { addEventDrivenScoring, EventDrivenScoringProps } from './event-driven-scoring';

/** A stand-in for ModelService: addressable through its Route, named after the model. */
class FakeModel implements IAddressable {
  public readonly addressRef: KReference;
  constructor(name: string, namespace = 'models') {
    this.addressRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name, namespace };
  }
}

const uploads = {
  region: 'cn-hangzhou',
  accountId: '1234567890',
  bucket: 'loan-files',
  keyPrefix: 'incoming/',
};
const deadLetter: IAddressable = {
  addressRef: {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    name: 'scoring-dead-letters',
    namespace: 'models',
  },
};

function synth(overrides: Partial<EventDrivenScoringProps> = {}) {
  const app = new App();
  const chart = new Chart(app, 'event-driven-scoring', { disableResourceNameHashes: true });
  addEventDrivenScoring(chart, {
    gateway: { host: 'events.example.com', ingressClassName: 'alb' },
    namespace: 'models',
    scoringModel: new FakeModel('batch-score'),
    deadLetter,
    uploads,
    ...overrides,
  });
  new EventingSettings(chart, 'Eventing');
  return Testing.synth(chart);
}

describe('event-driven scoring example', () => {
  test('synthesizes the Broker, both Triggers, the PingSource, the gateway route and the derived flags', () => {
    // WHEN
    const objs = synth();
    // THEN
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Broker/scoring-events',
      'Trigger/score-uploads',
      'PingSource/nightly-rescore',
      'Trigger/nightly-rescore',
      'Ingress/scoring-events-gateway',
      'ConfigMap/config-features',
    ]);
    expect(objs).toMatchSnapshot();
  });

  test('the uploads Trigger filters on the OSS types and the key prefix', () => {
    const trigger = synth()[1];
    expect(trigger.spec.filters).toEqual([
      {
        any: [
          { exact: { type: 'oss:ObjectCreated:PutObject' } },
          { exact: { type: 'oss:ObjectCreated:PostObject' } },
        ],
      },
      { prefix: { subject: 'acs:oss:cn-hangzhou:1234567890:loan-files/incoming/' } },
    ]);
    expect(trigger.spec.delivery.deadLetterSink.ref.name).toBe('scoring-dead-letters');
  });

  test('the model Route is the subscriber; renaming the model changes both Triggers at once', () => {
    const objs = synth({ scoringModel: new FakeModel('batch-score-v2') });
    expect(objs.filter((o) => o.kind === 'Trigger').map((o) => o.spec.subscriber.ref)).toEqual([
      {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Route',
        name: 'batch-score-v2',
        namespace: 'models',
      },
      {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Route',
        name: 'batch-score-v2',
        namespace: 'models',
      },
    ]);
  });

  test('the nightly PingSource runs at 02:00 Asia/Shanghai into the Broker', () => {
    const ping = synth()[2];
    expect(ping.spec).toMatchObject({
      schedule: '0 2 * * *',
      timezone: 'Asia/Shanghai',
      sink: { ref: { kind: 'Broker', name: 'scoring-events' } },
    });
  });

  test('a URI dead-letter sink and a single event type are accepted', () => {
    const objs = synth({
      deadLetter: 'https://dlq.example.com/scoring',
      eventTypes: ['oss:ObjectCreated:CompleteMultipartUpload'],
    });
    expect(objs[1].spec.delivery.deadLetterSink).toEqual({
      uri: 'https://dlq.example.com/scoring',
    });
    expect(objs[1].spec.filters[0]).toEqual({
      exact: { type: 'oss:ObjectCreated:CompleteMultipartUpload' },
    });
  });

  test('fails with the path of the bad input', () => {
    expect(() => synth({ rescoreSchedule: '@every 24h' })).toThrow(
      "event-driven-scoring/NightlyRescore.schedule: schedule '@every 24h' is invalid: '@every' is not supported by PingSource; write a cron expression such as '*/5 * * * *'",
    );
    expect(() => synth({ delivery: { backoffDelay: '1s' } })).toThrow(
      "event-driven-scoring/ScoreUploads.delivery.backoffDelay: backoffDelay '1s' is a Go duration; Knative needs ISO-8601 here: write 'PT1S' or the number 1 (seconds)",
    );
  });
});

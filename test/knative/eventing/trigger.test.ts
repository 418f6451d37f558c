import { Chart, Testing } from 'cdk8s';
import { IAddressable } from '../../../lib/knative/reference';
import {
  KnativeBroker,
  checkTrigger,
  Destination,
  Filter,
  KnativeTrigger,
  triggerFeatures,
} from '../../../lib/knative/eventing';

/** A stand-in for ModelService: addressable through its Route, named after the model. */
class FakeModel implements IAddressable {
  public readonly addressRef;
  constructor(name: string, namespace?: string) {
    this.addressRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name, namespace };
  }
}
/** A stand-in for KnativeService. */
const knativeService: IAddressable = {
  addressRef: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'notifier' },
};

describe('Trigger', () => {
  test('a ModelService subscriber resolves to the model Route', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'events', { namespace: 'models' });
    const broker = new KnativeBroker(chart, 'Broker', { name: 'scoring' });
    // WHEN
    new KnativeTrigger(chart, 'Trigger', {
      name: 'score-uploads',
      broker,
      subscriber: new FakeModel('batch-score'),
      filter: { type: 'oss:ObjectCreated:PutObject' },
    });
    // THEN
    const trigger = Testing.synth(chart)[1];
    expect(trigger.spec).toEqual({
      broker: 'scoring',
      filter: { attributes: { type: 'oss:ObjectCreated:PutObject' } },
      subscriber: {
        ref: {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Route',
          name: 'batch-score',
          namespace: 'models',
        },
      },
    });
    expect(trigger.metadata).toEqual({
      name: 'score-uploads',
      namespace: 'models',
      labels: { 'eventing.knative.dev/broker': 'scoring' },
    });
  });

  test('renaming the model changes the subscriber in one place', () => {
    const render = (model: string) => {
      const chart = Testing.chart();
      new KnativeTrigger(chart, 'T', {
        name: 't',
        broker: 'default',
        subscriber: new FakeModel(model),
      });
      return Testing.synth(chart)[0].spec.subscriber.ref.name;
    };
    expect(render('batch-score')).toBe('batch-score');
    expect(render('batch-score-v2')).toBe('batch-score-v2');
  });

  test('accepts a KnativeService, a URI and a Destination as subscriber', () => {
    const chart = Testing.chart();
    new KnativeTrigger(chart, 'A', { name: 'a', broker: 'default', subscriber: knativeService });
    new KnativeTrigger(chart, 'B', {
      name: 'b',
      broker: 'default',
      subscriber: 'https://hooks.example.com/events',
    });
    new KnativeTrigger(chart, 'C', {
      name: 'c',
      broker: 'default',
      subscriber: Destination.to(knativeService, { relativeUri: '/v1/events' }),
    });
    expect(Testing.synth(chart).map((o) => o.spec.subscriber)).toEqual([
      { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'notifier' } },
      { uri: 'https://hooks.example.com/events' },
      {
        ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'notifier' },
        uri: '/v1/events',
      },
    ]);
  });

  test('renders filters, delivery, dependency and injection', () => {
    const chart = new Chart(Testing.app(), 'events', { namespace: 'models' });
    new KnativeTrigger(chart, 'T', {
      name: 'default-trigger',
      broker: 'default',
      injection: true,
      subscriber: new FakeModel('batch-score'),
      filters: [
        Filter.exact({ type: 'oss:ObjectCreated:PutObject' }),
        Filter.prefix({ subject: 'acs:oss:cn-hangzhou:1:b/in/' }),
      ],
      delivery: { retry: 3, backoffDelay: 0.5, deadLetterSink: knativeService, timeout: 60 },
      dependency: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'nightly' },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('fails with no broker', () => {
    expect(checkTrigger({ name: 't', subscriber: knativeService }, 't')).toEqual([
      {
        path: 't.broker',
        message: 'a Trigger needs a broker; set broker (a Broker or its name) or brokerRef',
      },
    ]);
  });

  test('fails with both broker and brokerRef', () => {
    expect(
      checkTrigger(
        {
          name: 't',
          broker: 'a',
          brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b' },
          subscriber: knativeService,
        },
        't',
      ),
    ).toEqual([{ path: 't.broker', message: "set either broker 'a' or brokerRef 'b', not both" }]);
  });

  test('fails with an empty broker name', () => {
    expect(checkTrigger({ name: 't', broker: '', subscriber: knativeService }, 't')).toEqual([
      { path: 't.broker', message: 'broker name must not be empty' },
    ]);
  });

  test('fails with a Broker in another namespace', () => {
    const broker = { brokerName: 'scoring', brokerNamespace: 'events' };
    expect(
      checkTrigger({ name: 't', namespace: 'models', broker, subscriber: knativeService }, 't'),
    ).toEqual([
      {
        path: 't.broker',
        message:
          "broker 'scoring' is in namespace 'events', not the Trigger's 'models'; put them in one namespace, or use brokerRef with a namespace (needs cross-namespace-event-links)",
      },
    ]);
  });

  test('fails with a brokerRef of another kind', () => {
    expect(
      checkTrigger(
        {
          name: 't',
          brokerRef: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c' },
          subscriber: knativeService,
        },
        't',
      ),
    ).toEqual([{ path: 't.brokerRef.kind', message: "brokerRef kind 'Channel' must be 'Broker'" }]);
  });

  test('brokerRef.namespace needs cross-namespace-event-links', () => {
    const props = {
      name: 't',
      brokerRef: {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Broker',
        name: 'b',
        namespace: 'events',
      },
      subscriber: knativeService,
    };
    expect(triggerFeatures(props, 't')).toEqual([
      {
        flag: 'cross-namespace-event-links',
        path: 't.brokerRef.namespace',
        field: 'brokerRef.namespace',
      },
    ]);
    expect(checkTrigger({ ...props, cluster: { features: {} } }, 't')).toEqual([
      {
        path: 't.brokerRef.namespace',
        message:
          "'brokerRef.namespace' needs the Knative Eventing feature flag 'cross-namespace-event-links' set to 'enabled' in config-features (namespace knative-eventing); enable it in EventingSettings or remove the field",
      },
    ]);
    expect(
      checkTrigger(
        { ...props, cluster: { features: { 'cross-namespace-event-links': 'enabled' } } },
        't',
      ),
    ).toEqual([]);
  });

  test('fails with no subscriber', () => {
    expect(
      checkTrigger({ name: 't', broker: 'default', subscriber: undefined as never }, 't'),
    ).toEqual([
      {
        path: 't.subscriber',
        message:
          'subscriber is required: a ModelService, a KnativeService, a Destination or an absolute URI',
      },
    ]);
  });

  test('fails with a relative subscriber URI', () => {
    expect(checkTrigger({ name: 't', broker: 'default', subscriber: 'score' }, 't')).toEqual([
      {
        path: 't.subscriber.uri',
        message:
          "subscriber uri 'score' must be an absolute URI with a host, such as 'https://hooks.example.com/events', when no ref is set",
      },
    ]);
  });

  test('fails on an incomplete dependency and one in another namespace', () => {
    expect(
      checkTrigger(
        {
          name: 't',
          namespace: 'models',
          broker: 'default',
          subscriber: knativeService,
          dependency: { apiVersion: '', kind: 'PingSource', name: 'p', namespace: 'other' },
        },
        't',
      ),
    ).toEqual([
      { path: 't.dependency.apiVersion', message: 'dependency apiVersion is required' },
      {
        path: 't.dependency.namespace',
        message: "dependency namespace 'other' must be empty or the Trigger's namespace 'models'",
      },
    ]);
  });

  test('fails on injection with a broker other than default', () => {
    expect(
      checkTrigger(
        { name: 't', broker: 'scoring', injection: true, subscriber: knativeService },
        't',
      ),
    ).toEqual([
      {
        path: 't.injection',
        message:
          "injection only works with broker 'default', got 'scoring'; drop injection or name the broker 'default'",
      },
    ]);
  });

  test('throws every problem at once', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new KnativeTrigger(chart, 'T', {
          name: 't',
          subscriber: '/relative',
          filter: { Type: 'x' },
          filters: [Filter.fromSpec({ exact: { type: 'a' }, cesql: 'true' })],
          delivery: { backoffPolicy: 'linear', backoffDelay: '1s' },
        }),
    ).toThrow(
      [
        'test/T.broker: a Trigger needs a broker; set broker (a Broker or its name) or brokerRef',
        "test/T.subscriber.uri: subscriber uri '/relative' must be an absolute URI with a host, such as 'https://hooks.example.com/events', when no ref is set",
        "test/T.filter.Type: attribute name 'Type' is invalid: CloudEvents attribute names start with a lower-case letter and contain only lower-case letters and digits (^[a-z][a-z0-9]*$)",
        'test/T.filters[0]: filter mixes the dialects exact, cesql; a filter can have only one dialect, combine several with Filter.all([...]) or Filter.any([...])',
        "test/T.delivery.backoffDelay: backoffDelay '1s' is a Go duration; Knative needs ISO-8601 here: write 'PT1S' or the number 1 (seconds)",
      ].join('\n'),
    );
  });
});

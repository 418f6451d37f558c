import { ApiObject, Testing } from 'cdk8s';
import {
  KnativeBroker,
  BrokerClass,
  checkBroker,
  renderBroker,
} from '../../../lib/knative/eventing';

describe('Broker', () => {
  test('renders the class annotation explicitly, MTChannelBasedBroker by default', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const broker = new KnativeBroker(chart, 'Events', { name: 'scoring', namespace: 'models' });
    // THEN
    const [obj] = Testing.synth(chart);
    expect(obj).toEqual({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: {
        name: 'scoring',
        namespace: 'models',
        annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' },
      },
      spec: {},
    });
    expect(broker.addressRef).toEqual({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      name: 'scoring',
      namespace: 'models',
    });
    expect(ApiObject.of(broker).kind).toBe('Broker');
  });

  test('takes the Kafka class, a config reference and delivery', () => {
    const chart = Testing.chart();
    new KnativeBroker(chart, 'Events', {
      name: 'scoring',
      namespace: 'models',
      brokerClass: BrokerClass.KAFKA,
      config: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'kafka-broker-config',
        namespace: 'knative-eventing',
      },
      delivery: { retry: 3, backoffPolicy: 'linear', backoffDelay: 1 },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('leaves the namespace out when neither the props nor the chart set one', () => {
    const chart = Testing.chart();
    const broker = new KnativeBroker(chart, 'Events', {
      name: 'default',
      brokerClass: BrokerClass.of('VendorBroker'),
    });
    expect(broker.addressRef.namespace).toBeUndefined();
    expect(
      renderBroker({ name: 'default', brokerClass: BrokerClass.of('VendorBroker') }).metadata,
    ).toEqual({
      name: 'default',
      annotations: { 'eventing.knative.dev/broker.class': 'VendorBroker' },
    });
  });

  test('fails on an empty class', () => {
    expect(checkBroker({ name: 'b', brokerClass: BrokerClass.of('') }, 'b')).toEqual([
      {
        path: 'b.brokerClass',
        message:
          "brokerClass '' must be a non-empty class name without spaces, such as 'MTChannelBasedBroker' or 'Kafka'",
      },
    ]);
  });

  test('fails when a class annotation contradicts brokerClass', () => {
    expect(
      checkBroker(
        { name: 'b', annotations: { 'eventing.knative.dev/broker.class': 'Kafka' } },
        'b',
      ),
    ).toEqual([
      {
        path: 'b.annotations',
        message:
          "annotation 'eventing.knative.dev/broker.class' is 'Kafka' but brokerClass is 'MTChannelBasedBroker'; set the class only through brokerClass",
      },
    ]);
  });

  test('fails on an incomplete config reference', () => {
    expect(
      checkBroker({ name: 'b', config: { apiVersion: 'v1', kind: 'ConfigMap', name: '' } }, 'b'),
    ).toEqual([{ path: 'b.config.name', message: 'ref name is required' }]);
  });

  test('fails on refs in another namespace when the cluster disallows it', () => {
    // GIVEN
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'kafka-broker-config',
      namespace: 'knative-eventing',
    };
    const deadLetterSink = {
      addressRef: { apiVersion: 'v1', kind: 'Service', name: 'dlq', namespace: 'ops' },
    };
    const props = { name: 'b', namespace: 'models', config, delivery: { deadLetterSink } };
    const message = (ns: string) =>
      `namespace '${ns}' differs from the Broker's namespace 'models', which config-br-defaults disallows (disallowDifferentNamespaceConfig); move the referenced object or allow it`;
    // THEN
    expect(checkBroker({ ...props, cluster: { features: {} } }, 'b')).toEqual([]);
    expect(
      checkBroker(
        { ...props, cluster: { features: {}, disallowDifferentNamespaceConfig: ['other'] } },
        'b',
      ),
    ).toEqual([]);
    const expected = [
      { path: 'b.config.namespace', message: message('knative-eventing') },
      { path: 'b.delivery.deadLetterSink.namespace', message: message('ops') },
    ];
    expect(
      checkBroker(
        { ...props, cluster: { features: {}, disallowDifferentNamespaceConfig: true } },
        'b',
      ),
    ).toEqual(expected);
    expect(
      checkBroker(
        { ...props, cluster: { features: {}, disallowDifferentNamespaceConfig: ['models'] } },
        'b',
      ),
    ).toEqual(expected);
  });

  test('fails on a timeout when the cluster turned delivery-timeout off', () => {
    expect(
      checkBroker(
        {
          name: 'b',
          delivery: { timeout: 10 },
          cluster: { features: { 'delivery-timeout': 'disabled' } },
        },
        'b',
      ),
    ).toEqual([
      {
        path: 'b.delivery.timeout',
        message:
          "'delivery.timeout' needs the Knative Eventing feature flag 'delivery-timeout' set to 'enabled' in config-features (namespace knative-eventing); enable it in EventingSettings or remove the field",
      },
    ]);
  });

  test('throws every problem at once with the construct path', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new KnativeBroker(chart, 'Events', {
          name: 'Scoring',
          delivery: { retry: -1, backoffDelay: '200ms' },
        }),
    ).toThrow(
      [
        "test/Events.name: Broker name 'Scoring' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters",
        'test/Events.delivery.retry: retry -1 is out of range; allowed: 0 to 2147483647; it counts retries after the first attempt',
        "test/Events.delivery.backoffDelay: backoffDelay '200ms' is a Go duration; Knative needs ISO-8601 here: write 'PT0.2S' or the number 0.2 (seconds)",
      ].join('\n'),
    );
  });
});

import { App, Chart, Testing } from 'cdk8s';
import {
  KnativeBroker,
  BrokerClass,
  checkEventingSettings,
  EventingSettings,
  KnativeTrigger,
} from '../../../lib/knative/eventing';

const svc = {
  addressRef: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'scorer' },
};

describe('EventingSettings', () => {
  test('derives flags from the eventing objects in use and renders a partial config-features', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const events = new Chart(app, 'events', { namespace: 'models' });
    const settings = new EventingSettings(platform, 'Eventing');
    // WHEN (objects added after the settings still count)
    new KnativeTrigger(events, 'T', {
      name: 't',
      brokerRef: {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Broker',
        name: 'shared',
        namespace: 'events',
      },
      subscriber: {
        addressRef: { group: 'serving.knative.dev', kind: 'Service', name: 'scorer' } as never,
      },
      delivery: { timeout: 30, retryAfterMax: 120 },
    });
    // THEN
    const [features] = Testing.synth(platform);
    expect(features).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'config-features',
        namespace: 'knative-eventing',
        annotations: { 'ack-serving.io/ownership': 'partial' },
      },
      data: {
        'cross-namespace-event-links': 'enabled',
        'delivery-retryafter': 'enabled',
        'delivery-timeout': 'enabled',
        'kreference-group': 'enabled',
      },
    });
    expect(settings.clusterConfig().features['cross-namespace-event-links']).toBe('enabled');
  });

  test('explicit values are rendered too, and deriving can be turned off', () => {
    const chart = Testing.chart();
    new EventingSettings(chart, 'Eventing', {
      features: { 'eventtype-auto-create': 'enabled' },
      deriveFeatures: false,
    });
    new KnativeBroker(chart, 'B', { name: 'b', delivery: { timeout: 5 } });
    expect(Testing.synth(chart)[0].data).toEqual({ 'eventtype-auto-create': 'enabled' });
  });

  test('use() derives from constructs in another app', () => {
    const chart = Testing.chart();
    const settings = new EventingSettings(chart, 'Eventing');
    const other = new Chart(new App(), 'other');
    new KnativeBroker(other, 'B', { name: 'b', delivery: { retryAfterMax: 10 } });
    settings.use(other);
    expect(settings.featureData()).toEqual({ 'delivery-retryafter': 'enabled' });
  });

  test('renders config-br-defaults when broker defaults are set, and no empty config-features', () => {
    const chart = Testing.chart();
    const settings = new EventingSettings(chart, 'Eventing', {
      brokerDefaults: {
        clusterDefault: {
          brokerClass: BrokerClass.MT_CHANNEL_BASED,
          config: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: 'config-br-default-channel',
            namespace: 'knative-eventing',
          },
          delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 0.2 },
        },
        namespaceDefaults: {
          models: { brokerClass: BrokerClass.KAFKA, disallowDifferentNamespaceConfig: true },
        },
      },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(settings.features).toBeUndefined();
    expect(settings.clusterConfig()).toEqual({
      features: {},
      disallowDifferentNamespaceConfig: ['models'],
    });
  });

  test('fails when an explicit flag contradicts a construct that needs it', () => {
    const chart = Testing.chart();
    new EventingSettings(chart, 'Eventing', { features: { 'delivery-timeout': 'disabled' } });
    new KnativeTrigger(chart, 'T', {
      name: 't',
      broker: 'default',
      subscriber: svc,
      delivery: { timeout: 10 },
    });
    expect(() => Testing.synth(chart)).toThrow(
      "test/T.delivery.timeout: 'delivery.timeout' needs the Knative Eventing feature flag 'delivery-timeout' set to 'enabled' in config-features (namespace knative-eventing); enable it in EventingSettings or remove the field",
    );
  });

  test('fails on flag values Knative does not know', () => {
    expect(
      checkEventingSettings(
        { features: { 'kreference-group': 'on', 'transport-encryption': 'enabled' } },
        's',
      ),
    ).toEqual([
      {
        path: 's.features.kreference-group',
        message:
          "feature 'kreference-group' has the value 'on'; use one of 'enabled', 'disabled', 'allowed'",
      },
      {
        path: 's.features.transport-encryption',
        message:
          "feature 'transport-encryption' has the value 'enabled'; use one of 'disabled', 'permissive', 'strict'",
      },
    ]);
  });

  test('fails on invalid broker defaults', () => {
    expect(
      checkEventingSettings(
        {
          brokerDefaults: {
            clusterDefault: { delivery: { backoffDelay: '200ms' } },
            namespaceDefaults: { Models: {} },
          },
        },
        's',
      ),
    ).toEqual([
      {
        path: 's.brokerDefaults.clusterDefault.delivery.backoffDelay',
        message:
          "backoffDelay '200ms' is a Go duration; Knative needs ISO-8601 here: write 'PT0.2S' or the number 0.2 (seconds)",
      },
      {
        path: 's.brokerDefaults.namespaceDefaults.Models',
        message:
          "namespace 'Models' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
      },
    ]);
  });
});

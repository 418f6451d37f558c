import { Chart, Testing } from 'cdk8s';
import { KnativeBroker, BrokerIngress, checkBrokerIngress } from '../../../lib/knative/eventing';

describe('BrokerIngress', () => {
  test('routes each broker path on the host to broker-ingress', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'events', { namespace: 'models' });
    const broker = new KnativeBroker(chart, 'B', { name: 'scoring-events' });
    // WHEN
    new BrokerIngress(chart, 'Gateway', {
      name: 'scoring-events-gateway',
      host: 'events.example.com',
      brokers: [broker, { namespace: 'fraud', name: 'default' }],
      ingressClassName: 'alb',
      tlsSecretName: 'events-tls',
    });
    // THEN
    const ingress = Testing.synth(chart)[1];
    expect(ingress).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'scoring-events-gateway', namespace: 'knative-eventing' },
      spec: {
        ingressClassName: 'alb',
        tls: [{ hosts: ['events.example.com'], secretName: 'events-tls' }],
        rules: [
          {
            host: 'events.example.com',
            http: {
              paths: [
                {
                  path: '/fraud/default',
                  pathType: 'Prefix',
                  backend: { service: { name: 'broker-ingress', port: { number: 80 } } },
                },
                {
                  path: '/models/scoring-events',
                  pathType: 'Prefix',
                  backend: { service: { name: 'broker-ingress', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
    expect(BrokerIngress.urlOf('events.example.com', broker)).toBe(
      'https://events.example.com/models/scoring-events',
    );
  });

  test('takes the Kafka broker ingress service', () => {
    const chart = Testing.chart();
    new BrokerIngress(chart, 'G', {
      name: 'g',
      host: 'events.example.com',
      brokers: [{ namespace: 'models', name: 'kafka' }],
      ingressService: { name: 'kafka-broker-ingress', port: 80 },
    });
    expect(Testing.synth(chart)[0].spec.rules[0].http.paths[0].backend.service.name).toBe(
      'kafka-broker-ingress',
    );
  });

  test('fails on a bad host, no brokers and a bad service port', () => {
    expect(
      checkBrokerIngress(
        {
          name: 'g',
          host: 'https://events.example.com',
          brokers: [],
          ingressService: { name: 'broker-ingress', port: 0 },
        },
        'g',
      ),
    ).toEqual([
      {
        path: 'g.host',
        message:
          "host 'https://events.example.com' must be a DNS name such as 'events.example.com' (lower case, no scheme or port)",
      },
      { path: 'g.brokers', message: 'brokers must list at least one broker to expose' },
      {
        path: 'g.ingressService.port',
        message: 'ingressService port 0 must be a whole number from 1 to 65535',
      },
    ]);
  });

  test('fails on a broker without a namespace', () => {
    const chart = Testing.chart();
    const broker = new KnativeBroker(chart, 'B', { name: 'b' });
    expect(
      () =>
        new BrokerIngress(chart, 'G', { name: 'g', host: 'events.example.com', brokers: [broker] }),
    ).toThrow(
      "test/G.brokers[0]: broker 'b' has no namespace; give the Broker (or its chart) a namespace",
    );
  });
});

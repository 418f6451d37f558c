import { App, Testing } from 'cdk8s';
import { KnativeTrigger } from '../../lib/knative/eventing/trigger';
import { ModelFleet } from '../../lib/models/model-fleet';
import { synthApp } from '../../lib/synth-app';
import { ValidationError } from '../../lib/validation';

const catalog = (modelName: string, triggerModel = modelName) => ({
  namespace: 'models',
  models: [
    {
      name: modelName,
      placement: 'ecs',
      versions: [{ name: 'v1', image: 'registry.example.com/risk/batch:1', traffic: 100 }],
    },
  ],
  eventing: {
    brokers: [
      {
        name: 'scoring-events',
        delivery: { retry: 3, backoffPolicy: 'linear', backoffDelay: 0.5 },
      },
    ],
    triggers: [
      {
        name: 'score-uploads',
        broker: 'scoring-events',
        model: triggerModel,
        filter: { type: 'oss:ObjectCreated:PutObject' },
      },
    ],
    schedules: [
      {
        name: 'nightly',
        schedule: '0 2 * * *',
        timezone: 'Asia/Shanghai',
        sink: { broker: 'scoring-events' },
      },
    ],
  },
});

const eventingObjects = (modelName: string) => {
  const app = new App();
  const fleet = new ModelFleet(app, 'fleet', { catalog: catalog(modelName) });
  return synthApp(app).get(fleet.eventingChart!)!;
};

describe('catalog eventing', () => {
  test('a trigger to a model resolves to that model’s route; renaming the model changes both', () => {
    for (const name of ['batch-scoring', 'loan-scoring']) {
      const trigger = eventingObjects(name).find((o) => o.kind === 'Trigger') as any;
      expect(trigger.spec.subscriber).toEqual({
        ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name, namespace: 'models' },
      });
    }
  });

  test('brokers, triggers and schedules render with ISO-8601 delivery', () => {
    const objs = eventingObjects('batch-scoring');
    expect(objs.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Broker/scoring-events',
      'Trigger/score-uploads',
      'PingSource/nightly',
    ]);
    expect((objs[0] as any).spec.delivery).toEqual({
      retry: 3,
      backoffPolicy: 'linear',
      backoffDelay: 'PT0.5S',
    });
    expect(objs).toMatchSnapshot();
  });

  test('a trigger naming a model that is not in the catalog fails with its path', () => {
    expect(
      () => new ModelFleet(new App(), 'fleet', { catalog: catalog('batch-scoring', 'old-name') }),
    ).toThrow(
      new ValidationError([
        {
          path: 'eventing.triggers[0].model',
          message: "model 'old-name' is not in the catalog; known models: batch-scoring",
        },
      ]),
    );
  });

  test('a ModelService is a Trigger subscriber in code too', () => {
    const app = new App();
    const fleet = new ModelFleet(app, 'fleet', {
      catalog: { namespace: 'models', models: catalog('batch-scoring').models },
    });
    const chart = Testing.chart();
    new KnativeTrigger(chart, 't', {
      name: 't',
      namespace: 'models',
      broker: 'default',
      subscriber: fleet.model('batch-scoring')!,
    });
    expect(Testing.synth(chart)[0].spec.subscriber.ref).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      name: 'batch-scoring',
      namespace: 'models',
    });
  });
});

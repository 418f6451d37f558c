import { App } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { formatIssue } from '../../lib/validation';
import { issueLines } from '../issue-lines';

// Crashes the reader fuzz tests found, each now a `<path>: <message>` line (exit 2) instead of an
// internal error (exit 1).

const version = { name: 'v1', image: 'registry.example.com/risk/score:1', traffic: 100 };
const model = { name: 'score', versions: [version] };

function errorsOf(catalog: unknown): string[] {
  return issueLines(() => new ModelFleet(new App(), 'fleet', { catalog }));
}

test('two brokers, triggers or schedules of one name are an error, not a construct clash', () => {
  const broker = { name: 'events' };
  const trigger = { name: 't', broker: 'events', model: 'score' };
  const schedule = { name: 'nightly', schedule: '0 2 * * *', sink: { broker: 'events' } };
  expect(
    errorsOf({
      namespace: 'models',
      models: [model],
      eventing: {
        brokers: [broker, broker],
        triggers: [trigger, trigger],
        schedules: [schedule, schedule],
      },
    }),
  ).toEqual([
    "eventing.brokers[1].name: 'events' is already declared at eventing.brokers[0]; names must be unique in a namespace",
    "eventing.triggers[1].name: 't' is already declared at eventing.triggers[0]; names must be unique in a namespace",
    "eventing.schedules[1].name: 'nightly' is already declared at eventing.schedules[0]; names must be unique in a namespace",
  ]);
});

test('a placement whose instanceTypes is not a list is reported, not passed on', () => {
  expect(
    errorsOf({
      namespace: 'models',
      models: [{ ...model, placement: { mode: 'eci', instanceTypes: 'ecs.gn7i-c8g1.2xlarge' } }],
    }),
  ).toEqual([
    "models[0].placement.instanceTypes: instanceTypes 'ecs.gn7i-c8g1.2xlarge' must be an array",
  ]);
});

test('an empty name is reported, not used as a construct id', () => {
  expect(errorsOf({ namespace: 'models', models: [{ ...model, name: '' }] })).toEqual([
    'models[0].name: name must not be empty',
  ]);
});

test('a line break inside a value the user wrote never splits an issue over two lines', () => {
  expect(formatIssue({ path: 'ack-serving:gateway', message: "'a\nb' is not a gateway" })).toBe(
    "ack-serving:gateway: 'a\\nb' is not a gateway",
  );
});

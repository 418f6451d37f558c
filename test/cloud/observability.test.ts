import { inputsOf, registration, resetAll, setRecordingMocks, settle, T, urnOf } from './harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

test('installs ARMS Prometheus, log collection and events', async () => {
  // GIVEN
  const { Observability } = await import('../../lib/cloud/observability');
  // WHEN
  new Observability('obs', { clusterId: 'c-1', logs: { slsProjectName: 'serving-logs' } });
  await settle();
  // THEN
  expect(inputsOf(T.addon)).toEqual({
    'obs-prometheus': {
      clusterId: 'c-1',
      name: 'arms-prometheus',
      config: '{"prometheusMode":"default"}',
    },
    'obs-logs': {
      clusterId: 'c-1',
      name: 'loongcollector',
      config: '{"sls_project_name":"serving-logs"}',
    },
    'obs-events': { clusterId: 'c-1', name: 'ack-node-problem-detector' },
  });
  expect(registration(T.addon, 'obs-logs').parent).toBe(
    urnOf({ type: 'ack-serving:cloud:Observability', name: 'obs' }),
  );
});

test('leaves parts out and renames addons', async () => {
  const { Observability } = await import('../../lib/cloud/observability');
  new Observability('obs', {
    clusterId: 'c-1',
    prometheus: false,
    events: false,
    logs: { addonName: 'logtail-ds' },
  });
  await settle();
  expect(inputsOf(T.addon)).toEqual({ 'obs-logs': { clusterId: 'c-1', name: 'logtail-ds' } });
});

test('throws on a bad addon name', async () => {
  const { Observability } = await import('../../lib/cloud/observability');
  expect(
    () => new Observability('obs', { clusterId: 'c', prometheus: { addonName: 'ARMS' } }),
  ).toThrow(
    "invalid arguments for Observability 'obs':\nprometheus.addonName: addon name 'ARMS' is not an ACK addon name such as 'ack-virtual-node'",
  );
});

import { created, promiseOf, resetRecorded, setMocks } from '../../test/mocks';

setMocks(); // before the module under test is imported

beforeEach(resetRecorded);

test('OSS uploads reach the Broker through the gateway with the same types and prefix as the Trigger', async () => {
  // GIVEN
  const { addOssToBroker } = await import('./event-bridge');
  // WHEN
  const c = addOssToBroker('scoring', {
    uploads: {
      region: 'cn-hangzhou',
      accountId: '1234567890',
      bucket: 'loan-files',
      keyPrefix: 'incoming/',
    },
    gatewayHost: 'events.example.com',
    namespace: 'models',
  });
  await promiseOf(c.rule.id);
  // THEN
  const rule = created.find((r) => r.type === 'alicloud:eventbridge/rule:Rule');
  expect(JSON.parse(rule?.inputs.filterPattern)).toEqual({
    source: ['acs.oss'],
    type: ['oss:ObjectCreated:PutObject', 'oss:ObjectCreated:PostObject'],
    subject: [{ prefix: 'acs:oss:cn-hangzhou:1234567890:loan-files/incoming/' }],
  });
  expect(rule?.inputs.eventBusName).toBe('default');
  expect(rule?.inputs.targets[0].endpoint).toBe('https://events.example.com/models/scoring-events');
});

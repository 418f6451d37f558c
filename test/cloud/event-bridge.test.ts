import { created, promiseOf, resetRecorded, setMocks } from '../mocks';

setMocks(); // before the module under test is imported

import type * as EB from '../../lib/cloud/event-bridge';

let mod: typeof EB;
beforeAll(async () => {
  mod = await import('../../lib/cloud/event-bridge');
});
beforeEach(resetRecorded);

const T = {
  component: 'ack-serving:cloud:EventBridgeToKnative',
  bus: 'alicloud:eventbridge/eventBus:EventBus',
  source: 'alicloud:eventbridge/eventSource:EventSource',
  rule: 'alicloud:eventbridge/rule:Rule',
};
const objects = {
  region: 'cn-hangzhou',
  accountId: '1234567890',
  bucket: 'loan-files',
  keyPrefix: 'incoming/',
};
const types = ['oss:ObjectCreated:PutObject', 'oss:ObjectCreated:PostObject'];

async function settle(c: EB.EventBridgeToKnative): Promise<void> {
  await promiseOf(c.rule.id);
  await promiseOf(c.endpoint);
}

describe('EventBridgeToKnative', () => {
  test('routes OSS object-created events on the system bus to a Broker through the gateway', async () => {
    // GIVEN
    const { EventBridgeToKnative, KnativeTarget, ossEventPattern } = mod;
    // WHEN
    const c = new EventBridgeToKnative('oss', {
      ruleName: 'oss-to-scoring',
      pattern: ossEventPattern({ types, objects }),
      target: KnativeTarget.broker({
        gatewayHost: 'events.example.com',
        namespace: 'models',
        name: 'scoring',
      }),
      deadLetterQueueArn: 'acs:mns:cn-hangzhou:1234567890:queues/scoring-dlq',
    });
    await settle(c);
    // THEN
    expect(created.map((r) => r.type)).toEqual([T.component, T.rule]);
    const rule = created.find((r) => r.type === T.rule);
    expect(rule?.name).toBe('oss-rule');
    expect(rule?.inputs).toEqual({
      eventBusName: 'default',
      ruleName: 'oss-to-scoring',
      filterPattern: JSON.stringify({
        source: ['acs.oss'],
        type: types,
        subject: [{ prefix: 'acs:oss:cn-hangzhou:1234567890:loan-files/incoming/' }],
      }),
      targets: [
        {
          targetId: 'oss-to-scoring-knative',
          type: 'https',
          endpoint: 'https://events.example.com/models/scoring',
          pushRetryStrategy: 'EXPONENTIAL_DECAY_RETRY',
          deadLetterQueue: { arn: 'acs:mns:cn-hangzhou:1234567890:queues/scoring-dlq' },
          paramLists: [
            {
              resourceKey: 'url',
              form: 'CONSTANT',
              value: 'https://events.example.com/models/scoring',
            },
            { resourceKey: 'Network', form: 'CONSTANT', value: 'PublicNetwork' },
            { resourceKey: 'Body', form: 'ORIGINAL' },
            {
              resourceKey: 'HeaderParameters',
              form: 'CONSTANT',
              value: '{"Content-Type":"application/cloudevents+json"}',
            },
          ],
        },
      ],
    });
    expect(await promiseOf(c.eventBusName)).toBe('default');
  });

  test('creates a custom bus and an MNS source, and takes the target type as a setting', async () => {
    const { EventBridgeToKnative, KnativeTarget } = mod;
    const c = new EventBridgeToKnative('mns', {
      eventBus: { name: 'scoring-bus', description: 'scoring events' },
      eventSource: {
        name: 'loan-queue',
        externalSourceType: 'MNS',
        externalSourceConfig: { QueueName: 'loan-applications' },
      },
      ruleName: 'mns-to-scorer',
      pattern: { source: ['loan-queue'] },
      target: KnativeTarget.service('https://batch-score.models.example.com'),
      targetType: 'http',
      pushRetryStrategy: 'BACKOFF_RETRY',
      network: 'PrivateNetwork',
      extraParams: [{ resourceKey: 'VpcId', form: 'CONSTANT', value: 'vpc-123' }],
    });
    await settle(c);
    expect(created.map((r) => `${r.type}::${r.name}`)).toEqual([
      `${T.component}::mns`,
      `${T.bus}::mns-bus`,
      `${T.source}::mns-source`,
      `${T.rule}::mns-rule`,
    ]);
    expect(created[1].inputs).toEqual({
      eventBusName: 'scoring-bus',
      description: 'scoring events',
    });
    expect(created[2].inputs).toEqual({
      eventBusName: 'scoring-bus',
      eventSourceName: 'loan-queue',
      externalSourceType: 'MNS',
      externalSourceConfig: { QueueName: 'loan-applications' },
      linkedExternalSource: true,
    });
    const target = created[3].inputs.targets[0];
    expect(target.type).toBe('http');
    expect(target.pushRetryStrategy).toBe('BACKOFF_RETRY');
    expect(target.paramLists).toEqual([
      { resourceKey: 'url', form: 'CONSTANT', value: 'https://batch-score.models.example.com' },
      { resourceKey: 'Network', form: 'CONSTANT', value: 'PrivateNetwork' },
      { resourceKey: 'Body', form: 'ORIGINAL' },
      { resourceKey: 'VpcId', form: 'CONSTANT', value: 'vpc-123' },
    ]);
  });

  test('fails with every problem at once, before creating anything', () => {
    const { EventBridgeToKnative, KnativeTarget } = mod;
    expect(
      () =>
        new EventBridgeToKnative('bad', {
          eventBus: { name: 'my bus' },
          ruleName: '',
          pattern: { source: ['acs.oss'], type: ['a', 'b', 'c', 'd', 'e', 'f'], subject: [] },
          target: KnativeTarget.broker({
            gatewayHost: 'https://events.example.com',
            namespace: 'models',
            name: 'scoring',
          }),
        }),
    ).toThrow(
      [
        "invalid arguments for ack-serving:cloud:EventBridgeToKnative 'bad':",
        "ruleName: ruleName '' must be 1 to 127 letters, digits, '_' or '-', starting with a letter or digit",
        "eventBus.name: eventBus name 'my bus' must be 1 to 127 letters, digits, '_' or '-', starting with a letter or digit",
        "pattern.type: pattern field 'type' lists 6 values; EventBridge allows at most 5 per field, split the rule or use a prefix matcher",
        "pattern.subject: pattern field 'subject' lists no value; give 1 to 5 values or drop the field",
        "eventBus: Alibaba Cloud service events ('acs.oss') arrive only on the system bus 'default'; leave eventBus unset",
        "target: gatewayHost 'https://events.example.com' must be a bare host name such as 'events.example.com' (no scheme, port or path)",
      ].join('\n'),
    );
  });

  test('checkEventBridgeToKnative reports each remaining rule', () => {
    const { checkEventBridgeToKnative, KnativeTarget } = mod;
    const base = {
      ruleName: 'r',
      pattern: { source: ['app'] },
      target: KnativeTarget.service('https://a.example.com'),
    };
    expect(checkEventBridgeToKnative(base)).toEqual([]);
    // the provider's own lists: EventBridge's Knative target type is not one of them
    expect(
      checkEventBridgeToKnative({
        ...base,
        targetType: 'acs.knative',
        extraParams: [{ resourceKey: 'VpcId', form: 'FIXED', value: 'vpc-1' }],
      }),
    ).toEqual([
      {
        path: 'targetType',
        message:
          "'acs.knative' is not accepted by the provider; use one of acs.alikafka, acs.api.destination, acs.arms.loki, acs.datahub, acs.dingtalk, acs.eventbridge, acs.eventbridge.olap, acs.eventbus.SLSCloudLens, acs.fc.function, acs.fnf, acs.k8s, acs.mail, acs.mns.queue, acs.mns.topic, acs.openapi, acs.rabbitmq, acs.rds.mysql, acs.rocketmq, acs.sae, acs.sls, acs.sms, ApacheKafkaSelf, http, https, mysql (provider rule alicloud/resource_alicloud_event_bridge_rule.go:65)",
      },
      {
        path: 'extraParams[0].form',
        message:
          "'FIXED' is not accepted by the provider; use one of ORIGINAL, TEMPLATE, JSONPATH, CONSTANT (provider rule alicloud/resource_alicloud_event_bridge_rule.go:128)",
      },
    ]);
    expect(checkEventBridgeToKnative({ ...base, pattern: {} })).toEqual([
      {
        path: 'pattern',
        message:
          "pattern must be a non-empty object such as { source: ['acs.oss'], type: ['oss:ObjectCreated:PutObject'] }",
      },
    ]);
    expect(checkEventBridgeToKnative({ ...base, pattern: { source: 'app' } })).toEqual([
      {
        path: 'pattern.source',
        message:
          "pattern field 'source' must be a list of values or matchers, such as ['oss:ObjectCreated:PutObject'], got 'app'",
      },
    ]);
    expect(checkEventBridgeToKnative({ ...base, pattern: { data: { key: [] } } })[0].path).toBe(
      'pattern.data.key',
    );
    expect(
      checkEventBridgeToKnative({
        ...base,
        eventSource: { name: 's', externalSourceType: 'MNS', externalSourceConfig: {} },
      }),
    ).toEqual([
      { path: 'eventSource', message: 'a custom event source needs a custom bus; set eventBus' },
    ]);
    expect(
      checkEventBridgeToKnative({ ...base, target: KnativeTarget.service('batch-score.models') }),
    ).toEqual([
      {
        path: 'target',
        message:
          "target URL 'batch-score.models' must be an absolute http(s) URL such as 'https://batch-score.models.example.com'",
      },
    ]);
    expect(
      checkEventBridgeToKnative({
        ...base,
        target: KnativeTarget.broker({ gatewayHost: 'g.example.com', namespace: '', name: 'b' }),
      }),
    ).toEqual([
      { path: 'target', message: "a Broker target needs the broker's namespace and name" },
    ]);
    expect(
      checkEventBridgeToKnative({
        ...base,
        pushRetryStrategy: 'FOREVER' as never,
        network: 'Internet' as never,
      }),
    ).toEqual([
      {
        path: 'pushRetryStrategy',
        message:
          "pushRetryStrategy 'FOREVER' is not one of 'BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'",
      },
      {
        path: 'network',
        message: "network 'Internet' is not one of 'PublicNetwork', 'PrivateNetwork'",
      },
    ]);
  });

  test('ossSubjectPrefix names the bucket and key prefix', () => {
    expect(mod.ossSubjectPrefix(objects)).toBe(
      'acs:oss:cn-hangzhou:1234567890:loan-files/incoming/',
    );
    expect(mod.ossEventPattern({ types: ['oss:ObjectCreated:PutObject'] })).toEqual({
      source: ['acs.oss'],
      type: ['oss:ObjectCreated:PutObject'],
    });
  });

  test('children are parented to the component', async () => {
    const { EventBridgeToKnative, KnativeTarget } = mod;
    const c = new EventBridgeToKnative('p', {
      eventBus: { name: 'bus' },
      ruleName: 'r',
      pattern: { source: ['app'] },
      target: KnativeTarget.endpoint('http://hook.example.com/e'),
    });
    await settle(c);
    // a child's URN type is '<parent type>$<own type>'
    expect(await promiseOf(c.rule.urn)).toContain(`::${T.component}$${T.rule}::p-rule`);
    expect(await promiseOf((c.eventBus as NonNullable<typeof c.eventBus>).urn)).toContain(
      `::${T.component}$${T.bus}::p-bus`,
    );
    expect(created.find((r) => r.type === T.rule)?.inputs.targets[0].type).toBe('http');
  });
});

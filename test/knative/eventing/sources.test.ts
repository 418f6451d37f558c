import { Chart, Testing } from 'cdk8s';
import { IAddressable } from '../../../lib/knative/reference';
import {
  KnativeApiServerSource,
  checkApiServerSource,
  checkContainerSource,
  checkPingSource,
  checkSinkBinding,
  KnativeContainerSource,
  cronScheduleError,
  Filter,
  KnativePingSource,
  KnativeSinkBinding,
} from '../../../lib/knative/eventing';

const broker: IAddressable = {
  addressRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'scoring' },
};

describe('PingSource', () => {
  test('renders a nightly schedule in a time zone with JSON data', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'events', { namespace: 'models' });
    // WHEN
    new KnativePingSource(chart, 'Nightly', {
      name: 'nightly',
      schedule: '0 2 * * *',
      timezone: 'Asia/Shanghai',
      contentType: 'application/json',
      data: '{"job":"rescore"}',
      sink: broker,
      ceOverrides: { team: 'risk' },
    });
    // THEN
    expect(Testing.synth(chart)[0].spec).toEqual({
      schedule: '0 2 * * *',
      timezone: 'Asia/Shanghai',
      contentType: 'application/json',
      data: '{"job":"rescore"}',
      sink: {
        ref: {
          apiVersion: 'eventing.knative.dev/v1',
          kind: 'Broker',
          name: 'scoring',
          namespace: 'models',
        },
      },
      ceOverrides: { extensions: { team: 'risk' } },
    });
  });

  test.each([
    '* * * * *',
    '*/5 * * * *',
    '0 30 2 * * *',
    '0 2 * * MON-FRI',
    '0 0 1 jan,jul ?',
    '@daily',
    'CRON_TZ=Asia/Shanghai 0 2 * * *',
    '5/15 0-23/2 1-31 * 0',
    '1,2,,3 * * * *', // robfig ignores empty list items
  ])('accepts the schedule %j', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
  });

  test.each([
    [
      '@every 1h',
      "'@every' is not supported by PingSource; write a cron expression such as '*/5 * * * *'",
    ],
    [
      '0 2 * *',
      'expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got 4',
    ],
    ['60 * * * *', '60 is above 59 in the minute field'],
    ['0 24 * * *', '24 is above 23 in the hour field'],
    ['0 0 0 * *', '0 is below 1 in the day of month field'],
    ['0 0 * 13 *', '13 is above 12 in the month field'],
    ['0 0 * * 7', '7 is above 6 in the day of week field'],
    ['*/0 * * * *', "step '0' in the minute field must be a positive number"],
    ['5-1 * * * *', 'range 5-1 in the minute field runs backwards'],
    ['x * * * *', "'x' is not a number in the minute field"],
    ['0 0 * foo *', "'foo' is not a number or a name in the month field"],
    [
      '@fortnightly',
      "unknown descriptor '@fortnightly'; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly",
    ],
    ['CRON_TZ=Mars/Olympus 0 2 * * *', "time zone 'Mars/Olympus' is not an IANA zone"],
  ])('rejects the schedule %j', (schedule, reason) => {
    expect(cronScheduleError(schedule)).toBe(reason);
  });

  test('fails on @every with the field path', () => {
    expect(checkPingSource({ name: 'p', schedule: '@every 5m', sink: broker }, 'p')).toEqual([
      {
        path: 'p.schedule',
        message:
          "schedule '@every 5m' is invalid: '@every' is not supported by PingSource; write a cron expression such as '*/5 * * * *'",
      },
    ]);
  });

  test('accepts zone names Go accepts, including Local', () => {
    for (const timezone of ['Asia/Shanghai', 'UTC', 'Etc/GMT+8', 'Local']) {
      expect(checkPingSource({ name: 'p', timezone, sink: broker }, 'p')).toEqual([]);
    }
  });

  test('fails on an unknown time zone', () => {
    expect(checkPingSource({ name: 'p', timezone: 'asia/shanghai', sink: broker }, 'p')).toEqual([
      {
        path: 'p.timezone',
        message:
          "timezone 'asia/shanghai' is not an IANA time zone; use a name such as 'Asia/Shanghai' or 'UTC'",
      },
    ]);
  });

  test('fails on both data and dataBase64', () => {
    expect(
      checkPingSource({ name: 'p', data: 'a', dataBase64: 'YQ==', sink: broker }, 'p'),
    ).toEqual([{ path: 'p.data', message: 'set either data or dataBase64, not both' }]);
  });

  test('accepts base64 broken over lines, as Go does', () => {
    expect(checkPingSource({ name: 'p', dataBase64: 'YWJj\nZGVm', sink: broker }, 'p')).toEqual([]);
  });

  test('accepts valid base64 and fails on invalid base64', () => {
    expect(checkPingSource({ name: 'p', dataBase64: 'eyJhIjoxfQ==', sink: broker }, 'p')).toEqual(
      [],
    );
    expect(checkPingSource({ name: 'p', dataBase64: 'not base64!', sink: broker }, 'p')).toEqual([
      {
        path: 'p.dataBase64',
        message:
          "dataBase64 is not valid standard base64 (A-Z, a-z, 0-9, '+', '/', '=' padding); to send text use data",
      },
    ]);
  });

  test('fails on JSON data that is not an object', () => {
    const message = (d: string) =>
      `data '${d}' must be a JSON object such as '{"job":"rescore"}' when contentType is 'application/json'`;
    expect(
      checkPingSource(
        { name: 'p', contentType: 'application/json', data: '[1]', sink: broker },
        'p',
      ),
    ).toEqual([{ path: 'p.data', message: message('[1]') }]);
    expect(
      checkPingSource(
        { name: 'p', contentType: 'application/json', data: '{oops', sink: broker },
        'p',
      ),
    ).toEqual([{ path: 'p.data', message: message('{oops') }]);
    expect(
      checkPingSource({ name: 'p', contentType: 'text/plain', data: '[1]', sink: broker }, 'p'),
    ).toEqual([]);
  });

  test('fails on base64 data that is not a JSON object when the content type is JSON', () => {
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    expect(
      checkPingSource(
        { name: 'p', contentType: 'application/json', dataBase64: b64('{"a":1}'), sink: broker },
        'p',
      ),
    ).toEqual([]);
    expect(
      checkPingSource(
        { name: 'p', contentType: 'application/json', dataBase64: b64('[1]'), sink: broker },
        'p',
      ),
    ).toEqual([
      {
        path: 'p.dataBase64',
        message: `dataBase64 must decode to a JSON object such as '{"job":"rescore"}' when contentType is 'application/json'`,
      },
    ]);
  });

  test('fails on data over the cluster data-max-size', () => {
    expect(
      checkPingSource(
        { name: 'p', data: 'abcdef', sink: broker, cluster: { features: {}, pingDataMaxSize: 4 } },
        'p',
      ),
    ).toEqual([
      {
        path: 'p.data',
        message:
          'data is 6 bytes, over config-ping-defaults data-max-size 4; send less or raise the limit',
      },
    ]);
  });

  test('fails with no sink', () => {
    expect(checkPingSource({ name: 'p', sink: undefined as never }, 'p')).toEqual([
      {
        path: 'p.sink',
        message:
          'sink is required: a Broker, a ModelService, a KnativeService, a Destination or an absolute URI',
      },
    ]);
  });

  test('fails on upper-case CloudEvents extension names', () => {
    expect(
      checkPingSource({ name: 'p', sink: broker, ceOverrides: { Team: 'risk' } }, 'p'),
    ).toEqual([
      {
        path: 'p.ceOverrides.Team',
        message:
          "CloudEvents extension name 'Team' is invalid: use only lower-case letters and digits",
      },
    ]);
  });
});

describe('ApiServerSource', () => {
  test('renders resources, mode and service account', () => {
    const chart = Testing.chart();
    new KnativeApiServerSource(chart, 'K8sEvents', {
      name: 'k8s-events',
      namespace: 'models',
      resources: [
        { apiVersion: 'v1', kind: 'Event' },
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          selector: { matchLabels: { team: 'risk' } },
        },
      ],
      mode: 'Resource',
      serviceAccountName: 'events-reader',
      sink: broker,
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('fails with no resources', () => {
    expect(checkApiServerSource({ name: 'a', resources: [], sink: broker }, 'a')).toEqual([
      {
        path: 'a.resources',
        message:
          "resources must list at least one kind to watch, such as { apiVersion: 'v1', kind: 'Event' }",
      },
    ]);
  });

  test('fails on a bad apiVersion, a missing kind, a bad selector, owner and mode', () => {
    expect(
      checkApiServerSource(
        {
          name: 'a',
          resources: [
            {
              apiVersion: 'a/b/c',
              kind: '',
              selector: { matchExpressions: [{ key: 'team', operator: 'In' }] },
            },
          ],
          owner: { apiVersion: 'apps/v1', kind: '' },
          mode: 'reference' as never,
          sink: broker,
        },
        'a',
      ),
    ).toEqual([
      {
        path: 'a.resources[0].apiVersion',
        message:
          "apiVersion 'a/b/c' must be 'version' or 'group/version', such as 'v1' or 'apps/v1'",
      },
      { path: 'a.resources[0].kind', message: "kind is required, such as 'Event'" },
      {
        path: 'a.resources[0].selector.matchExpressions[0].values',
        message: "operator 'In' needs at least one value",
      },
      { path: 'a.owner.kind', message: 'owner kind is required' },
      {
        path: 'a.mode',
        message:
          "mode 'reference' is not supported; use 'Reference' or 'Resource' (case-sensitive)",
      },
    ]);
  });

  test('filters need new-apiserversource-filters', () => {
    expect(
      checkApiServerSource(
        {
          name: 'a',
          resources: [{ apiVersion: 'v1', kind: 'Event' }],
          filters: [Filter.exact({ type: 'dev.knative.apiserver.resource.add' })],
          sink: broker,
          cluster: { features: {} },
        },
        'a',
      ),
    ).toEqual([
      {
        path: 'a.filters',
        message:
          "'filters' needs the Knative Eventing feature flag 'new-apiserversource-filters' set to 'enabled' in config-features (namespace knative-eventing); enable it in EventingSettings or remove the field",
      },
    ]);
  });
});

describe('SinkBinding', () => {
  test('renders the subject in the binding namespace', () => {
    const chart = new Chart(Testing.app(), 'events', { namespace: 'models' });
    new KnativeSinkBinding(chart, 'Bind', {
      name: 'feeder',
      subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'feeder' },
      sink: broker,
    });
    expect(Testing.synth(chart)[0].spec.subject).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'models',
      name: 'feeder',
    });
  });

  test('fails with both name and selector, or neither', () => {
    expect(
      checkSinkBinding(
        {
          name: 'b',
          subject: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'x',
            selector: { matchLabels: { a: 'b' } },
          },
          sink: broker,
        },
        'b',
      ),
    ).toEqual([
      { path: 'b.subject', message: "subject sets both name 'x' and selector; set only one" },
    ]);
    expect(
      checkSinkBinding(
        { name: 'b', subject: { apiVersion: 'apps/v1', kind: 'Deployment' }, sink: broker },
        'b',
      ),
    ).toEqual([{ path: 'b.subject', message: 'subject needs a name or a selector' }]);
  });

  test('fails on a subject apiVersion, kind or name Knative cannot track', () => {
    expect(
      checkSinkBinding(
        {
          name: 'b',
          subject: { apiVersion: 'apps/v1/x', kind: 'Deploy-ment', name: 'Feeder' },
          sink: broker,
        },
        'b',
      ),
    ).toEqual([
      {
        path: 'b.subject.apiVersion',
        message:
          "subject apiVersion 'apps/v1/x' must be 'version' or 'group/version', such as 'apps/v1'",
      },
      {
        path: 'b.subject.kind',
        message: "subject kind 'Deploy-ment' must be a kind name such as 'Deployment'",
      },
      {
        path: 'b.subject.name',
        message:
          "subject name 'Feeder' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
      },
    ]);
  });

  test('fails with a subject in another namespace and a missing kind', () => {
    expect(
      checkSinkBinding(
        {
          name: 'b',
          namespace: 'models',
          subject: { apiVersion: 'apps/v1', kind: '', name: 'x', namespace: 'other' },
          sink: broker,
        },
        'b',
      ),
    ).toEqual([
      { path: 'b.subject.kind', message: "subject kind is required, such as 'Deployment'" },
      {
        path: 'b.subject.namespace',
        message: "subject namespace 'other' must be the SinkBinding's namespace 'models'",
      },
    ]);
  });
});

describe('ContainerSource', () => {
  test('names unnamed containers like Knative does', () => {
    const chart = Testing.chart();
    new KnativeContainerSource(chart, 'Poller', {
      name: 'poller',
      containers: [
        {
          image: 'registry.example.com/risk/poller:1.0.0',
          args: ['--interval=30s'],
          env: { QUEUE: 'scores' },
        },
      ],
      sink: broker,
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('fails with no containers or a container without an image', () => {
    expect(checkContainerSource({ name: 'c', containers: [], sink: broker }, 'c')).toEqual([
      {
        path: 'c.containers',
        message: 'containers must list at least one container with an image',
      },
    ]);
    expect(
      checkContainerSource({ name: 'c', containers: [{ image: '' }], sink: broker }, 'c'),
    ).toEqual([
      {
        path: 'c.containers[0].image',
        message:
          "image is required: a reference such as 'registry.example.com/team/model:1.0.0' or '...@sha256:<64 hex>'",
      },
    ]);
  });

  test('throws every problem at once', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new KnativeContainerSource(chart, 'Poller', {
          name: 'poller',
          containers: [{ image: 'UPPER/case' }],
          sink: 'relative',
        }),
    ).toThrow(
      [
        "test/Poller.containers[0].image: image 'UPPER/case' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
        "test/Poller.sink.uri: sink uri 'relative' must be an absolute URI with a host, such as 'https://hooks.example.com/events', when no ref is set",
      ].join('\n'),
    );
  });
});

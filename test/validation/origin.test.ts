import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Fields,
  Issue,
  ValidationError,
  aggregateIssues,
  collectWarnings,
  conflictAt,
  fieldsUnder,
  formatIssue,
  markReportsWarnings,
  nestedFields,
  pathSegments,
  relocate,
  thousands,
} from '../../lib/validation';
import { LEVEL_RANK, SettingsOrigins } from '../../lib/models/merge';

describe('counting what one issue affects', () => {
  test('thousands separators', () => {
    expect([0, 7, 999, 1000, 1234, 1234567].map(thousands)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '1,234',
      '1,234,567',
    ]);
  });

  test('the count is printed only when more than one version is affected', () => {
    const issue = { path: 'defaults.autoscaling.window', message: "window '1s' is out of range" };
    expect(formatIssue(issue)).toBe("defaults.autoscaling.window: window '1s' is out of range");
    expect(formatIssue({ ...issue, affects: { versions: 1, models: 1 } })).toBe(
      "defaults.autoscaling.window: window '1s' is out of range",
    );
    expect(formatIssue({ ...issue, affects: { versions: 1234, models: 500 } })).toBe(
      "defaults.autoscaling.window: window '1s' is out of range (affects 1,234 versions of 500 models)",
    );
    expect(new ValidationError([{ ...issue, affects: { versions: 2, models: 1 } }]).message).toBe(
      "defaults.autoscaling.window: window '1s' is out of range (affects 2 versions of 1 model)",
    );
  });

  test('the same path and message are one issue, in first-seen order, counts added up', () => {
    const a = { path: 'a', message: 'm', affects: { versions: 1, models: 1 } };
    const b = { path: 'b', message: 'm' };
    expect(aggregateIssues([a, b, a, b, { ...a, message: 'other' }])).toEqual([
      { path: 'a', message: 'm', affects: { versions: 2, models: 2 } },
      b,
      { path: 'a', message: 'other', affects: { versions: 1, models: 1 } },
    ]);
    // a model's own versions count as one model
    expect(aggregateIssues([a, a, a], true)).toEqual([
      { path: 'a', message: 'm', affects: { versions: 3, models: 1 } },
    ]);
  });
});

describe('origins', () => {
  const origins = new SettingsOrigins([
    {
      spec: { autoscaling: { minScale: 5, window: '60s' }, placement: { mode: 'eci', spot: 'x' } },
      path: 'defaults',
      rank: LEVEL_RANK.defaults,
    },
    {
      spec: { autoscaling: { maxScale: 2 }, args: ['--a'] },
      path: 'profiles.p',
      rank: LEVEL_RANK.profile,
    },
    {
      spec: { placement: { mode: 'eci', instanceTypes: ['t'] } },
      path: 'models[1]',
      rank: LEVEL_RANK.model,
    },
    {
      spec: { image: 'i', autoscaling: { window: '90s' } },
      path: 'models[1].versions[0]',
      rank: 3,
    },
  ]);

  test('a map key is where the level that won wrote it; lists and scalars are whole', () => {
    expect(origins.path('autoscaling', 'minScale')).toBe('defaults.autoscaling.minScale');
    expect(origins.path('autoscaling', 'window')).toBe('models[1].versions[0].autoscaling.window');
    expect(origins.path('args', 0)).toBe('profiles.p.args[0]');
    expect(origins.path('image')).toBe('models[1].versions[0].image');
    expect(origins.source('autoscaling', 'maxScale')).toEqual(
      expect.objectContaining({ path: 'profiles.p', rank: 1 }),
    );
  });

  test('placement objects of one mode merge, so their keys keep their own levels', () => {
    expect(origins.path('placement', 'spot')).toBe('defaults.placement.spot');
    expect(origins.path('placement', 'instanceTypes')).toBe('models[1].placement.instanceTypes');
    expect(origins.path('placement', 'via')).toBe('models[1].placement');
    expect(origins.source('placement', 'via')).toBeUndefined();
  });

  test('a field nobody wrote would be written at the most specific level', () => {
    expect(origins.path('concurrency')).toBe('models[1].versions[0].concurrency');
    expect(origins.source('concurrency')).toBeUndefined();
  });

  test('a rule on two fields reports at the more specific one and names the other', () => {
    const scaling = nestedFields(origins, 'autoscaling');
    expect(conflictAt(scaling, 'maxScale', 'minScale')).toEqual({
      path: 'profiles.p.autoscaling.maxScale',
      note: '; minScale is set at defaults.autoscaling.minScale',
    });
    expect(conflictAt(scaling, 'minScale', 'maxScale')).toEqual({
      path: 'profiles.p.autoscaling.maxScale',
      note: '; minScale is set at defaults.autoscaling.minScale',
    });
    // one base path: both fields are there, nothing to add
    expect(conflictAt(fieldsUnder('x.autoscaling'), 'maxScale', 'minScale')).toEqual({
      path: 'x.autoscaling.maxScale',
      note: '',
    });
  });
});

describe('paths', () => {
  test('split into keys and indexes, quoted keys included', () => {
    expect(pathSegments('containers[0].resources.limits["nvidia.com/gpu"]')).toEqual([
      'containers',
      0,
      'resources',
      'limits',
      'nvidia.com/gpu',
    ]);
    expect(pathSegments('')).toEqual([]);
  });

  test('issues of a sub-check move to where each key was written', () => {
    const fields: Fields = {
      path: (f, k) => (k === 'type' ? `models[1].${f}.type` : `defaults.${f}${k ? `.${k}` : ''}`),
      source: () => undefined,
    };
    expect(
      relocate(
        [
          { path: 'type', message: 't' },
          { path: 'instanceTypes[6]', message: 'i' },
          { path: '', message: 'whole' },
        ],
        fields,
        'reserve',
      ).map((i) => i.path),
    ).toEqual(['models[1].reserve.type', 'defaults.reserve.instanceTypes[6]', 'defaults.reserve']);
    expect(relocate([{ path: 'type', message: 't' }], 'v', 'reserve')[0].path).toBe(
      'v.reserve.type',
    );
  });
});

describe('collectWarnings', () => {
  class Reporter extends Construct {
    constructor(
      scope: Construct,
      id: string,
      public readonly warnings: Issue[],
    ) {
      super(scope, id);
      markReportsWarnings(this);
    }
  }

  test('takes a reporter for its whole subtree and reports each warning once', () => {
    const app = new App();
    const w = { path: 'defaults.x', message: 'no effect', affects: { versions: 2, models: 1 } };
    const outer = new Reporter(app, 'fleet', [{ ...w, affects: { versions: 4, models: 2 } }]);
    new Reporter(outer, 'model', [w]); // covered by the fleet
    const chart = new Chart(app, 'c');
    new Reporter(chart, 'a', [w]);
    new Reporter(chart, 'b', [w]);
    expect(collectWarnings([outer])).toEqual([{ ...w, affects: { versions: 4, models: 2 } }]);
    expect(collectWarnings([chart])).toEqual([{ ...w, affects: { versions: 4, models: 2 } }]);
  });
});

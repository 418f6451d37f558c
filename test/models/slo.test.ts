import { parsePrometheusDuration } from '../../lib/models/slo';
import { errorsOf, fleet, image } from './fleet-helpers';

const catalog = (extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}) => ({
  namespace: 'models',
  ...extra,
  models: [
    {
      name: 'credit-score',
      team: 'risk',
      ...model,
      versions: [
        { name: 'v1', image: image('1'), traffic: 100 },
        { name: 'v2', image: image('2') },
      ],
    },
  ],
});

describe('slo and alerts in the catalog', () => {
  test('GIVEN an slo at the defaults and a model override THEN they merge key by key', () => {
    const f = fleet(
      catalog(
        { defaults: { slo: { availability: 99.5, window: '30d' }, alerts: { routeTo: 'sre' } } },
        { slo: { latencyP99Ms: 250 } },
      ),
    );
    expect(f.models[0].slo).toEqual({ availability: 99.5, window: '30d', latencyP99Ms: 250 });
    for (const v of f.models[0].resolvedVersions) {
      expect(v.slo).toEqual({ availability: 99.5, window: '30d', latencyP99Ms: 250 });
      expect(v.alerts).toEqual({ routeTo: 'sre' });
    }
  });

  test('GIVEN a profile with an slo THEN its models carry it', () => {
    const f = fleet(
      catalog({ profiles: { scoring: { slo: { availability: 99.9 } } } }, { profile: 'scoring' }),
    );
    expect(f.models[0].slo).toEqual({ availability: 99.9 });
  });

  test('GIVEN an slo on a version THEN the schema says where it belongs', () => {
    const c = catalog();
    (c.models[0].versions[0] as Record<string, unknown>).slo = { availability: 99 };
    expect(errorsOf(c)).toEqual([
      expect.stringMatching(
        /^models\[0\]\.versions\[0\]\.slo: unknown field 'slo'; allowed fields here: /,
      ),
    ]);
  });

  test('GIVEN each bad objective THEN every error is reported once, where it was written', () => {
    expect(
      errorsOf(
        catalog(
          { defaults: { slo: { availability: 100, window: '3d' } } },
          { slo: { latencyP99Ms: 0 }, alerts: { routeTo: ' ' } },
        ),
      ),
    ).toEqual([
      'defaults.slo.availability: availability 100 leaves no error budget, so no burn rate can be computed; use a percent below 100, e.g. 99.9',
      'models[0].slo.latencyP99Ms: latencyP99Ms 0 must be a number of milliseconds above 0, e.g. 250',
      "defaults.slo.window: window '3d' is outside 7d to 90d; multi-window burn-rate alerts look back up to 3 days, so use e.g. '28d' or '30d'",
      "models[0].alerts.routeTo: routeTo ' ' is blank; name the team or receiver, or leave it out to route to the model's team",
    ]);
  });

  test('GIVEN blank page and ticket receivers THEN each is named', () => {
    expect(errorsOf(catalog({ defaults: { alerts: { page: ' ', ticket: ' ' } } }))).toEqual([
      "defaults.alerts.page: page ' ' is blank; name the receiver of page alerts, or leave it out",
      "defaults.alerts.ticket: ticket ' ' is blank; name the receiver of ticket alerts, or leave it out",
    ]);
    expect(
      errorsOf(catalog({}, { alerts: { page: 'risk-oncall', ticket: 'risk-queue' } })),
    ).toEqual([]);
  });

  test('GIVEN a window Prometheus cannot parse and an slo with no objective THEN both are named', () => {
    expect(errorsOf(catalog({}, { slo: { window: '4 weeks' } }))).toEqual([
      "models[0].slo.window: window '4 weeks' is not a Prometheus duration; write e.g. '28d' or '4w'",
      'models[0].slo: slo has no objective; give availability (e.g. 99.9), latencyP99Ms (e.g. 250) or both',
    ]);
    expect(errorsOf(catalog({}, { slo: { availability: -1 } }))).toEqual([
      'models[0].slo.availability: availability -1 is not a percent between 0 and 100 (exclusive); use e.g. 99.9',
    ]);
  });
});

describe('parsePrometheusDuration', () => {
  test.each([
    ['28d', 28 * 86400],
    ['4w', 28 * 86400],
    ['1h30m', 5400],
    ['1y', 365 * 86400],
    ['500ms', 0.5],
    ['0', 0],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parsePrometheusDuration(text)).toBe(seconds);
  });

  test.each(['', '1.5h', '30m1h', 'd', '-1d', '1d ', '1D'])('%j is rejected', (text) => {
    expect(parsePrometheusDuration(text)).toBeUndefined();
  });
});

import { Testing } from 'cdk8s';
import { UPSTREAM_CLUSTER, clusterConfig } from '../../lib/knative/cluster-config';
import { VISIBILITY_LABEL, routeHost, visibilityOf } from '../../lib/knative/hostnames';
import { KnativeRoute } from '../../lib/knative/knative-route';
import { KnativeService } from '../../lib/knative/knative-service';

const image = 'registry.example.com/risk/credit-score:1.0.0';
// A cluster whose external routes use a custom template and a real domain.
const cluster = clusterConfig({
  ...UPSTREAM_CLUSTER,
  network: {
    domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}',
    tagTemplate: '{{.Tag}}-{{.Name}}',
    domain: 'models.example.com',
  },
});

describe('routeHost and visibility', () => {
  test('GIVEN an external route THEN the cluster domain template and domain apply', () => {
    expect(routeHost(cluster.network, 'credit-score', 'models')).toBe(
      'credit-score-models.models.example.com',
    );
    expect(routeHost(cluster.network, 'credit-score', 'models', 'v2')).toBe(
      'v2-credit-score-models.models.example.com',
    );
  });

  test('GIVEN a cluster-local route THEN Knative uses the default template under svc.<cluster domain>', () => {
    expect(routeHost(cluster.network, 'credit-score', 'models', undefined, 'cluster-local')).toBe(
      'credit-score.models.svc.cluster.local',
    );
    expect(routeHost(cluster.network, 'credit-score', 'models', 'v2', 'cluster-local')).toBe(
      'v2-credit-score.models.svc.cluster.local',
    );
    expect(
      routeHost(
        { ...cluster.network, clusterDomain: 'corp.internal' },
        'credit-score',
        'models',
        undefined,
        'cluster-local',
      ),
    ).toBe('credit-score.models.svc.corp.internal');
  });

  test('only the exact label value cluster-local makes a route cluster-local', () => {
    expect(visibilityOf({ [VISIBILITY_LABEL]: 'cluster-local' })).toBe('cluster-local');
    expect(visibilityOf({ [VISIBILITY_LABEL]: 'external' })).toBe('external');
    expect(visibilityOf(undefined)).toBe('external');
  });
});

describe('host checks follow the visibility label', () => {
  // 57 characters: fits as a cluster-local label, but '<name>-models' (64) does not fit externally.
  const name = 'credit-score-' + 'a'.repeat(44);
  const traffic = [{ configurationName: `${name}-v1`, percent: 100 }];

  test('GIVEN an external Route whose host label is 64 characters THEN it is rejected', () => {
    expect(
      () =>
        new KnativeRoute(Testing.chart(), 'Ext', { name, namespace: 'models', cluster, traffic }),
    ).toThrow(
      `test/Ext.name: name '${name}' gives the host '${name}-models.models.example.com', whose label '${name}-models' is 64 characters; DNS allows 63, so shorten the name`,
    );
  });

  test('GIVEN the same Route cluster-local THEN its host is <name>.models.svc.cluster.local and fits', () => {
    const chart = Testing.chart();
    new KnativeRoute(chart, 'Local', {
      name,
      namespace: 'models',
      labels: { [VISIBILITY_LABEL]: 'cluster-local' },
      cluster,
      traffic,
    });
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({
      [VISIBILITY_LABEL]: 'cluster-local',
    });
  });

  test('GIVEN a cluster-local Route with a tag THEN the tag host is checked under svc.cluster.local', () => {
    expect(
      () =>
        new KnativeRoute(Testing.chart(), 'Local', {
          name,
          namespace: 'models',
          labels: { [VISIBILITY_LABEL]: 'cluster-local' },
          cluster,
          traffic: [{ ...traffic[0], tag: 'canary' }],
        }),
    ).toThrow(
      `test/Local.traffic[0].tag: tag 'canary' gives the host 'canary-${name}.models.svc.cluster.local', whose label 'canary-${name}' is 64 characters; DNS allows 63, so shorten the tag or the route name`,
    );
  });

  test('GIVEN a KnativeService labelled cluster-local THEN its route host is checked as cluster-local', () => {
    const make = (labels?: Record<string, string>) => () =>
      new KnativeService(Testing.chart(), 'Svc', {
        name,
        namespace: 'models',
        ...(labels ? { labels } : {}),
        cluster,
        template: { containers: [{ image }] },
      });
    expect(make()).toThrow(`whose label '${name}-models' is 64 characters`);
    expect(make({ [VISIBILITY_LABEL]: 'cluster-local' })).not.toThrow();
  });
});

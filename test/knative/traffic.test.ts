import { renderNameTemplate } from '../../lib/knative/hostnames';
import { clusterConfig, UPSTREAM_CLUSTER } from '../../lib/knative/cluster-config';
import {
  TrafficTargetProps,
  checkRouteHost,
  checkTraffic,
  renderTraffic,
} from '../../lib/knative/traffic';

const route = (targets: TrafficTargetProps[], routeName = 'credit-score') =>
  checkTraffic(targets, 't', {
    owner: 'route',
    routeName,
    namespace: 'models',
    cluster: UPSTREAM_CLUSTER,
  }).map((i) => `${i.path}: ${i.message}`);
const service = (targets: TrafficTargetProps[]) =>
  checkTraffic(targets, 't', {
    owner: 'service',
    routeName: 'svc',
    namespace: 'models',
    cluster: UPSTREAM_CLUSTER,
  }).map((i) => `${i.path}: ${i.message}`);

describe('traffic rules (knative route_validation.go)', () => {
  test('a split over configurations with tags passes', () => {
    expect(
      route([
        { configurationName: 'credit-score-v2', tag: 'v2', percent: 70 },
        { configurationName: 'credit-score-v3', tag: 'v3', percent: 30 },
        { configurationName: 'credit-score-v3', tag: 'latest', percent: 0 },
      ]),
    ).toEqual([]);
  });

  test('fails when percents do not sum to 100', () => {
    expect(
      route([
        { configurationName: 'a', percent: 50 },
        { configurationName: 'b', percent: 49 },
      ]),
    ).toEqual(['t: traffic percents sum to 99; they must sum to exactly 100']);
    expect(route([{ configurationName: 'a', percent: 101 }])).toEqual([
      't[0].percent: percent 101 is out of range; allowed: 0 to 100',
    ]);
  });

  test('fails when a Route has no targets; a Service may omit them', () => {
    expect(route([])).toEqual([
      't: traffic is empty: a Route needs targets whose percents sum to 100',
    ]);
    expect(service([])).toEqual([]);
  });

  test('fails on a duplicate tag', () => {
    expect(
      route([
        { configurationName: 'a', tag: 'v1', percent: 100 },
        { configurationName: 'b', tag: 'v1', percent: 0 },
      ]),
    ).toEqual(["t[1].tag: tag 'v1' is already used by traffic[0]; tags must be unique"]);
  });

  test('fails on a tag that is not a DNS-1035 label', () => {
    expect(route([{ configurationName: 'a', tag: '1st', percent: 100 }])).toEqual([
      "t[0].tag: tag '1st' is not a DNS-1035 label: use lower-case letters, digits and '-', start with a letter and end with a letter or digit",
    ]);
  });

  test('fails on latestRevision true with a revision name, and false without one', () => {
    expect(service([{ revisionName: 'svc-00001', latestRevision: true, percent: 100 }])).toEqual([
      "t[0].revisionName: revisionName 'svc-00001' cannot be set when latestRevision is true; drop one of them",
    ]);
    expect(service([{ latestRevision: false, percent: 100 }])).toEqual([
      't[0].latestRevision: latestRevision false needs a revisionName to pin; set revisionName or drop latestRevision',
    ]);
    expect(service([{ revisionName: 'svc-00001', latestRevision: false, percent: 100 }])).toEqual(
      [],
    );
  });

  test('fails on configurationName in a Service, and on neither name in a Route', () => {
    expect(service([{ configurationName: 'svc', percent: 100 }])).toEqual([
      "t[0].configurationName: configurationName 'svc' is not allowed in a Service's traffic (it routes to its own Configuration); use revisionName or latestRevision",
    ]);
    expect(route([{ percent: 100 }])).toEqual([
      't[0]: a Route target needs exactly one of revisionName or configurationName',
    ]);
    expect(
      route([{ revisionName: 'a-1', configurationName: 'a', latestRevision: false, percent: 100 }]),
    ).toEqual(['t[0]: a Route target needs exactly one of revisionName or configurationName']);
  });

  test('fails when a tagged host label would exceed 63 characters', () => {
    const name = 'a'.repeat(55); // tag 'latest' + '-' + 55 = 62: fits; 'canary1' makes 63; 'canary12' makes 64
    expect(route([{ configurationName: 'x', tag: 'canary1', percent: 100 }], name)).toEqual([]);
    expect(route([{ configurationName: 'x', tag: 'canary12', percent: 100 }], name)).toEqual([
      `t[0].tag: tag 'canary12' gives the host 'canary12-${name}.models.svc.cluster.local', whose label 'canary12-${name}' is 64 characters; DNS allows 63, so shorten the tag or the route name`,
    ]);
  });

  test('uses the cluster tag template for the host check', () => {
    const cluster = clusterConfig({ network: { tagTemplate: '{{.Name}}--{{.Tag}}' } });
    const check = (routeName: string) =>
      checkTraffic([{ configurationName: 'x', tag: 'v1', percent: 100 }], 't', {
        owner: 'route',
        routeName,
        namespace: 'models',
        cluster,
      }).map((i) => i.message);
    expect(check('r'.repeat(59))).toEqual([]); // 59 + '--v1' = 63
    expect(check('r'.repeat(60))).toEqual([
      `tag 'v1' gives the host '${'r'.repeat(60)}--v1.models.svc.cluster.local', whose label '${'r'.repeat(60)}--v1' is 64 characters; DNS allows 63, so shorten the tag or the route name`,
    ]);
  });

  test('checks the route host itself against a custom domain template', () => {
    const cluster = clusterConfig({
      network: { domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}', domain: 'example.com' },
    });
    const name = 'n'.repeat(57);
    expect(checkRouteHost(name, 'r.name', 'models', cluster).map((i) => i.message)).toEqual([
      `name '${name}' gives the host '${name}-models.example.com', whose label '${name}-models' is 64 characters; DNS allows 63, so shorten the name`,
    ]);
  });

  test('renders latestRevision explicitly and percent 0 for untagged defaults', () => {
    expect(
      renderTraffic([
        { configurationName: 'a', tag: 'v1' },
        { revisionName: 'a-1', percent: 100 },
      ]),
    ).toEqual([
      { tag: 'v1', configurationName: 'a', latestRevision: true, percent: 0 },
      { revisionName: 'a-1', latestRevision: false, percent: 100 },
    ]);
  });
});

describe('host templates', () => {
  test('follow Go trim markers and index lookups through the full renderer', () => {
    expect(renderNameTemplate('x {{- .Name}}', { Name: 'foo' })).toBe('xfoo');
    expect(renderNameTemplate('{{.Tag}}-{{.Name}}', { Tag: 'v1', Name: 'm' })).toBe('v1-m');
    expect(renderNameTemplate('{{if .Name}}x{{end}}', { Name: 'm' })).toBeUndefined();
  });
});

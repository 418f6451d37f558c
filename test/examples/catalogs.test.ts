import { buildFleet, synthFleet } from '../../lib/cli/synth';

describe.each([
  ['credit-risk-fleet', 'examples/credit-risk-fleet/catalog.yaml'],
  ['stable-diffusion', 'examples/stable-diffusion/catalog.yaml'],
])('example %s', (_name, catalog) => {
  test('synthesizes every file, matching the committed snapshot', () => {
    const { files } = synthFleet(buildFleet(catalog));
    expect(files).toMatchSnapshot();
  });

  test('synthesizes byte-identical output twice', () => {
    expect(synthFleet(buildFleet(catalog)).files).toEqual(synthFleet(buildFleet(catalog)).files);
  });
});

describe('the credit-risk fleet shows the scenario', () => {
  const { files, fleet } = synthFleet(buildFleet('examples/credit-risk-fleet/catalog.yaml'));

  test('several teams, two or three live versions, latest routes, a warm standby and retired versions', () => {
    const teams = new Set(fleet.catalog.models.map((m) => m.team));
    expect(teams.size).toBeGreaterThanOrEqual(3);
    expect(fleet.model('credit-score')?.versions).toEqual(['v2', 'v3', 'v1']);
    expect(fleet.model('credit-score')?.latest).toBe('v3');
    expect(fleet.retired).toEqual([
      { model: 'credit-score', version: 'v0' },
      { model: 'limit-advisor', version: 'v1' },
    ]);
    expect(files['models/limit-advisor.yaml']).toContain('autoscaling.knative.dev/min-scale: "1"');
  });

  test('ECS-then-ECI placement renders a ResourcePolicy per version', () => {
    expect(files['models/credit-score.yaml'].match(/kind: ResourcePolicy/g)).toHaveLength(3);
  });

  test('the kustomization lists platform files first', () => {
    expect(files['kustomization.yaml'].split('\n').slice(3, 5)).toEqual([
      '  - platform/namespace.yaml',
      '  - platform/knative-settings.yaml',
    ]);
  });
});

describe('the Stable Diffusion example', () => {
  const { files } = synthFleet(buildFleet('examples/stable-diffusion/catalog.yaml'));
  test('one request per pod, GPU limit, long timeout, scale to zero and a reserved instance', () => {
    const yaml = files['models/stable-diffusion.yaml'];
    expect(yaml).toContain('containerConcurrency: 1');
    expect(yaml).toContain('nvidia.com/gpu: "1"');
    expect(yaml).toContain('timeoutSeconds: 600');
    expect(yaml).toContain('autoscaling.knative.dev/min-scale: "0"');
    expect(yaml).toContain('knative.aliyun.com/reserve-instance: enable');
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BUILD_TIMEOUT_MS,
  Result,
  buildHarness,
  diffCases,
  skipWithoutGo,
  validateManifests,
  validateRun,
} from './harness';

// These tests prove the harness itself judges: it must reject what Knative rejects, with
// Knative's own words, so a broken harness cannot pass every manifest silently.

let dir: string;

function manifest(name: string, yaml: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, yaml);
  return file;
}

function only(results: Result[]): Result {
  expect(results).toHaveLength(1);
  return results[0];
}

const service = (annotations: Record<string, string>, extra = '') => `
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: credit-score
  namespace: models
spec:
  template:
    metadata:
      annotations:
${Object.entries(annotations)
  .map(([k, v]) => `        ${k}: "${v}"`)
  .join('\n')}
    spec:
      containerConcurrency: 10
      containers:
        - image: registry.example.com/risk/credit-score:1.0.0
          ports: [{ containerPort: 8080 }]${extra}
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconform-'));
  if (!skipWithoutGo()) buildHarness();
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const HARDENED = `
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
            seccompProfile: { type: RuntimeDefault }`;

const INSECURE =
  'Kubernetes default value is insecure, Knative may default this to secure in a future release: ' +
  'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation, ' +
  'spec.template.spec.containers[0].securityContext.capabilities, ' +
  'spec.template.spec.containers[0].securityContext.runAsNonRoot, ' +
  'spec.template.spec.containers[0].securityContext.seccompProfile';

describe('kconform validate: warnings', () => {
  test('an unset container securityContext draws Knative warning; --strict fails on it', () => {
    if (skipWithoutGo()) return;
    // GIVEN a Service whose container leaves the security fields unset
    const file = manifest('insecure.yaml', service({}));
    // WHEN
    const plain = validateRun([file]);
    const strict = validateRun([file], { strict: true });
    // THEN admitted, with the warning, and only --strict fails it
    expect(only(plain.results)).toMatchObject({ ok: true, warnings: [INSECURE] });
    expect(plain.status).toBe(0);
    expect(strict.status).toBe(1);
  });

  test('a hardened container draws no warning and passes --strict', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest('hardened.yaml', service({}, HARDENED));
    // WHEN
    const r = validateRun([file], { strict: true });
    // THEN
    expect(only(r.results).warnings).toBeUndefined();
    expect(r.status).toBe(0);
  });

  test('an explicit relaxation draws no warning: Knative warns only on unset fields', () => {
    if (skipWithoutGo()) return;
    // GIVEN runAsNonRoot and allowPrivilegeEscalation relaxed by name, an empty drop list, Unconfined seccomp
    const relaxed = `
          securityContext:
            runAsNonRoot: false
            allowPrivilegeEscalation: true
            capabilities: { drop: [] }
            seccompProfile: { type: Unconfined }`;
    const file = manifest('relaxed.yaml', service({}, relaxed));
    // WHEN
    const r = validateRun([file], { strict: true });
    // THEN
    expect(only(r.results)).toMatchObject({ ok: true, errors: [] });
    expect(r.results[0].warnings).toBeUndefined();
    expect(r.status).toBe(0);
  });

  test('secure-pod-defaults Enabled silences the warning (Knative defaults the fields itself)', () => {
    if (skipWithoutGo()) return;
    // GIVEN the insecure Service next to a config-features that enables secure-pod-defaults
    const file = manifest(
      'secure-defaults.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata: { name: config-features, namespace: knative-serving }
data: { secure-pod-defaults: Enabled }
---${service({})}`,
    );
    // WHEN
    const r = validateRun([file], { strict: true });
    // THEN
    const svc = r.results.find((x) => x.kind === 'Service');
    expect(svc).toMatchObject({ ok: true, errors: [] });
    expect(svc?.warnings).toBeUndefined();
    expect(r.status).toBe(0);
  });
});

describe('kconform validate', () => {
  test('accepts a well-formed Service', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest(
      'good.yaml',
      service({
        'autoscaling.knative.dev/window': '60s',
        'autoscaling.knative.dev/min-scale': '0',
      }),
    );
    // WHEN
    const result = only(validateManifests([file]));
    // THEN
    expect(result).toMatchObject({
      kind: 'Service',
      apiVersion: 'serving.knative.dev/v1',
      namespace: 'models',
      name: 'credit-score',
      ok: true,
      errors: [],
      checks: 'knative-webhook',
    });
  });

  test('fails a window below 6s with Knative error text', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest('window.yaml', service({ 'autoscaling.knative.dev/window': '1s' }));
    // WHEN
    const result = only(validateManifests([file]));
    // THEN
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      'expected 6s <= 1s <= 1h0m0s: spec.template.metadata.annotations.autoscaling.knative.dev/window',
    ]);
  });

  test('fails a Route whose traffic sums to 99', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest(
      'route.yaml',
      `apiVersion: serving.knative.dev/v1
kind: Route
metadata: { name: credit-score, namespace: models }
spec:
  traffic:
    - { configurationName: credit-score-v1, percent: 90, tag: v1 }
    - { configurationName: credit-score-v2, percent: 9, tag: v2 }
`,
    );
    // WHEN
    const result = only(validateManifests([file]));
    // THEN
    expect(result.errors).toEqual(['Traffic targets sum to 99, want 100: spec.traffic']);
  });

  test('fails a Trigger whose attribute filter key is not a CloudEvents name', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest(
      'trigger.yaml',
      `apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: { name: score-uploads, namespace: models }
spec:
  broker: scoring-events
  filter: { attributes: { Bad-Name: x } }
  subscriber: { ref: { apiVersion: serving.knative.dev/v1, kind: Service, name: credit-score } }
`,
    );
    // WHEN
    const result = only(validateManifests([file]));
    // THEN
    expect(result.errors).toEqual([
      'invalid key name "Bad-Name": spec.filter.attributes[Bad-Name]\nAttribute name must start with a letter and can only contain lowercase alphanumeric',
    ]);
  });

  test('fails an unknown field: decoding is strict', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest('unknown.yaml', service({}, '\n          bogus: 1'));
    // WHEN
    const result = only(validateManifests([file]));
    // THEN
    expect(result.errors).toEqual([
      'strict decoding error: unknown field "spec.template.spec.containers[0].bogus"',
    ]);
  });

  test('upstream rejects the ACK class; --distribution ack rewrites it and still checks the rest', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest(
      'mpa.yaml',
      service({
        'autoscaling.knative.dev/class': 'mpa.autoscaling.knative.dev',
        'autoscaling.knative.dev/max-scale': '20',
        'autoscaling.knative.dev/min-scale': '30',
      }),
    );
    // WHEN
    const upstream = only(validateManifests([file]));
    const ack = only(validateManifests([file], { distribution: 'ack' }));
    // THEN
    expect(upstream.errors).toEqual([
      'invalid value: mpa.autoscaling.knative.dev: spec.template.metadata.annotations.autoscaling.knative.dev/class',
      'max-scale=20 is less than min-scale=30: spec.template.metadata.annotations.autoscaling.knative.dev/max-scale, spec.template.metadata.annotations.autoscaling.knative.dev/min-scale',
    ]);
    expect(ack.errors).toEqual([
      'max-scale=20 is less than min-scale=30: spec.template.metadata.annotations.autoscaling.knative.dev/max-scale, spec.template.metadata.annotations.autoscaling.knative.dev/min-scale',
    ]);
    expect(ack.note).toBe(
      'distribution ack: autoscaling.knative.dev/class "mpa.autoscaling.knative.dev" is an ACK extension class that upstream Knative rejects; validated as "ack-extension.autoscaling.kconform"',
    );
  });

  test('applies config-autoscaler from the same input, and judges the ConfigMap itself', () => {
    if (skipWithoutGo()) return;
    // GIVEN max-scale-limit 10 without max-scale: Knative rejects the ConfigMap (max-scale 0 is unlimited)
    const file = manifest(
      'limits.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata: { name: config-autoscaler, namespace: knative-serving }
data: { max-scale-limit: "10", max-scale: "10", allow-zero-initial-scale: "true" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: config-autoscaler, namespace: knative-serving }
data: { max-scale-limit: "10" }
---
${service({ 'autoscaling.knative.dev/max-scale': '11', 'autoscaling.knative.dev/initial-scale': '0' })}`,
    );
    // WHEN
    const [good, bad, svc] = validateManifests([file]);
    // THEN
    expect(good).toMatchObject({ ok: true, checks: 'knative-configmap' });
    expect(bad.errors).toEqual(['max-scale = 0, must be in [1, max-scale-limit(10)] range']);
    expect(svc.errors).toEqual([
      'expected 1 <= 11 <= 10: spec.template.metadata.annotations.autoscaling.knative.dev/max-scale',
    ]);
  });

  test('reports unknown kinds and non-objects as skipped, never as validated', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const file = manifest(
      'other.yaml',
      `apiVersion: scheduling.alibabacloud.com/v1alpha1
kind: ResourcePolicy
metadata: { name: credit-score, namespace: models }
spec: { selector: { app: x } }
---
resources: [credit-score.yaml]
---
apiVersion: v1
kind: Namespace
metadata: { name: models }
`,
    );
    // WHEN
    const [policy, kustomization, ns] = validateManifests([file]);
    // THEN
    expect(policy).toMatchObject({ ok: true, skipped: 'unknown kind' });
    expect(policy.checks).toBeUndefined();
    expect(kustomization).toMatchObject({
      ok: true,
      skipped: 'not a Kubernetes object (no apiVersion/kind)',
    });
    expect(ns).toMatchObject({ ok: true, checks: 'decode' });
  });
  test('fails loudly on unreadable input instead of reporting nothing', () => {
    if (skipWithoutGo()) return;
    // GIVEN a missing file and a file that is not YAML
    const broken = manifest('broken.yaml', 'kind: [unclosed\n');
    // WHEN / THEN
    expect(() => validateManifests([path.join(dir, 'missing.yaml')])).toThrow(/exited 2/);
    expect(() => validateManifests([broken])).toThrow(/exited 2/);
  });
});

describe('kconform diff', () => {
  test('answers each case with Knative verdict and message', () => {
    if (skipWithoutGo()) return;
    // GIVEN
    const svc = (window: string) => ({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'a', namespace: 'models' },
      spec: {
        template: {
          metadata: { annotations: { 'autoscaling.knative.dev/window': window } },
          spec: { containers: [{ image: 'registry.example.com/risk/credit-score:1.0.0' }] },
        },
      },
    });
    // WHEN
    const answers = diffCases([
      { id: 'ok', object: svc('6s') },
      { id: 'bad', object: svc('6500ms') },
      {
        id: 'cm',
        object: svc('6s'),
        configMaps: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
            data: { 'stable-window': '5s' },
          },
        ],
      },
    ]);
    // THEN
    expect(answers.map((a) => [a.id, a.ok])).toEqual([
      ['ok', true],
      ['bad', false],
      ['cm', false],
    ]);
    expect(answers[1].errors).toEqual([
      'must be specified with at most second precision: spec.template.metadata.annotations.autoscaling.knative.dev/window',
    ]);
    expect(answers[2].errors).toEqual([
      'configmap knative-serving/config-autoscaler: stable-window = 5s, must be in [6s; 1h0m0s] range',
    ]);
  });
});

import { App, Chart, Testing } from 'cdk8s';
import { KnativeService } from '../../lib/knative/knative-service';
import { ServingSettings } from '../../lib/knative/serving-settings';
import { ModelService } from '../../lib/models/model-service';
import { ValidationError } from '../../lib/validation';
import { errorsOf, fleet, image } from './fleet-helpers';

const v1 = { name: 'v1', image: image('1.0.0'), traffic: 100 };

/** A one-model catalog; `model` is spread over the model, `extra` over the catalog. */
const catalog = (model: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  namespace: 'models',
  ...extra,
  models: [{ name: 'credit-score', team: 'risk', ...model, versions: [v1] }],
});

const objectsOf = (f: ReturnType<typeof fleet>) =>
  [f.platform, ...f.modelCharts].flatMap((c) => c.toJson() as any[]);
const podOf = (f: ReturnType<typeof fleet>, name = 'credit-score-v1') =>
  objectsOf(f).find((o) => o.kind === 'Configuration' && o.metadata.name === name).spec.template
    .spec;
const featuresOf = (f: ReturnType<typeof fleet>) =>
  objectsOf(f).find((o) => o.metadata.name === 'config-features')?.data ?? {};

/** The `<path>: <message>` lines `build` throws, or none. */
function thrown(build: () => unknown): string[] {
  try {
    build();
  } catch (e) {
    if (e instanceof ValidationError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('identity', () => {
  test('GIVEN identity per-model with OSS access THEN a ServiceAccount names the RRSA role and the pods run as it', () => {
    const f = fleet(
      catalog({
        identity: {
          oss: [{ bucket: 'credit-risk-models', prefix: 'credit-score/', access: 'read' }],
        },
      }),
    );
    const sa = objectsOf(f).find((o) => o.kind === 'ServiceAccount');
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'credit-score',
        namespace: 'models',
        labels: { 'ack-serving.io/model': 'credit-score', 'ack-serving.io/team': 'risk' },
        annotations: {
          'pod-identity.alibabacloud.com/role-name': 'ack-serving.models.credit-score',
          'ack-serving.io/oss-access':
            '[{"bucket":"credit-risk-models","prefix":"credit-score/","access":"read"}]',
        },
      },
      automountServiceAccountToken: false,
    });
    expect(podOf(f).serviceAccountName).toBe('credit-score');
    // the namespace is labelled for ACK's pod identity webhook
    expect(objectsOf(f).find((o) => o.kind === 'Namespace').metadata.labels).toEqual({
      'pod-identity.alibabacloud.com/injection': 'on',
    });
  });

  test('GIVEN no identity THEN no ServiceAccount, no serviceAccountName and no namespace label', () => {
    const f = fleet(catalog());
    expect(objectsOf(f).filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(podOf(f).serviceAccountName).toBeUndefined();
    expect(objectsOf(f).find((o) => o.kind === 'Namespace').metadata.labels).toBeUndefined();
  });

  test('GIVEN two models of a team with per-team identity THEN one shared ServiceAccount holds the union of their access', () => {
    const f = fleet({
      namespace: 'models',
      defaults: { identity: { serviceAccount: 'per-team' } },
      models: [
        {
          name: 'credit-score',
          team: 'risk',
          identity: { oss: [{ bucket: 'risk-models', prefix: 'credit-score/', access: 'read' }] },
          versions: [v1],
        },
        {
          name: 'income-estimator',
          team: 'risk',
          identity: { oss: [{ bucket: 'risk-models', prefix: 'income/', access: 'write' }] },
          versions: [v1],
        },
      ],
    });
    const accounts = objectsOf(f).filter((o) => o.kind === 'ServiceAccount');
    expect(accounts.map((o) => o.metadata.name)).toEqual(['team-risk']);
    expect(JSON.parse(accounts[0].metadata.annotations['ack-serving.io/oss-access'])).toEqual([
      { bucket: 'risk-models', prefix: 'credit-score/', access: 'read' },
      { bucket: 'risk-models', prefix: 'income/', access: 'write' },
    ]);
    expect(podOf(f).serviceAccountName).toBe('team-risk');
    expect(podOf(f, 'income-estimator-v1').serviceAccountName).toBe('team-risk');
  });

  test('fails when a grant names every bucket, writes a whole bucket, or names an invalid bucket', () => {
    expect(
      errorsOf(
        catalog({
          identity: {
            oss: [
              { bucket: '*', access: 'read' },
              { bucket: 'risk-models', prefix: '*', access: 'write' },
              { bucket: 'Risk_Models', prefix: 'x/', access: 'read' },
              { bucket: 'risk-models', access: 'write' },
            ],
          },
        }),
      ),
    ).toEqual([
      "models[0].identity.oss[0].bucket: bucket '*' is a pattern, which is too wide: the role could reach every matching bucket in the account; name one bucket, such as 'credit-risk-models'",
      "models[0].identity.oss[1].prefix: write access to the whole bucket 'risk-models' (prefix '*') is too wide; give the prefix the model writes under, such as 'credit-score/', or use access: read",
      "models[0].identity.oss[2].bucket: bucket 'Risk_Models' is not a valid OSS bucket name: use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions)",
      "models[0].identity.oss[3].prefix: write access to the whole bucket 'risk-models' (prefix '') is too wide; give the prefix the model writes under, such as 'credit-score/', or use access: read",
      // '' and '*' both mean the whole bucket
      'models[0].identity.oss[3]: this grant repeats oss[1]; remove one of them',
    ]);
  });

  test('fails when per-team has no team, or the service account is the default one', () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          { name: 'a', identity: { serviceAccount: 'per-team' }, versions: [v1] },
          { name: 'b', identity: { serviceAccount: 'default' }, versions: [v1] },
        ],
      }),
    ).toEqual([
      "models[0].identity.serviceAccount: serviceAccount 'per-team' needs the model's team; set team, or use 'per-model'",
      "models[1].identity.serviceAccount: serviceAccount 'default' is the namespace's own, shared by every pod in it; use 'per-model', 'per-team' or a name of your own",
    ]);
  });

  test('model.grantRead and grantWrite add to the role; a too wide grant throws with the construct path', () => {
    // GIVEN
    const chart = Testing.chart();
    const model = new ModelService(chart, 'CreditScore', {
      name: 'credit-score',
      identity: { serviceAccount: 'per-model' },
      versions: [v1],
    });
    // WHEN
    model.grantRead('credit-risk-models', 'credit-score/');
    model.grantWrite('credit-risk-scratch', 'credit-score/');
    // THEN
    const sa = Testing.synth(chart).find((o) => o.kind === 'ServiceAccount');
    expect(JSON.parse(sa.metadata.annotations['ack-serving.io/oss-access'])).toEqual([
      { bucket: 'credit-risk-models', prefix: 'credit-score/', access: 'read' },
      { bucket: 'credit-risk-scratch', prefix: 'credit-score/', access: 'write' },
    ]);
    expect(model.ossGrants).toEqual([
      { bucket: 'credit-risk-models', prefix: 'credit-score/', access: 'read' },
      { bucket: 'credit-risk-scratch', prefix: 'credit-score/', access: 'write' },
    ]);
    expect(thrown(() => model.grantWrite('credit-risk-models', ''))).toEqual([
      "test/CreditScore.grantWrite.prefix: write access to the whole bucket 'credit-risk-models' (prefix '') is too wide; give the prefix the model writes under, such as 'credit-score/', or use access: read",
    ]);
  });

  test('throws when a model without identity grants access', () => {
    const chart = Testing.chart();
    const model = new ModelService(chart, 'CreditScore', { name: 'credit-score', versions: [v1] });
    expect(thrown(() => model.grantRead('credit-risk-models'))).toEqual([
      "test/CreditScore.identity: the model has no identity to grant OSS access to; set identity: { serviceAccount: 'per-model' }",
    ]);
  });
});

describe('secrets and private images', () => {
  test('GIVEN env from a Secret and a ConfigMap, envFrom and imagePullSecrets THEN they render by reference', () => {
    const f = fleet(
      catalog({
        env: {
          DB_HOST: 'db.internal',
          DB_PASSWORD: { secretKeyRef: { name: 'credit-db', key: 'password' } },
          THRESHOLD: { configMapKeyRef: { name: 'scoring', key: 'threshold' } },
        },
        envFrom: [{ secretRef: { name: 'feature-store' }, prefix: 'FS_' }],
        imagePullSecrets: ['acr-pull'],
      }),
    );
    const pod = podOf(f);
    expect(pod.containers[0].env).toEqual([
      { name: 'DB_HOST', value: 'db.internal' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'credit-db' } } },
      { name: 'THRESHOLD', valueFrom: { configMapKeyRef: { key: 'threshold', name: 'scoring' } } },
    ]);
    expect(pod.containers[0].envFrom).toEqual([
      { prefix: 'FS_', secretRef: { name: 'feature-store' } },
    ]);
    expect(pod.imagePullSecrets).toEqual([{ name: 'acr-pull' }]);
  });

  test('fails when an env value that looks like a secret is written inline, without repeating the value', () => {
    const errors = errorsOf(
      catalog(
        { env: { OSS_ACCESS_KEY_ID: 'LTAI5tExample', TOKEN_FILE: '/var/run/token' } },
        { defaults: { env: { DB_PASSWORD: 'hunter2' } } },
      ),
    );
    expect(errors).toEqual([
      "defaults.env.DB_PASSWORD: env 'DB_PASSWORD' looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead",
      "models[0].env.OSS_ACCESS_KEY_ID: env 'OSS_ACCESS_KEY_ID' looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead",
    ]);
    expect(errors.join('\n')).not.toMatch(/hunter2|LTAI5tExample/);
  });

  test('fails when a secretKeyRef has no key, at the catalog path', () => {
    expect(errorsOf(catalog({ env: { DB_PASSWORD: { secretKeyRef: { name: 'db' } } } }))).toEqual([
      "models[0].env.DB_PASSWORD.secretKeyRef.key: 'key' is required",
    ]);
  });
});

describe('volumes', () => {
  const weights = {
    name: 'weights',
    persistentVolumeClaim: { claimName: 'oss-weights', readOnly: true },
  };

  test('GIVEN a read-only claim and an emptyDir THEN they render and turn on exactly their flags', () => {
    const f = fleet(
      catalog({
        volumes: [weights, { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
        volumeMounts: [
          { name: 'weights', mountPath: '/models', readOnly: true },
          { name: 'scratch', mountPath: '/scratch' },
        ],
      }),
    );
    expect(podOf(f).volumes).toEqual([
      { name: 'weights', persistentVolumeClaim: { claimName: 'oss-weights', readOnly: true } },
      { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(featuresOf(f)).toEqual({
      'kubernetes.podspec-persistent-volume-claim': 'enabled',
      'kubernetes.podspec-volumes-emptydir': 'enabled',
    });
  });

  test('GIVEN a writable claim THEN persistent-volume-write is turned on too', () => {
    const f = fleet(
      catalog({
        volumes: [{ name: 'out', persistentVolumeClaim: { claimName: 'nas-out' } }],
        volumeMounts: [{ name: 'out', mountPath: '/out' }],
      }),
    );
    expect(featuresOf(f)).toEqual({
      'kubernetes.podspec-persistent-volume-claim': 'enabled',
      'kubernetes.podspec-persistent-volume-write': 'enabled',
    });
  });

  test('fails on a mount of an unknown volume, a duplicate volume name and a relative mount path', () => {
    expect(
      errorsOf(
        catalog({
          volumes: [weights, { ...weights }],
          volumeMounts: [
            { name: 'weights', mountPath: '/models', readOnly: true },
            { name: 'weigths', mountPath: 'data' },
          ],
        }),
      ),
    ).toEqual([
      "models[0].volumes[1].name: volume name 'weights' is already used by volumes[0]; volume names must be unique",
      "models[0].volumeMounts[1].name: volumeMount name 'weigths' matches no volume; add a volume with this name or fix the name",
      "models[0].volumeMounts[1].mountPath: mountPath 'data' is not absolute; start it with '/'",
    ]);
  });

  test('fails when a volume is mounted writable though its claim is read-only', () => {
    expect(
      errorsOf(
        catalog({ volumes: [weights], volumeMounts: [{ name: 'weights', mountPath: '/models' }] }),
      ),
    ).toEqual([
      "models[0].volumeMounts[0].readOnly: volume 'weights' is a read-only persistentVolumeClaim; set readOnly: true on this mount",
    ]);
  });
});

describe('escape hatches keep the checks', () => {
  test('a nodeSelector added through overrides turns on kubernetes.podspec-nodeselector exactly as the typed prop does', () => {
    // GIVEN the same node selector, once through the catalog's escape hatch, once typed
    const viaOverride = fleet(catalog({ overrides: { pod: { nodeSelector: { disk: 'ssd' } } } }));
    const app = new App();
    const chart = new Chart(app, 'typed');
    const settings = new ServingSettings(chart, 'settings', { enableFeaturesInUse: true });
    new KnativeService(chart, 'typed', {
      name: 'credit-score',
      template: { containers: [{ image: image('1.0.0') }], nodeSelector: { disk: 'ssd' } },
    });
    // THEN
    const typed = (chart.toJson() as any[]).find((o) => o.metadata.name === 'config-features');
    expect(settings.enableFeaturesInUse).toBe(true);
    expect(featuresOf(viaOverride)).toEqual({ 'kubernetes.podspec-nodeselector': 'enabled' });
    expect(featuresOf(viaOverride)).toEqual(typed.data);
    expect(podOf(viaOverride).nodeSelector).toEqual({ disk: 'ssd' });
  });

  test('container overrides and JSON patches render, and their problems are reported where they were written', () => {
    const f = fleet(
      catalog({
        overrides: {
          container: { workingDir: '/app' },
          jsonPatch: [
            { op: 'add', path: '/tolerations', value: [{ key: 'gpu', operator: 'Exists' }] },
          ],
        },
      }),
    );
    expect(podOf(f).containers[0].workingDir).toBe('/app');
    expect(podOf(f).tolerations).toEqual([{ key: 'gpu', operator: 'Exists' }]);
    expect(featuresOf(f)).toEqual({ 'kubernetes.podspec-tolerations': 'enabled' });
    expect(
      errorsOf(
        catalog({
          overrides: {
            pod: { restartPolicy: 'Never' },
            container: { lifecycle: {} },
            jsonPatch: [{ op: 'replace', path: '/nodeSelector/disk', value: 'ssd' }],
          },
        }),
      ),
    ).toEqual([
      "models[0].overrides.pod.restartPolicy: 'restartPolicy' is not a field Knative allows in a pod spec; remove it",
      "models[0].overrides.container.lifecycle: 'lifecycle' is not a field Knative allows in a container; remove it",
      "models[0].overrides.jsonPatch[0]: 'replace' at '/nodeSelector/disk' does not apply to the revision template (Cannot read properties of undefined (reading 'disk')); fix the path, such as '/nodeSelector'",
    ]);
  });

  test('a credential written through an escape hatch is caught where it was written', () => {
    expect(
      errorsOf(
        catalog({
          env: { LOG_LEVEL: 'info' },
          overrides: { container: { env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] } },
        }),
      ),
    ).toEqual([
      "models[0].overrides.container.env[0]: env 'DB_PASSWORD' looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead",
    ]);
    expect(
      errorsOf(
        catalog({
          overrides: {
            jsonPatch: [
              { op: 'add', path: '/containers/0/env', value: [{ name: 'API_KEY', value: 'k' }] },
            ],
          },
        }),
      ),
    ).toEqual([
      "models[0].overrides.jsonPatch[0]: env 'API_KEY' looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead",
    ]);
    // a Secret reference through the escape hatch is what the rule asks for
    expect(
      errorsOf(
        catalog({
          overrides: {
            container: {
              env: [
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
              ],
            },
          },
        }),
      ),
    ).toEqual([]);
  });
});

describe('snapshot', () => {
  test('a cluster-local model with identity, a Secret, a volume and OSS access', () => {
    // GIVEN a chart whose Knative settings enable the flags in use
    const chart = Testing.chart();
    new ServingSettings(chart, 'settings', { enableFeaturesInUse: true });
    // WHEN
    const model = new ModelService(chart, 'CreditScore', {
      name: 'credit-score',
      namespace: 'models',
      team: 'risk',
      visibility: 'cluster-local',
      identity: { serviceAccount: 'per-model' },
      env: { DB_PASSWORD: { secretKeyRef: { name: 'credit-db', key: 'password' } } },
      imagePullSecrets: ['acr-pull'],
      volumes: [
        { name: 'weights', persistentVolumeClaim: { claimName: 'oss-weights', readOnly: true } },
      ],
      volumeMounts: [{ name: 'weights', mountPath: '/models', readOnly: true }],
      versions: [v1],
    });
    model.grantRead('credit-risk-models', 'credit-score/');
    // THEN
    const objs = Testing.synth(chart);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/config-features',
      'ServiceAccount/credit-score',
      'Configuration/credit-score-v1',
      'ResourcePolicy/credit-score-v1',
      'Route/credit-score',
    ]);
    expect(model.host()).toBe('credit-score.models.svc.cluster.local');
    expect(objs).toMatchSnapshot();
  });
});

describe('identity rules', () => {
  test('fails on a bad role name, a derived role name over 64 characters, and a prefix starting with /', () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          {
            name: 'a',
            identity: {
              roleName: 'has space',
              oss: [{ bucket: 'risk-models', prefix: '/a/', access: 'read' }],
            },
            versions: [v1],
          },
          { name: 'b', identity: { serviceAccount: `sa-${'x'.repeat(60)}` }, versions: [v1] },
        ],
      }),
    ).toEqual([
      "models[0].identity.roleName: roleName 'has space' is not a RAM role name: use 1 to 64 letters, digits, '.' and '-'",
      "models[0].identity.oss[0].prefix: prefix '/a/' starts with '/', but OSS object keys do not; write it as 'a/'",
      `models[1].identity.serviceAccount: the derived RAM role name 'ack-serving.models.sa-${'x'.repeat(60)}' is 82 characters, over RAM's 64; set identity.roleName to a shorter name`,
    ]);
  });

  test("fails when models sharing a service account disagree on its role, or a shared name is another model's own", () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          { name: 'scoring', identity: { serviceAccount: 'per-model' }, versions: [v1] },
          { name: 'a', identity: { serviceAccount: 'scoring' }, versions: [v1] },
          { name: 'b', identity: { serviceAccount: 'shared', roleName: 'role-b' }, versions: [v1] },
          { name: 'c', identity: { serviceAccount: 'shared', roleName: 'role-c' }, versions: [v1] },
        ],
      }),
    ).toEqual([
      "models[1].identity.serviceAccount: service account 'scoring' is shared, but model 'scoring' uses the same name for its own; rename one of them",
      "models[3].identity.roleName: service account 'shared' assumes role 'role-b' for model 'b', but 'role-c' here; one service account has one role, so give both the same roleName",
    ]);
  });

  test('fails when a ModelService in code writes a secret inline, at the construct path', () => {
    const chart = Testing.chart();
    expect(
      thrown(
        () =>
          new ModelService(chart, 'CreditScore', {
            name: 'credit-score',
            env: { API_KEY: 'abc123' },
            versions: [v1],
          }),
      ),
    ).toEqual([
      "test/CreditScore.env.API_KEY: env 'API_KEY' looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead",
    ]);
  });

  test('a ModelService override in code reaches the template and its feature flags', () => {
    const chart = Testing.chart();
    new ServingSettings(chart, 'settings', { enableFeaturesInUse: true });
    new ModelService(chart, 'CreditScore', {
      name: 'credit-score',
      overrides: { pod: { nodeSelector: { disk: 'ssd' } } },
      versions: [v1],
    });
    const objs = Testing.synth(chart);
    expect(objs.find((o) => o.metadata.name === 'config-features').data).toEqual({
      'kubernetes.podspec-nodeselector': 'enabled',
    });
    expect(objs.find((o) => o.kind === 'Configuration').spec.template.spec.nodeSelector).toEqual({
      disk: 'ssd',
    });
  });
});

import { Testing } from 'cdk8s';
import { buildFleet, synthFleet } from '../../lib/cli/synth';
import { ModelFleet } from '../../lib/models/model-fleet';
import { ModelService } from '../../lib/models/model-service';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { errorsOf, fleet, image } from './fleet-helpers';

const objectsOf = (f: ModelFleet, model: string) =>
  f.modelCharts[f.models.findIndex((m) => m.name === model)].toJson() as any[];
const containerOf = (f: ModelFleet, model: string, version: string) =>
  objectsOf(f, model).find((o) => o.metadata.name === `${model}-${version}`).spec.template.spec
    .containers[0];
const routeOf = (f: ModelFleet, model: string) =>
  objectsOf(f, model).find((o) => o.kind === 'Route');

const HARDENED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

const catalog = (extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}) => ({
  namespace: 'models',
  ...extra,
  models: [
    {
      name: 'credit-score',
      ...model,
      versions: [
        { name: 'v1', image: image('1'), traffic: 100 },
        { name: 'v2', image: image('2') },
      ],
    },
  ],
});

describe('hardened pods from the catalog', () => {
  test('GIVEN no securityContext THEN every version runs hardened, without a read-only root', () => {
    const f = fleet(catalog());
    expect(containerOf(f, 'credit-score', 'v1').securityContext).toEqual(HARDENED);
    expect(containerOf(f, 'credit-score', 'v2').securityContext).toEqual(HARDENED);
    expect(f.models[0].relaxed).toEqual([]);
  });

  test('GIVEN readOnlyRootFilesystem at the defaults and runAsUser on a version THEN both render', () => {
    const f = fleet({
      ...catalog({ defaults: { securityContext: { readOnlyRootFilesystem: true } } }),
      models: [
        {
          name: 'credit-score',
          versions: [
            {
              name: 'v1',
              image: image('1'),
              traffic: 100,
              securityContext: { runAsUser: 1000 },
            },
          ],
        },
      ],
    });
    expect(containerOf(f, 'credit-score', 'v1').securityContext).toEqual({
      ...HARDENED,
      readOnlyRootFilesystem: true,
      runAsUser: 1000,
    });
  });

  test('GIVEN a profile relaxes runAsNonRoot with a reason THEN it renders false explicitly and is listed', () => {
    const f = fleet(
      catalog(
        {
          profiles: {
            vendor: {
              securityContext: { runAsNonRoot: false, reason: 'vendor image runs as root' },
            },
          },
        },
        { profile: 'vendor' },
      ),
    );
    expect(containerOf(f, 'credit-score', 'v1').securityContext).toEqual({
      ...HARDENED,
      runAsNonRoot: false,
    });
    expect(f.models[0].relaxed).toEqual([
      { version: 'v1', fields: ['runAsNonRoot'], reason: 'vendor image runs as root' },
      { version: 'v2', fields: ['runAsNonRoot'], reason: 'vendor image runs as root' },
    ]);
  });

  test('GIVEN every field relaxed with a reason THEN each renders its explicit relaxed value', () => {
    const f = fleet(
      catalog(
        {},
        {
          securityContext: {
            runAsNonRoot: false,
            allowPrivilegeEscalation: true,
            dropAllCapabilities: false,
            seccompProfile: 'Unconfined',
            reason: 'legacy profiler needs ptrace',
          },
        },
      ),
    );
    expect(containerOf(f, 'credit-score', 'v1').securityContext).toEqual({
      allowPrivilegeEscalation: true,
      capabilities: { drop: [] },
      runAsNonRoot: false,
      seccompProfile: { type: 'Unconfined' },
    });
    expect(f.models[0].relaxed[0].fields).toEqual([
      'runAsNonRoot',
      'allowPrivilegeEscalation',
      'dropAllCapabilities',
      'seccompProfile',
    ]);
  });

  test('GIVEN a relaxed field without a reason THEN the error points where it was written', () => {
    expect(
      errorsOf(
        catalog({}, { securityContext: { runAsNonRoot: false, allowPrivilegeEscalation: true } }),
      ),
    ).toEqual([
      'models[0].securityContext.runAsNonRoot: runAsNonRoot false relaxes the hardened default (true); say why in securityContext.reason, next to it (affects 2 versions of 1 model)',
      'models[0].securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation true relaxes the hardened default (false); say why in securityContext.reason, next to it (affects 2 versions of 1 model)',
    ]);
  });

  test('GIVEN a version relaxes seccomp and capabilities with no reason THEN two exact errors at the version', () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          {
            name: 'credit-score',
            versions: [
              {
                name: 'v1',
                image: image('1'),
                traffic: 100,
                securityContext: { seccompProfile: 'Unconfined', dropAllCapabilities: false },
              },
            ],
          },
        ],
      }),
    ).toEqual([
      'models[0].versions[0].securityContext.dropAllCapabilities: dropAllCapabilities false relaxes the hardened default (true); say why in securityContext.reason, next to it',
      "models[0].versions[0].securityContext.seccompProfile: seccompProfile 'Unconfined' relaxes the hardened default ('RuntimeDefault'); say why in securityContext.reason, next to it",
    ]);
  });

  test('GIVEN runAsUser 0 while runAsNonRoot stays true THEN an exact error', () => {
    expect(errorsOf(catalog({}, { securityContext: { runAsUser: 0 } }))).toEqual([
      'models[0].securityContext.runAsUser: runAsUser 0 is root, but runAsNonRoot is true, so the kubelet would refuse to start the container; use a non-zero user id, or relax runAsNonRoot: false with a reason (affects 2 versions of 1 model)',
    ]);
  });

  test('GIVEN an unknown security field or value THEN the catalog shape check names it', () => {
    expect(errorsOf(catalog({}, { securityContext: { privileged: true } }))).toEqual([
      "models[0].securityContext.privileged: unknown field 'privileged'; allowed fields here: runAsNonRoot, allowPrivilegeEscalation, dropAllCapabilities, seccompProfile, readOnlyRootFilesystem, runAsUser, reason",
    ]);
    expect(errorsOf(catalog({}, { securityContext: { seccompProfile: 'Localhost' } }))).toEqual([
      "models[0].securityContext.seccompProfile: seccompProfile 'Localhost' is not one of: RuntimeDefault, Unconfined",
    ]);
  });
});

describe('visibility from the catalog', () => {
  test('GIVEN no visibility THEN the model is cluster-local: labelled Route, svc.cluster.local host', () => {
    const f = fleet(catalog({ domain: 'models.example.com' }));
    expect(f.models[0].visibility).toBe('cluster-local');
    expect(routeOf(f, 'credit-score').metadata.labels).toEqual({
      'networking.knative.dev/visibility': 'cluster-local',
    });
    expect(f.models[0].host()).toBe('credit-score.models.svc.cluster.local');
    expect(f.models[0].host('v2')).toBe('v2-credit-score.models.svc.cluster.local');
  });

  test('GIVEN visibility external on the model THEN no label and the external domain', () => {
    const f = fleet(catalog({ domain: 'models.example.com' }, { visibility: 'external' }));
    expect(f.models[0].visibility).toBe('external');
    expect(routeOf(f, 'credit-score').metadata.labels).toBeUndefined();
    expect(f.models[0].host()).toBe('credit-score.models.models.example.com');
  });

  test('GIVEN external in the defaults and cluster-local on a model THEN the model wins', () => {
    const f = fleet({
      ...catalog({ defaults: { visibility: 'external' } }),
      models: [
        { name: 'a', versions: [{ name: 'v1', image: image('1'), traffic: 100 }] },
        {
          name: 'b',
          visibility: 'cluster-local',
          versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
        },
      ],
    });
    expect(f.models.map((m) => m.visibility)).toEqual(['external', 'cluster-local']);
  });

  test('GIVEN visibility on a version or a bad value THEN the shape check rejects it', () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          {
            name: 'a',
            versions: [{ name: 'v1', image: image('1'), traffic: 100, visibility: 'external' }],
          },
        ],
      }),
    ).toEqual([
      "models[0].versions[0].visibility: unknown field 'visibility'; allowed fields here: profile, autoscaling, resources, concurrency, timeoutSeconds, placement, reserve, env, args, port, readiness, labels, annotations, ahpa, securityContext, envFrom, imagePullSecrets, volumes, volumeMounts, overrides, name, image, traffic, warm",
    ]);
    expect(errorsOf(catalog({}, { visibility: 'public' }))).toEqual([
      "models[0].visibility: visibility 'public' is not one of: cluster-local, external",
    ]);
  });

  test('GIVEN a cluster-local model whose tag host label is too long THEN the error names the svc host', () => {
    const name = 'credit-score-' + 'a'.repeat(44); // 57 characters
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          {
            name,
            versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
          },
        ],
      }),
    ).toEqual([
      `models[0].latest: tag 'latest' gives the host 'latest-${name}.models.svc.cluster.local', whose label 'latest-${name}' is 64 characters; DNS allows 63, so shorten the tag or the route name`,
    ]);
  });
});

describe('ModelService props', () => {
  test('GIVEN visibility external and a relaxed securityContext in code THEN both render', () => {
    const chart = Testing.chart();
    const m = new ModelService(chart, 'm', {
      name: 'doc-ocr',
      namespace: 'models',
      visibility: 'external',
      securityContext: { allowPrivilegeEscalation: true, reason: 'OCR engine uses setuid helper' },
      versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
    });
    const objs = Testing.synth(chart);
    const route = objs.find((o) => o.kind === 'Route');
    expect(route.metadata.labels).toBeUndefined();
    const cfg = objs.find((o) => o.kind === 'Configuration');
    expect(cfg.spec.template.spec.containers[0].securityContext).toEqual({
      ...HARDENED,
      allowPrivilegeEscalation: true,
    });
    expect(m.relaxed).toEqual([
      {
        version: 'v1',
        fields: ['allowPrivilegeEscalation'],
        reason: 'OCR engine uses setuid helper',
      },
    ]);
  });

  test('GIVEN a ModelService with an unknown visibility THEN an exact error at the construct path', () => {
    expect(
      () =>
        new ModelService(Testing.chart(), 'm', {
          name: 'doc-ocr',
          visibility: 'public' as never,
          versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
        }),
    ).toThrow("test/m.visibility: visibility 'public' is not one of: cluster-local, external");
  });

  test('GIVEN a ModelService relaxing without a reason THEN it throws with the construct path', () => {
    expect(
      () =>
        new ModelService(Testing.chart(), 'm', {
          name: 'doc-ocr',
          securityContext: { runAsNonRoot: false },
          versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
        }),
    ).toThrow(
      'test/m.securityContext.runAsNonRoot: runAsNonRoot false relaxes the hardened default (true); say why in securityContext.reason, next to it',
    );
  });
});

describe('synth summary', () => {
  test('lists the visibility per model and each relaxed version with its reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-summary-'));
    try {
      const file = path.join(dir, 'catalog.yaml');
      fs.writeFileSync(
        file,
        YAML.stringify({
          namespace: 'models',
          models: [
            {
              name: 'credit-score',
              visibility: 'external',
              versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
            },
            {
              name: 'doc-ocr',
              securityContext: { runAsNonRoot: false, reason: 'vendor image runs as root' },
              versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
            },
          ],
        }),
      );
      const { summary } = synthFleet(buildFleet(file));
      const lines = summary.split('\n');
      expect(lines[0]).toMatch(/^model +versions +latest +objects +retired +visibility$/);
      expect(lines[2]).toMatch(/^credit-score .* external$/);
      expect(lines[3]).toMatch(/^doc-ocr .* cluster-local$/);
      expect(lines).toContain('relaxed: doc-ocr/v1: runAsNonRoot (vendor image runs as root)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

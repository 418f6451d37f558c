import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { generateCatalog } from '../../bench/generate-catalog';
import { buildFleet, synthFleet } from '../../lib/cli/synth';
import {
  BUILD_TIMEOUT_MS,
  buildHarness,
  skipWithoutGo,
  validateManifests,
  warned,
} from './harness';

/**
 * A generated 500-model fleet (the size the library is built for) must pass Knative's own webhook
 * code with no error and no warning: hardened pods, cluster-local and external routes, relaxed
 * security fields and every placement the generator mixes in.
 */

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-fleet-conformance-'));
  if (!skipWithoutGo()) buildHarness();
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test(
  "a generated 500-model fleet gives 0 errors and 0 warnings from Knative's code",
  () => {
    if (skipWithoutGo()) return;
    // GIVEN a generated catalog of 500 models, synthesized as `ack-serving synth` would
    const catalog = path.join(work, 'catalog-500.yaml');
    fs.writeFileSync(catalog, YAML.stringify(generateCatalog(500)));
    const { files, fleet } = synthFleet(buildFleet(catalog));
    const out = path.join(work, 'out');
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      fs.writeFileSync(path.join(out, rel), text);
    }
    // WHEN Knative's webhook code judges every object
    const results = validateManifests([out], { distribution: 'ack' });
    // THEN nothing fails and nothing warns, and the fleet really has both visibilities and relaxations
    expect(
      results
        .filter((r) => !r.ok)
        .map((r) => `${r.source}: ${r.kind}/${r.name}: ${r.errors.join(' | ')}`),
    ).toEqual([]);
    expect(warned(results)).toEqual([]);
    const configurations = results.filter((r) => r.kind === 'Configuration');
    expect(configurations.length).toBe(fleet.models.reduce((n, m) => n + m.versions.length, 0));
    expect(configurations.every((r) => r.checks === 'knative-webhook')).toBe(true);
    expect(fleet.models.filter((m) => m.visibility === 'external').length).toBe(100);
    expect(fleet.models.filter((m) => m.relaxed.length > 0).length).toBe(39);
  },
  BUILD_TIMEOUT_MS,
);

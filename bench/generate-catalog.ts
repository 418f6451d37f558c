import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as YAML from 'yaml';
import { CatalogSpec, ModelSpec } from '../lib/models/catalog';

/**
 * A generated catalog of `count` models (not committed as data): teams, two or three live versions
 * each, a mix of placements and profiles, a warm standby every tenth model, every fifth model
 * external (the rest cluster-local), a relaxed security field every thirteenth.
 */
export function generateCatalog(count: number): CatalogSpec {
  const teams = ['risk', 'fraud', 'credit-policy', 'collections', 'marketing'];
  const digest = (s: string) => createHash('sha256').update(s).digest('hex');
  const models: ModelSpec[] = [];
  for (let i = 0; i < count; i++) {
    const name = `model-${String(i).padStart(4, '0')}`;
    const versions = i % 3 === 0 ? 3 : 2;
    const split = versions === 3 ? [80, 20, 0] : [90, 10];
    models.push({
      name,
      team: teams[i % teams.length],
      latest: 'v2',
      ...(i % 7 === 0 ? { placement: 'eci' as const } : {}),
      ...(i % 11 === 0 ? { autoscaling: { metric: 'rps', target: 50 } } : {}),
      ...(i % 5 === 0 ? { visibility: 'external' as const } : {}),
      ...(i % 13 === 0
        ? { securityContext: { runAsNonRoot: false, reason: 'vendor image runs as root' } }
        : i % 17 === 0
          ? { securityContext: { readOnlyRootFilesystem: true } }
          : {}),
      versions: split.map((traffic, j) => ({
        name: `v${j + 1}`,
        image: `registry.example.com/${teams[i % teams.length]}/${name}@sha256:${digest(`${name}:${j}`)}`,
        traffic,
        ...(j === 2 && i % 10 === 0 ? { warm: true, autoscaling: { minScale: 1 } } : {}),
      })),
    });
  }
  return {
    namespace: 'models',
    domain: 'models.example.com',
    distribution: 'ack',
    defaults: { profile: 'cpu-scoring', readiness: { path: '/healthz' } },
    models,
  };
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 500);
  const file = process.argv[3] ?? `catalog-${count}.yaml`;
  writeFileSync(file, YAML.stringify(generateCatalog(count)));
  console.log(`wrote ${count} models to ${file}`);
}

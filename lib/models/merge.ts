import { PlacementSpec, WorkloadSpec } from './catalog';

/** Fields whose values are maps: they merge key by key. Everything else (lists, scalars) replaces. */
const MAP_FIELDS = [
  'autoscaling',
  'resources',
  'reserve',
  'env',
  'labels',
  'annotations',
  'readiness',
  'ahpa',
] as const;

/**
 * Merges workload settings, later levels winning: maps key by key, lists and scalars replace.
 * A placement given as a mode name replaces; two placement objects merge when their mode matches.
 */
export function mergeWorkload(...levels: readonly (WorkloadSpec | undefined)[]): WorkloadSpec {
  const out: Record<string, unknown> = {};
  for (const level of levels) {
    if (!level) continue;
    for (const [key, value] of Object.entries(level)) {
      if (value === undefined) continue;
      if (
        (MAP_FIELDS as readonly string[]).includes(key) &&
        isPlainObject(value) &&
        isPlainObject(out[key])
      ) {
        out[key] = { ...(out[key] as object), ...value };
      } else if (key === 'placement') {
        out[key] = mergePlacement(out[key] as PlacementSpec | undefined, value as PlacementSpec);
      } else {
        out[key] = value;
      }
    }
  }
  return out as WorkloadSpec;
}

function mergePlacement(before: PlacementSpec | undefined, after: PlacementSpec): PlacementSpec {
  if (typeof after === 'string' || before === undefined) return after;
  const beforeObj = typeof before === 'string' ? { mode: before } : before;
  return beforeObj.mode === after.mode ? { ...beforeObj, ...after } : after;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

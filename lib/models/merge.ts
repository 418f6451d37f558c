import { Fields, Source, joinPath } from '../validation';
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
  'securityContext',
  'slo',
  'alerts',
  'overrides',
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

/** How specific a level of settings is; later levels win. */
export const LEVEL_RANK = { defaults: 0, profile: 1, model: 2, version: 3 } as const;

/** One level of a version's settings and where it was written. */
export interface SettingsLevel extends Source {
  /** The settings as written at this level (a catalog object, or props given in code). */
  readonly spec: object;
}

/**
 * Where each merged setting of one version was written: the levels it was merged from, least
 * specific first, kept as they are. The merge itself stays a plain object merge; an origin is
 * looked up only when a rule reports on a field, following the same rules as `mergeWorkload`.
 */
export class SettingsOrigins implements Fields {
  constructor(private readonly levels: readonly SettingsLevel[]) {}

  public source(field: string, key?: string | number): Source | undefined {
    const found = this.find(field, key);
    return found?.hasKey ? found.level : undefined;
  }

  public path(field: string, key?: string | number): string {
    const found = this.find(field, key);
    const base = found?.level.path ?? this.levels[this.levels.length - 1]?.path ?? '';
    if (key === undefined) return joinPath(base, field);
    // An unset key of a field someone wrote: point at that field.
    return found && !found.hasKey ? joinPath(base, field) : joinPath(joinPath(base, field), key);
  }

  /** The level whose value of `field` (or of `key` in it) is in effect. */
  private find(
    field: string,
    key: string | number | undefined,
  ): { level: SettingsLevel; hasKey: boolean } | undefined {
    let fallback: SettingsLevel | undefined;
    let mode: string | undefined;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const level = this.levels[i];
      const value = (level.spec as Record<string, unknown>)[field];
      if (value === undefined) continue;
      if (key === undefined) return { level, hasKey: true };
      if (field === 'placement') {
        // a mode name, or an object of another mode, replaces everything before it
        if (!isRecord(value)) return { level: fallback ?? level, hasKey: false };
        const m = String(value.mode);
        if (mode !== undefined && m !== mode) break;
        mode = m;
        fallback ??= level;
        if (value[key] !== undefined) return { level, hasKey: true };
        continue;
      }
      if ((MAP_FIELDS as readonly string[]).includes(field) && isRecord(value)) {
        fallback ??= level;
        if (value[key] !== undefined) return { level, hasKey: true };
        continue;
      }
      return { level, hasKey: true };
    }
    return fallback ? { level: fallback, hasKey: false } : undefined;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return isPlainObject(x) && Object.getPrototypeOf(x) === Object.prototype;
}

import { joinPath } from './issue';

/** One level of input that wrote a value: where it starts and how specific it is. */
export interface Source {
  /** The level's own path, such as `defaults`, `profiles.gpu`, `models[1]` or `models[1].versions[0]`. */
  readonly path: string;
  /** Later (more specific) levels rank higher; a level's values win over those of lower ranks. */
  readonly rank: number;
}

/**
 * Where each field of some input was written. Rules report at `path(field)`, so a value that was
 * merged from several levels is reported where the user wrote it, not where it ended up.
 */
export interface Fields {
  /**
   * The path where the value in effect of `field` (or of `key` inside it) was written; when nobody
   * wrote it, where it would be written.
   */
  path(field: string, key?: string | number): string;
  /** The level that wrote the value in effect, or `undefined` when nobody wrote it. */
  source(field: string, key?: string | number): Source | undefined;
}

/** A base path (every field lives under it), or the origin of every field. */
export type Where = string | Fields;

/** Every field under one path: `fieldsUnder('a').path('b', 'c')` is `a.b.c`. */
export function fieldsUnder(base: string): Fields {
  const source: Source = { path: base, rank: 0 };
  return {
    path: (field, key) =>
      key === undefined ? joinPath(base, field) : joinPath(joinPath(base, field), key),
    source: () => source,
  };
}

/** `where` as Fields. */
export function fieldsOf(where: Where): Fields {
  return typeof where === 'string' ? fieldsUnder(where) : where;
}

/** The fields inside one map field: `nestedFields(f, 'autoscaling').path('window')`. */
export function nestedFields(where: Where, field: string): Fields {
  const fields = fieldsOf(where);
  return {
    path: (key, sub) =>
      sub === undefined ? fields.path(field, key) : joinPath(fields.path(field, key), sub),
    source: (key) => fields.source(field, key),
  };
}

/**
 * Where to report a rule two fields break together (`wrong` is the one the message is about): at
 * `wrong`, or at `other` when that was written at a more specific level, where the conflict was
 * introduced. When the two come from different levels, `note` names the one not reported at:
 * `'; minScale is set at defaults.autoscaling.minScale'`.
 */
export function conflictAt(
  fields: Fields,
  wrong: string,
  other: string,
): { readonly path: string; readonly note: string } {
  const a = fields.source(wrong);
  const b = fields.source(other);
  if (a === undefined || b === undefined || a.path === b.path)
    return { path: fields.path(wrong), note: '' };
  return b.rank > a.rank
    ? { path: fields.path(other), note: `; ${wrong} is set at ${fields.path(wrong)}` }
    : { path: fields.path(wrong), note: `; ${other} is set at ${fields.path(other)}` };
}

/** A path split into its keys and indexes: `a.b[0]["x.io/y"]` -> `['a', 'b', 0, 'x.io/y']`. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
    } else if (c === '[') {
      if (path[i + 1] === '"') {
        // a quoted key, as joinPath writes it: JSON string up to the closing `"]`
        let j = i + 2;
        while (j < path.length && !(path[j] === '"' && path[j - 1] !== '\\' && path[j + 1] === ']'))
          j++;
        out.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const j = path.indexOf(']', i);
        out.push(Number(path.slice(i + 1, j)));
        i = j + 1;
      }
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** Joins keys and indexes onto a base path. */
export function joinSegments(base: string, segments: readonly (string | number)[]): string {
  let out = base;
  for (const s of segments) out = joinPath(out, s);
  return out;
}

/**
 * Moves issues a check reported under an empty base path to where each field of `field` was
 * written: `type` from `checkReservedInstance(r, '')` becomes `fields.path('reserve', 'type')`.
 */
export function relocate<T extends { readonly path: string }>(
  issues: readonly T[],
  where: Where,
  field: string,
): T[] {
  const fields = fieldsOf(where);
  return issues.map((i) => {
    if (i.path === '') return { ...i, path: fields.path(field) };
    const segs = pathSegments(i.path);
    return { ...i, path: joinSegments(fields.path(field, segs[0]), segs.slice(1)) };
  });
}

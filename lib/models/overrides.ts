import { JsonPatch } from 'cdk8s';
import { RevisionTemplateProps } from '../knative/revision-template';
import { Fields, joinPath, joinSegments, show } from '../validation';
import { JsonPatchSpec, OverridesSpec } from './catalog';

/**
 * The escape hatches of a version (`overrides.pod`, `.container`, `.jsonPatch`), applied to the
 * revision template as data, before anything is rendered: every check, the feature-flag scan and
 * the conformance run see the result, exactly as if the field had a typed setting.
 */
export function applyOverrides(
  template: RevisionTemplateProps,
  overrides: OverridesSpec | undefined,
  failed: { index: number; message: string }[] = [],
): RevisionTemplateProps {
  if (!overrides) return template;
  let out = template as unknown as Record<string, unknown>;
  if (isPlain(overrides.pod)) out = merge(out, overrides.pod);
  if (isPlain(overrides.container) && Array.isArray(out.containers)) {
    const [first, ...rest] = out.containers as Record<string, unknown>[];
    out = { ...out, containers: [merge(first, overrides.container), ...rest] };
  }
  if (Array.isArray(overrides.jsonPatch) && overrides.jsonPatch.length > 0) {
    out = JSON.parse(JSON.stringify(out));
    for (const [index, op] of overrides.jsonPatch.entries()) {
      try {
        out = JsonPatch.apply(out, toPatch(op));
      } catch (e) {
        // fast-json-patch names the operation and the path in its first line
        const why = String((e as Error).message ?? e).split('\n')[0];
        failed.push({
          index,
          message: `${show(op?.op)} at ${show(op?.path)} does not apply to the revision template (${why}); fix the path, such as '/nodeSelector'`,
        });
        break;
      }
    }
  }
  return out as unknown as RevisionTemplateProps;
}

function toPatch(op: JsonPatchSpec): JsonPatch {
  switch (op.op) {
    case 'add':
      return JsonPatch.add(op.path, op.value);
    case 'replace':
      return JsonPatch.replace(op.path, op.value);
    case 'remove':
      return JsonPatch.remove(op.path);
    case 'copy':
      return JsonPatch.copy(op.from ?? '', op.path);
    case 'move':
      return JsonPatch.move(op.from ?? '', op.path);
    case 'test':
      return JsonPatch.test(op.path, op.value);
  }
}

/** Objects merge key by key (recursively), everything else replaces; `null` removes the key. */
function merge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = isPlain(v) && isPlain(out[k]) ? merge(out[k], v) : v;
  }
  return out;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Where an override wrote a template field (`rel` as segments), if one did. */
export function overrideOrigin(
  segs: readonly (string | number)[],
  overrides: OverridesSpec | undefined,
  origins: Fields,
): string | undefined {
  if (!overrides) return undefined;
  const [first, second, third] = segs;
  const container = overrides.container;
  if (first === 'containers' && second === 0 && typeof third === 'string') {
    if (isPlain(container) && container[third] !== undefined)
      return joinSegments(joinPath(origins.path('overrides', 'container'), third), segs.slice(3));
  } else if (
    typeof first === 'string' &&
    isPlain(overrides.pod) &&
    overrides.pod[first] !== undefined
  ) {
    return joinSegments(joinPath(origins.path('overrides', 'pod'), first), segs.slice(1));
  }
  const patched = (overrides.jsonPatch ?? []).findIndex(
    (op) => typeof op?.path === 'string' && op.path.split('/')[1] === String(first),
  );
  return patched >= 0 ? joinPath(origins.path('overrides', 'jsonPatch'), patched) : undefined;
}

import { RevisionTemplateProps } from '../knative/revision-template';
import { Fields, Issue, show } from '../validation';
import { overrideOrigin } from './overrides';
import type { MergedVersion } from './version-template';

/** The pod's env names that look like credentials. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|ACCESS_KEY|API_KEY|PRIVATE_KEY|CREDENTIAL)/i;

/** Names of where a credential is, not of the credential: `TOKEN_FILE`, `SECRET_PATH`. */
const REFERENCE_NAME = /_(FILE|PATH|DIR|NAME|URL|ENDPOINT)$/i;

/** True when an env variable's name says it holds a credential. */
export function looksLikeSecret(name: string): boolean {
  return SECRET_NAME.test(name) && !REFERENCE_NAME.test(name);
}

/**
 * Env variables whose name looks like a credential but whose value is written inline: the value
 * would end up in the manifest, in git and in `plan` output. The message never repeats the value.
 */
export function inlineSecretMessage(name: string): string {
  return `env ${show(name)} looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead`;
}

/** Env values written inline whose names say they are credentials. */
export function checkInlineSecrets(v: MergedVersion, origins: Fields): Issue[] {
  return Object.keys(v.env ?? {})
    .filter(
      (name) => typeof v.env?.[name] === 'string' && v.env[name] !== '' && looksLikeSecret(name),
    )
    .sort()
    .map((name) => ({ path: origins.path('env', name), message: inlineSecretMessage(name) }));
}

/**
 * The same rule on the rendered template, for env that `overrides` (pod, container or JSON patch)
 * wrote: an escape hatch keeps every check. Env from the typed `env` is reported above, once.
 */
export function checkOverriddenSecrets(
  v: MergedVersion,
  template: RevisionTemplateProps,
  origins: Fields,
): Issue[] {
  if (!v.overrides) return [];
  const issues: Issue[] = [];
  (template.containers ?? []).forEach((c, ci) => {
    for (const [key, name, value] of envEntries(c.env)) {
      if (value === '' || !looksLikeSecret(name) || v.env?.[name] === value) continue;
      issues.push({
        path:
          overrideOrigin(['containers', ci, 'env', key], v.overrides, origins) ??
          origins.path('overrides'),
        message: inlineSecretMessage(name),
      });
    }
  });
  return issues;
}

/** A container's literal env values as [key in the rendered env, name, value]. */
function envEntries(env: unknown): [string | number, string, string][] {
  if (Array.isArray(env))
    return env.flatMap((e, i) =>
      typeof e?.name === 'string' && typeof e.value === 'string' ? [[i, e.name, e.value]] : [],
    ) as [number, string, string][];
  if (typeof env === 'object' && env !== null)
    return Object.entries(env).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, name, value]] : [],
    ) as [string, string, string][];
  return [];
}

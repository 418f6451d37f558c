import { Fields, Issue, show } from '../validation';
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

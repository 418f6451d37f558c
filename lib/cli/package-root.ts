import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: { root: string; version: string } | undefined;

/**
 * The directory of the installed ack-serving package (the repository when run from source), found
 * from this file: bundled files resolve from here, not from the user's current directory.
 */
export function packageRoot(): string {
  return packageInfo().root;
}

/** The version in ack-serving's own package.json. */
export function packageVersion(): string {
  return packageInfo().version;
}

function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  for (let d = __dirname; ; d = dirname(d)) {
    const file = join(d, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ack-serving')
        return (cached = { root: d, version: pkg.version ?? '0.0.0' });
    }
    if (dirname(d) === d)
      throw new Error(`ack-serving's package.json not found above ${__dirname}`);
  }
}

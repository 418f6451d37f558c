import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a whole tree of files, or nothing: into a temporary sibling directory first, then swapped
 * into place, so a failed or interrupted run never leaves a half-written output directory and an
 * existing one stays exactly as it was until the new one is complete.
 */
export function writeTreeAtomically(outDir: string, files: Readonly<Record<string, string>>): void {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    chmodSync(staging, 0o755); // mkdtemp makes it private; the result is an ordinary directory
    for (const name of Object.keys(files).sort()) {
      const file = join(staging, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, files[name]);
    }
    if (existsSync(target)) {
      const previous = `${staging}.old`;
      renameSync(target, previous);
      renameSync(staging, target);
      rmSync(previous, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

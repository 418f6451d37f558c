import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as YAML from 'yaml';

/** Kubernetes objects as multi-document YAML, in the order given, keys as rendered. */
export function toYaml(objects: readonly unknown[]): string {
  return objects.map((o) => YAML.stringify(o, { lineWidth: 0 })).join('---\n');
}

/**
 * Writes a whole tree of files, or nothing: into a temporary sibling directory first, then swapped
 * into place, so a failed or interrupted run never leaves a half-written output directory.
 */
export function writeTreeAtomically(outDir: string, files: Readonly<Record<string, string>>): void {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = `${target}.tmp-${process.pid}`;
  const previous = `${target}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = join(staging, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
}

/** A fixed-width text table. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

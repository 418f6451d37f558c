import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';

/** Set by `.ci/run`: a missing promtool fails the rule tests instead of skipping them. */
export const REQUIRE_PROMTOOL_ENV = 'ACK_SERVING_REQUIRE_PROMTOOL';
/** The one line printed when promtool is missing and the rule tests are optional. */
export const SKIP_LINE = 'skipped: promtool not found';

/** `$PROMTOOL`, else `promtool` on PATH (Debian package `prometheus`). */
export function promtoolCommand(): string | undefined {
  const candidates = [process.env.PROMTOOL, 'promtool'].filter((c): c is string => !!c);
  return candidates.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
}

/**
 * Call first in every promtool test. Returns true when the test must stop (promtool missing, the run
 * prints the skip line); throws instead when `.ci/run` made promtool mandatory.
 */
export function skipWithoutPromtool(): boolean {
  if (promtoolCommand() !== undefined) return false;
  if (process.env[REQUIRE_PROMTOOL_ENV] === '1') {
    throw new Error(
      `${REQUIRE_PROMTOOL_ENV}=1 but promtool was not found ($PROMTOOL, else 'promtool' on PATH); install the Debian package 'prometheus'`,
    );
  }
  printSkipOnce();
  return true;
}

/** Prints the skip line once per test run, even across jest workers (they share a parent). */
function printSkipOnce(): void {
  const marker = path.join(os.tmpdir(), `ack-serving-promtool-skip-${process.ppid}`);
  try {
    fs.writeFileSync(marker, SKIP_LINE, { flag: 'wx' });
  } catch {
    return; // another test of this run printed it
  }
  process.stderr.write(`${SKIP_LINE}\n`);
}

export interface PromtoolRun {
  readonly status: number | null;
  readonly output: string;
}

/** Writes the files into a fresh temporary directory and runs promtool there. */
export function runPromtool(args: readonly string[], files: Record<string, unknown>): PromtoolRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-promtool-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(
        path.join(dir, name),
        typeof content === 'string' ? content : YAML.stringify(content, { lineWidth: 0 }),
      );
    }
    const r = spawnSync(promtoolCommand() ?? 'promtool', args, { cwd: dir, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

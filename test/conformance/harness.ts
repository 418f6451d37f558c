/**
 * TypeScript side of the Knative conformance harness: finds Go, builds `kconform` once (cached in
 * `test/conformance/bin/`), and asks it what Knative's own webhook code thinks of manifests.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The Go module of the harness. */
export const CONFORMANCE_DIR = __dirname;
/** Where the built command lives (git-ignored). */
export const BIN_DIR = path.join(CONFORMANCE_DIR, 'bin');
export const KCONFORM = path.join(
  BIN_DIR,
  process.platform === 'win32' ? 'kconform.exe' : 'kconform',
);
/** The one line printed when Go is missing and conformance is optional. */
export const SKIP_LINE = 'skipped: Go not found';
/** Set by `.ci/run`: a missing Go fails the conformance tests instead of skipping them. */
export const REQUIRE_GO_ENV = 'ACK_SERVING_REQUIRE_GO';
/** Generous: the first build downloads the modules from the Go module proxy and compiles Knative. */
export const BUILD_TIMEOUT_MS = 30 * 60 * 1000;

/** Which Knative build the manifests target; `ack` accepts ACK's extension autoscaler classes. */
export type Distribution = 'upstream' | 'ack';

/** Knative's verdict on one object (one JSON line of `kconform validate`). */
export interface Result {
  readonly source?: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  readonly ok: boolean;
  readonly errors: string[];
  readonly warnings?: string[];
  /** `knative-webhook`, `knative-configmap` or `decode`: what was run. */
  readonly checks?: string;
  /** Why the object was not judged (`unknown kind`). */
  readonly skipped?: string;
  /** What the harness changed first (the ACK class rewrite). */
  readonly note?: string;
}

/** One differential question: would Knative admit `object` on a cluster with these ConfigMaps? */
export interface DiffCase {
  readonly id: string;
  readonly object: Record<string, unknown>;
  readonly configMaps?: readonly Record<string, unknown>[];
}

/** Knative's answer to a DiffCase. */
export interface Answer {
  readonly id: string;
  readonly ok: boolean;
  readonly errors: string[];
  readonly warnings?: string[];
  readonly skipped?: string;
  readonly note?: string;
}

let goPath: string | null | undefined;

/**
 * The `go` command: `$GO` when set (and then only that, so `GO=none` simulates a machine without
 * Go), else `go` on PATH, else the standard install location.
 */
export function goCommand(): string | undefined {
  if (goPath !== undefined) return goPath ?? undefined;
  const candidates = process.env.GO ? [process.env.GO] : ['go', '/usr/local/go/bin/go'];
  goPath = null;
  for (const c of candidates) {
    const r = spawnSync(c, ['version'], { encoding: 'utf8' });
    if (r.status === 0) {
      goPath = c;
      break;
    }
  }
  return goPath ?? undefined;
}

/** True when Go can build the harness. */
export function goAvailable(): boolean {
  return goCommand() !== undefined;
}

/** True when `.ci/run` made conformance mandatory. */
export function goRequired(): boolean {
  return process.env[REQUIRE_GO_ENV] === '1';
}

/**
 * Call first in every conformance test. Returns true when the test must stop here because Go is
 * missing (the run then prints `skipped: Go not found` once); throws instead when Go is required.
 */
export function skipWithoutGo(): boolean {
  if (goAvailable()) return false;
  if (goRequired()) {
    throw new Error(
      `${REQUIRE_GO_ENV}=1 but Go was not found ($GO, else 'go' on PATH, else /usr/local/go/bin/go); install Go to run the Knative conformance tests`,
    );
  }
  printSkipOnce();
  return true;
}

/** Prints the skip line once per test run, even across jest workers (they share a parent). */
function printSkipOnce(): void {
  const marker = path.join(os.tmpdir(), `ack-serving-conformance-skip-${process.ppid}`);
  try {
    fs.writeFileSync(marker, SKIP_LINE, { flag: 'wx' });
  } catch {
    return; // another test file of this run printed it
  }
  process.stderr.write(`${SKIP_LINE}\n`);
}

/** A digest of the Go sources, so a changed harness is rebuilt and an unchanged one is not. */
function sourceStamp(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'bin' && entry.name !== 'node_modules') walk(full);
      } else if (/\.go$|^go\.(mod|sum)$/.test(entry.name)) {
        hash
          .update(path.relative(CONFORMANCE_DIR, full))
          .update('\0')
          .update(fs.readFileSync(full));
      }
    }
  };
  walk(CONFORMANCE_DIR);
  hash.update(goCommand() ?? '');
  return hash.digest('hex');
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds `bin/kconform` unless an up-to-date build is there, and returns its path. Jest workers
 * that call it at once wait for one build (a lock directory), instead of building twice.
 */
export function buildHarness(): string {
  const go = goCommand();
  if (!go) throw new Error(SKIP_LINE);
  const stampFile = path.join(BIN_DIR, 'kconform.stamp');
  const stamp = sourceStamp();
  const upToDate = () =>
    fs.existsSync(KCONFORM) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp;
  if (upToDate()) return KCONFORM;
  fs.mkdirSync(BIN_DIR, { recursive: true });
  const lock = path.join(BIN_DIR, '.build-lock');
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (upToDate()) return KCONFORM;
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > BUILD_TIMEOUT_MS)
        fs.rmSync(lock, { recursive: true, force: true }); // left by a killed run
      if (Date.now() > deadline) throw new Error('timed out waiting for another kconform build');
      sleep(1000);
    }
  }
  try {
    if (upToDate()) return KCONFORM;
    const tmp = `${KCONFORM}.${process.pid}.tmp`;
    const r = spawnSync(go, ['build', '-o', tmp, './cmd/kconform'], {
      cwd: CONFORMANCE_DIR,
      encoding: 'utf8',
      timeout: BUILD_TIMEOUT_MS,
    });
    if (r.status !== 0) {
      throw new Error(
        `go build of kconform failed (exit ${r.status}):\n${r.stderr}${r.error ?? ''}`,
      );
    }
    fs.renameSync(tmp, KCONFORM);
    fs.writeFileSync(stampFile, stamp);
    return KCONFORM;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function run(args: string[], input?: string): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(buildHarness(), args, {
    input,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** Runs `kconform validate` over files and directories; one Result per object, in input order. */
export function validateManifests(
  paths: readonly string[],
  opts: { distribution?: Distribution } = {},
): Result[] {
  return validateRun(paths, opts).results;
}

/**
 * `kconform validate` with its exit status: 0 when every object passes, 1 when one fails (with
 * `strict`, also when one draws a warning).
 */
export function validateRun(
  paths: readonly string[],
  opts: { distribution?: Distribution; strict?: boolean } = {},
): { results: Result[]; status: number } {
  const r = run([
    'validate',
    '--distribution',
    opts.distribution ?? 'upstream',
    ...(opts.strict ? ['--strict'] : []),
    ...paths,
  ]);
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`kconform validate exited ${r.status}: ${r.stderr}`);
  }
  const results = r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Result);
  return { results, status: r.status };
}

/**
 * Every warning Knative's code gave, one line per object. The conformance tests require none: a
 * warning means the library wrote something Knative considers risky (an insecure default).
 */
export function warned(results: readonly Result[]): string[] {
  return results
    .filter((r) => (r.warnings ?? []).length > 0)
    .map((r) => `${r.source}: ${r.kind}/${r.name}: ${(r.warnings ?? []).join(' | ')}`);
}

/** Runs `kconform diff` on a batch of cases; one Answer per case, in order. */
export function diffCases(
  cases: readonly DiffCase[],
  opts: { distribution?: Distribution } = {},
): Answer[] {
  const r = run(['diff', '--distribution', opts.distribution ?? 'upstream'], JSON.stringify(cases));
  if (r.status !== 0) throw new Error(`kconform diff exited ${r.status}: ${r.stderr}`);
  const answers = JSON.parse(r.stdout) as Answer[];
  if (answers.length !== cases.length) {
    throw new Error(`kconform diff answered ${answers.length} of ${cases.length} cases`);
  }
  return answers;
}

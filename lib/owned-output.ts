import * as fs from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { Issue, ValidationError } from './validation';

/**
 * The ownership record: the one file that says which files of an output directory ack-serving
 * wrote. Only those are ever replaced or removed; everything else in the directory is left alone.
 */
export const OWNERSHIP_RECORD = '.ack-serving.json';
/** Prefix of the staging directory a run writes into (inside the output directory). */
export const STAGING_PREFIX = '.ack-serving-staging-';
/** A file inside each staging directory, so only our own leftovers are ever cleaned up. */
const STAGING_MARKER = '.ack-serving-staging';
const OWNER = 'ack-serving';
/** Fault injection for tests: `staged` or `moving` makes the run stop there until it is killed. */
export const PAUSE_ENV = 'ACK_SERVING_TEST_PAUSE';

export interface OwnedOutputOptions {
  /**
   * Adopt a directory that holds files ack-serving did not write (or replace a foreign file at a
   * path ack-serving writes). Only the files this run produces are written; nothing is deleted.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Files moved into place after all others, such as `kustomization.yaml`, so an index never names
   * a file that is not there yet.
   * @default - none
   */
  readonly last?: readonly string[];
}

/** What a run did to the output directory. */
export interface OwnedOutputReport {
  /** Every file this run produced, sorted. */
  readonly files: readonly string[];
  /** Files whose bytes changed or that are new. */
  readonly changed: readonly string[];
  /** Files an earlier run wrote that this run no longer produces, now removed. */
  readonly removed: readonly string[];
}

interface Target {
  /** The directory written into (a symbolic link given as `--out` is followed, never replaced). */
  readonly dir: string;
  readonly exists: boolean;
  /** Files the ownership record lists; undefined when there is no record. */
  readonly owned?: readonly string[];
}

/**
 * Checks that `outDir` is a directory ack-serving may write into, before anything is computed or
 * written. Returns every problem as an Issue whose path is `outDir` as the user wrote it.
 */
export function checkOutputDir(outDir: string, options: OwnedOutputOptions = {}): Issue[] {
  return inspect(outDir, options).issues;
}

/**
 * Writes `files` (relative path -> content) into `outDir`, owning only what it writes.
 *
 * - All files are written to a staging directory inside `outDir` first; a failure or a kill before
 *   the move leaves the previous output as it was (a killed run may leave a `.ack-serving-staging-*`
 *   directory, which the next run removes).
 * - Each file is then renamed into place: every single file is replaced atomically, the set of files
 *   is not (a reader during the move, milliseconds, may see old and new files side by side). Files
 *   named in `options.last` move last. Files with unchanged bytes are not touched.
 * - Files the previous run wrote and this one does not are removed; nothing else is ever removed.
 * - The ownership record (`.ack-serving.json`) lists the files written, for the next run.
 *
 * Throws a ValidationError (nothing written) when `outDir` is a file, the current directory, a git
 * work tree's root, the home directory or `/`, a non-empty directory without an ownership record
 * (unless `force`), or holds a foreign file where a file would be written (unless `force`).
 */
export function writeOwnedTree(
  outDir: string,
  files: Readonly<Record<string, string>>,
  options: OwnedOutputOptions = {},
): OwnedOutputReport {
  const names = Object.keys(files)
    .map(checkRelativePath)
    .sort(byLast(options.last ?? []));
  const { target, issues } = inspect(outDir, options);
  if (target) issues.push(...conflicts(outDir, target, names, options));
  if (issues.length > 0 || !target) throw new ValidationError(issues);

  if (!target.exists) fs.mkdirSync(target.dir, { recursive: true });
  removeStaleStaging(target.dir);
  const staging = fs.mkdtempSync(join(target.dir, STAGING_PREFIX));
  try {
    fs.writeFileSync(join(staging, STAGING_MARKER), '');
    for (const name of names) {
      fs.mkdirSync(dirname(join(staging, name)), { recursive: true });
      fs.writeFileSync(join(staging, name), files[name]);
    }
    pauseFor('staged');
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!target.exists) fs.rmSync(target.dir, { recursive: true, force: true });
    throw e;
  }

  const previous = target.owned ?? [];
  const produced = new Set(names);
  // Until the move is done the record claims both sets, so an interrupted move leaves no file of
  // ours that the next run would take for a foreign one.
  writeRecord(target.dir, staging, [...new Set([...previous, ...names])]);
  const changed: string[] = [];
  for (const name of names) {
    const from = join(staging, name);
    const to = join(target.dir, name);
    if (sameBytes(to, files[name])) continue;
    fs.mkdirSync(dirname(to), { recursive: true });
    fs.renameSync(from, to);
    changed.push(name);
    if (changed.length === 1) pauseFor('moving');
  }
  const removed = previous.filter((name) => !produced.has(name) && removeOwned(target.dir, name));
  writeRecord(target.dir, staging, names);
  fs.rmSync(staging, { recursive: true, force: true });
  return { files: [...names].sort(), changed, removed };
}

function inspect(
  outDir: string,
  options: OwnedOutputOptions,
): { target?: Target; issues: Issue[] } {
  const fail = (message: string) => ({ issues: [{ path: outDir, message }] });
  const given = resolve(outDir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(given); // follows a symbolic link: its target is the directory written
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (lstatOrUndefined(given)?.isSymbolicLink()) {
      return fail(
        `'--out' is a symbolic link to '${fs.readlinkSync(given)}', which does not exist; create that directory or give another --out`,
      );
    }
    return { target: { dir: given, exists: false }, issues: [] };
  }
  if (!stat.isDirectory()) {
    return fail(
      `'--out' is a file, not a directory; it was left as it is: give a directory that ack-serving may own, such as 'out'`,
    );
  }
  const dir = fs.realpathSync(given);
  const where = protectedPlace(dir);
  if (where) {
    return fail(
      `'--out' is ${where}; ack-serving writes only into a directory of its own: give a subdirectory such as 'manifests'`,
    );
  }
  const entries = fs.readdirSync(dir).filter((e) => !e.startsWith(STAGING_PREFIX));
  if (!entries.includes(OWNERSHIP_RECORD)) {
    if (entries.length > 0 && !options.force) {
      const shown = entries.sort().slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
      return fail(
        `'--out' is a directory that ack-serving did not write (it holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: ${shown}) and has no ${OWNERSHIP_RECORD}; give a new or empty directory, or pass --force to adopt it (only the files ack-serving writes are replaced, nothing is deleted)`,
      );
    }
    return { target: { dir, exists: true }, issues: [] };
  }
  const owned = readRecord(join(dir, OWNERSHIP_RECORD));
  if (owned === undefined) {
    return {
      issues: [
        {
          path: join(outDir, OWNERSHIP_RECORD),
          message: `is not an ownership record written by ack-serving; restore it from version control, or delete it and pass --force to adopt the directory`,
        },
      ],
    };
  }
  return { target: { dir, exists: true, owned }, issues: [] };
}

/** Directories that are never an output directory, whatever they hold. */
function protectedPlace(dir: string): string | undefined {
  if (dir === resolve('/')) return 'the file system root';
  if (dir === safeRealpath(homedir())) return 'the home directory';
  if (dir === safeRealpath(process.cwd())) return 'the current directory';
  if (fs.existsSync(join(dir, '.git'))) return 'the root of a git work tree';
  return undefined;
}

/** Paths this run would write over that it does not own. */
function conflicts(
  outDir: string,
  target: Target,
  names: readonly string[],
  options: OwnedOutputOptions,
): Issue[] {
  if (!target.exists) return [];
  const owned = new Set(target.owned ?? []);
  const issues: Issue[] = [];
  for (const name of names) {
    const blocked = blockingAncestor(target.dir, name);
    if (blocked) {
      issues.push({
        path: join(outDir, blocked),
        message: `is a file where ack-serving needs a directory for '${name}'; move it away`,
      });
      continue;
    }
    const stat = lstatOrUndefined(join(target.dir, name));
    const path = join(outDir, name);
    if (stat === undefined) {
      continue;
    } else if (stat.isDirectory()) {
      issues.push({
        path,
        message: `is a directory where ack-serving writes a file; move it away`,
      });
    } else if (!owned.has(name) && !options.force) {
      issues.push({
        path,
        message: `exists and was not written by ack-serving; move it away, or pass --force to replace it`,
      });
    }
  }
  return issues;
}

/** The first parent of `name` inside `dir` that exists and is not a directory. */
function blockingAncestor(dir: string, name: string): string | undefined {
  const parts = name.split('/');
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(join(dir, parent));
    } catch {
      return undefined;
    }
    if (!stat.isDirectory()) return parent;
  }
  return undefined;
}

function lstatOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(path);
  } catch {
    return undefined;
  }
}

function readRecord(file: string): string[] | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      ownedBy?: unknown;
      files?: unknown;
    };
    if (record?.ownedBy !== OWNER || !Array.isArray(record.files)) return undefined;
    const files = record.files as unknown[];
    if (!files.every((f): f is string => typeof f === 'string' && isSafeRelative(f))) {
      return undefined;
    }
    return files;
  } catch {
    return undefined;
  }
}

/** Written through the staging directory, so the record itself is replaced atomically. */
function writeRecord(dir: string, staging: string, files: readonly string[]): void {
  const record = {
    ownedBy: OWNER,
    about:
      'ack-serving replaces and removes only the files listed here; everything else in this directory is left alone',
    files: [...files].sort(),
  };
  const tmp = join(staging, OWNERSHIP_RECORD);
  fs.writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  fs.renameSync(tmp, join(dir, OWNERSHIP_RECORD));
}

/** Removes a file we wrote earlier (never a directory), then the directories it leaves empty. */
function removeOwned(dir: string, name: string): boolean {
  const file = join(dir, name);
  const stat = lstatOrUndefined(file);
  if (!stat || stat.isDirectory()) return false;
  fs.unlinkSync(file);
  for (let d = dirname(file); d !== dir && d.startsWith(dir + sep); d = dirname(d)) {
    try {
      fs.rmdirSync(d); // fails, as it should, while anything else is inside
    } catch {
      break;
    }
  }
  return true;
}

function removeStaleStaging(dir: string): void {
  for (const entry of fs.readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry.startsWith(STAGING_PREFIX) && fs.existsSync(join(path, STAGING_MARKER))) {
      fs.rmSync(path, { recursive: true, force: true });
    }
  }
}

function sameBytes(file: string, content: string): boolean {
  return (
    lstatOrUndefined(file)?.isFile() === true && fs.readFileSync(file).equals(Buffer.from(content))
  );
}

function checkRelativePath(name: string): string {
  if (!isSafeRelative(name) || name === OWNERSHIP_RECORD || name.startsWith(STAGING_PREFIX)) {
    throw new Error(`writeOwnedTree: '${name}' is not a file name inside the output directory`);
  }
  return name;
}

/** `a/b.yaml`: relative, no `.`/`..`/empty segments, no backslashes. */
function isSafeRelative(name: string): boolean {
  return (
    name.length > 0 &&
    !isAbsolute(name) &&
    !name.includes('\\') &&
    name.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

function byLast(last: readonly string[]): (a: string, b: string) => number {
  const rank = (n: string) => (last.includes(n) ? 1 : 0);
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function safeRealpath(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Blocks this process at a named point until it is killed, when the test hook asks for it. */
function pauseFor(point: string): void {
  if (process.env[PAUSE_ENV] !== point) return;
  fs.writeSync(2, `paused: ${point}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 60_000);
}

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OWNERSHIP_RECORD, checkOutputDir, writeOwnedTree } from '../lib/owned-output';
import { issueLines } from './issue-lines';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-owned-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every entry under `root` (files with content, directories with a trailing slash). */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(root, p);
      if (fs.lstatSync(p).isDirectory()) {
        out[`${rel}/`] = '';
        walk(p);
      } else out[rel] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

const record = (files: string[]) =>
  JSON.stringify(
    {
      ownedBy: 'ack-serving',
      about:
        'ack-serving replaces and removes only the files listed here; everything else in this directory is left alone',
      files,
    },
    null,
    2,
  ) + '\n';

describe('writeOwnedTree', () => {
  test('creates the directory, writes every file and records what it owns', () => {
    // GIVEN
    const out = path.join(dir, 'a', 'out');
    // WHEN
    const report = writeOwnedTree(out, { 'models/m.yaml': 'm\n', 'kustomization.yaml': 'k\n' });
    // THEN
    expect(tree(out)).toEqual({
      [OWNERSHIP_RECORD]: record(['kustomization.yaml', 'models/m.yaml']),
      'kustomization.yaml': 'k\n',
      'models/': '',
      'models/m.yaml': 'm\n',
    });
    expect(report).toEqual({
      files: ['kustomization.yaml', 'models/m.yaml'],
      changed: ['kustomization.yaml', 'models/m.yaml'],
      removed: [],
    });
  });

  test('replaces its own files, removes the ones no longer produced and never touches anything else', () => {
    // GIVEN an earlier run and files of the user's beside and among ours
    const out = path.join(dir, 'out');
    writeOwnedTree(out, { 'models/a.yaml': 'a1', 'models/b.yaml': 'b1', 'old/x.yaml': 'x' });
    fs.writeFileSync(path.join(out, 'README.md'), 'mine');
    fs.writeFileSync(path.join(out, 'models', 'notes.txt'), 'mine too');
    fs.mkdirSync(path.join(out, 'src'));
    fs.writeFileSync(path.join(out, 'src', 'main.ts'), 'mine');
    // WHEN
    const report = writeOwnedTree(out, { 'models/a.yaml': 'a2' });
    // THEN
    expect(report).toEqual({
      files: ['models/a.yaml'],
      changed: ['models/a.yaml'],
      removed: ['models/b.yaml', 'old/x.yaml'],
    });
    expect(tree(out)).toEqual({
      [OWNERSHIP_RECORD]: record(['models/a.yaml']),
      'README.md': 'mine',
      'models/': '',
      'models/a.yaml': 'a2',
      'models/notes.txt': 'mine too',
      'src/': '',
      'src/main.ts': 'mine',
    });
  });

  test('leaves files whose bytes did not change untouched', () => {
    const out = path.join(dir, 'out');
    writeOwnedTree(out, { 'same.yaml': 's', 'new.yaml': '1' });
    const before = fs.statSync(path.join(out, 'same.yaml'));
    const report = writeOwnedTree(out, { 'same.yaml': 's', 'new.yaml': '2' });
    expect(report.changed).toEqual(['new.yaml']);
    expect(fs.statSync(path.join(out, 'same.yaml')).ino).toBe(before.ino);
  });

  test('moves the files named last after all the others', () => {
    const out = path.join(dir, 'out');
    const report = writeOwnedTree(
      out,
      { 'kustomization.yaml': 'k', 'a.yaml': 'a', 'z/z.yaml': 'z' },
      { last: ['kustomization.yaml'] },
    );
    expect(report.changed).toEqual(['a.yaml', 'z/z.yaml', 'kustomization.yaml']);
  });

  test('refuses a file, and leaves it as it is', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'keep');
    expect(issueLines(() => writeOwnedTree(file, { 'a.yaml': 'a' }))).toEqual([
      `${file}: '--out' is a file, not a directory; it was left as it is: give a directory that ack-serving may own, such as 'out'`,
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
  });

  test('refuses the current directory, a git work tree root and /, even when forced', () => {
    // (the home directory is refused too: tested as a child process, which can set HOME)
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    const fix =
      "ack-serving writes only into a directory of its own: give a subdirectory such as 'manifests'";
    expect(checkOutputDir('.')).toEqual([
      { path: '.', message: `'--out' is the current directory; ${fix}` },
    ]);
    expect(checkOutputDir(repo, { force: true })).toEqual([
      { path: repo, message: `'--out' is the root of a git work tree; ${fix}` },
    ]);
    expect(checkOutputDir('/', { force: true })).toEqual([
      { path: '/', message: `'--out' is the file system root; ${fix}` },
    ]);
    expect(fs.readdirSync(repo)).toEqual(['.git']);
  });

  test('refuses a non-empty directory it did not write; --force adopts it and deletes nothing', () => {
    // GIVEN
    const out = path.join(dir, 'project');
    fs.mkdirSync(path.join(out, 'src'), { recursive: true });
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    fs.writeFileSync(path.join(out, 'a.yaml'), 'hand-written');
    // WHEN / THEN
    expect(issueLines(() => writeOwnedTree(out, { 'a.yaml': 'a' }))).toEqual([
      `${out}: '--out' is a directory that ack-serving did not write (it holds 3 entries: a.yaml, notes.txt, src) and has no .ack-serving.json; give a new or empty directory, or pass --force to adopt it (only the files ack-serving writes are replaced, nothing is deleted)`,
    ]);
    expect(tree(out)).toEqual({ 'a.yaml': 'hand-written', 'notes.txt': 'mine', 'src/': '' });
    writeOwnedTree(out, { 'a.yaml': 'a', 'b.yaml': 'b' }, { force: true });
    expect(tree(out)).toEqual({
      [OWNERSHIP_RECORD]: record(['a.yaml', 'b.yaml']),
      'a.yaml': 'a',
      'b.yaml': 'b',
      'notes.txt': 'mine',
      'src/': '',
    });
  });

  test('refuses to write over a foreign file in a directory it owns, unless forced', () => {
    const out = path.join(dir, 'out');
    writeOwnedTree(out, { 'a.yaml': 'a' });
    fs.writeFileSync(path.join(out, 'b.yaml'), 'hand-written');
    fs.mkdirSync(path.join(out, 'c.yaml'));
    fs.writeFileSync(path.join(out, 'd'), 'a file where a directory is needed');
    expect(
      issueLines(() =>
        writeOwnedTree(out, { 'a.yaml': 'a', 'b.yaml': 'b', 'c.yaml': 'c', 'd/e.yaml': 'e' }),
      ),
    ).toEqual([
      `${path.join(out, 'b.yaml')}: exists and was not written by ack-serving; move it away, or pass --force to replace it`,
      `${path.join(out, 'c.yaml')}: is a directory where ack-serving writes a file; move it away`,
      `${path.join(out, 'd')}: is a file where ack-serving needs a directory for 'd/e.yaml'; move it away`,
    ]);
    expect(fs.readFileSync(path.join(out, 'b.yaml'), 'utf8')).toBe('hand-written');
    writeOwnedTree(out, { 'a.yaml': 'a', 'b.yaml': 'b' }, { force: true });
    expect(fs.readFileSync(path.join(out, 'b.yaml'), 'utf8')).toBe('b');
  });

  test('refuses a record it cannot trust, and so never removes a path outside the directory', () => {
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(dir, 'outside.txt'), 'mine');
    fs.writeFileSync(path.join(out, OWNERSHIP_RECORD), record(['../outside.txt']));
    expect(issueLines(() => writeOwnedTree(out, { 'a.yaml': 'a' }))).toEqual([
      `${path.join(out, OWNERSHIP_RECORD)}: is not an ownership record written by ack-serving; restore it from version control, or delete it and pass --force to adopt the directory`,
    ]);
    fs.writeFileSync(path.join(out, OWNERSHIP_RECORD), '{ not json');
    expect(checkOutputDir(out)).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'outside.txt'), 'utf8')).toBe('mine');
  });

  test('writes through a symbolic link to a directory and keeps the link', () => {
    const real = path.join(dir, 'real');
    fs.mkdirSync(real);
    const link = path.join(dir, 'link');
    fs.symlinkSync(real, link);
    writeOwnedTree(link, { 'a.yaml': '1' });
    writeOwnedTree(link, { 'b.yaml': '2' });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(tree(real)).toEqual({ [OWNERSHIP_RECORD]: record(['b.yaml']), 'b.yaml': '2' });
  });

  test('refuses a symbolic link to nothing', () => {
    const link = path.join(dir, 'dangling');
    fs.symlinkSync(path.join(dir, 'nowhere'), link);
    expect(checkOutputDir(link)).toEqual([
      {
        path: link,
        message: `'--out' is a symbolic link to '${path.join(dir, 'nowhere')}', which does not exist; create that directory or give another --out`,
      },
    ]);
  });

  test('a write that fails while staging leaves the earlier output exactly as it was', () => {
    const out = path.join(dir, 'out');
    writeOwnedTree(out, { 'keep.yaml': 'earlier' });
    const before = tree(out);
    // 'a' as a file and as a directory: the second cannot be staged
    expect(() => writeOwnedTree(out, { a: 'x', 'a/b.yaml': 'y' })).toThrow();
    expect(tree(out)).toEqual(before);
    const fresh = path.join(dir, 'fresh');
    expect(() => writeOwnedTree(fresh, { a: 'x', 'a/b.yaml': 'y' })).toThrow();
    expect(fs.existsSync(fresh)).toBe(false);
  });

  test('throws on a file name that would leave the directory', () => {
    expect(() => writeOwnedTree(path.join(dir, 'out'), { '../x.yaml': 'x' })).toThrow(
      "writeOwnedTree: '../x.yaml' is not a file name inside the output directory",
    );
  });
});

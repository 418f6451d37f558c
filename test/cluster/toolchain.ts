/**
 * The toolchain of the cluster tests, built from Go modules into a cache directory outside the
 * repository: kube-apiserver and kube-controller-manager (test/cluster/apiserver), Knative Serving's
 * webhook (test/cluster/knative), the Pulumi CLI (test/cluster/pulumi) and the Pulumi Kubernetes
 * provider (test/cluster/provider, installed as a plugin into a PULUMI_HOME in the cache).
 * etcd comes from the system (Debian: `apt-get install -y etcd-server`).
 *
 * Run: npx tsx test/cluster/toolchain.ts build   (builds what is missing, one build at a time)
 *      npx tsx test/cluster/toolchain.ts status  (what is built, what is missing)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLUSTER_DIR = __dirname;
export const ROOT = path.resolve(CLUSTER_DIR, '..', '..');
/** Where binaries, logs and the Pulumi home live; never inside the repository. */
export const CACHE_DIR =
  process.env.ACK_SERVING_CLUSTER_CACHE ?? path.join(os.homedir(), '.cache', 'ack-serving-cluster');
export const BIN_DIR = path.join(CACHE_DIR, 'bin');
export const PULUMI_HOME = path.join(CACHE_DIR, 'pulumi-home');
/** The version the Automation API checks and the one the CLI reports. */
export const PULUMI_VERSION = '3.274.1';
/** Set by `.ci/run`: a missing toolchain fails the cluster tests instead of skipping them. */
export const REQUIRE_ENV = 'ACK_SERVING_REQUIRE_CLUSTER';
export const SKIP_LINE =
  'skipped: cluster tests (toolchain not built; run `npm run test:cluster` once, about 40 min cold, see docs/testing.md)';

/** The kubernetes plugin version @pulumi/kubernetes asks for. */
export function kubernetesPluginVersion(): string {
  const pkg = JSON.parse(
    fs.readFileSync(
      path.join(ROOT, 'node_modules', '@pulumi', 'kubernetes', 'package.json'),
      'utf8',
    ),
  ) as { pulumi?: { version?: string }; version: string };
  return pkg.pulumi?.version ?? pkg.version;
}

interface Target {
  /** Name in logs and in the stamp file. */
  readonly name: string;
  /** The Go module (a directory of test/cluster). */
  readonly module: string;
  /** Files whose content decides whether the target is stale. */
  readonly binaries: readonly string[];
  readonly build: (log: fs.WriteStream) => void;
  /** Anything else the build depends on (flags), part of the stamp. */
  readonly recipe?: string;
}

function goBin(): string {
  return process.env.GO ?? 'go';
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
  log: fs.WriteStream,
): void {
  log.write(`$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  log.write(r.stdout ?? '');
  log.write(r.stderr ?? '');
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${opts.cwd}:\n${(r.stderr ?? '').slice(-4000)}`,
    );
  }
}

const goBuild =
  (module: string, out: string, pkgs: string[], ldflags?: string) => (log: fs.WriteStream) =>
    run(
      goBin(),
      ['build', '-trimpath', ...(ldflags ? ['-ldflags', ldflags] : []), '-o', out, ...pkgs],
      { cwd: path.join(CLUSTER_DIR, module) },
      log,
    );

/** The provider's main embeds the schema files its module ships; builds it from a copy in the cache. */
function buildProvider(log: fs.WriteStream): void {
  const src = path.join(CACHE_DIR, 'src', 'provider');
  fs.mkdirSync(src, { recursive: true });
  for (const f of ['go.mod', 'go.sum', 'main.go'])
    fs.copyFileSync(path.join(CLUSTER_DIR, 'provider', f), path.join(src, f));
  run(
    goBin(),
    ['mod', 'download', 'github.com/pulumi/pulumi-kubernetes/provider/v4'],
    { cwd: src },
    log,
  );
  const r = spawnSync(
    goBin(),
    ['list', '-m', '-f', '{{.Dir}}', 'github.com/pulumi/pulumi-kubernetes/provider/v4'],
    { cwd: src, encoding: 'utf8' },
  );
  const moduleDir = r.stdout.trim();
  if (r.status !== 0 || !moduleDir)
    throw new Error(`go list of the provider module failed: ${r.stderr}`);
  const cmdDir = path.join(moduleDir, 'cmd', 'pulumi-resource-kubernetes');
  for (const [from, to] of [
    ['schema.json', 'schema-embed.json'],
    ['terraform-mapping.json', 'terraform-mapping-embed.json'],
  ]) {
    const json = JSON.parse(fs.readFileSync(path.join(cmdDir, from), 'utf8')) as unknown;
    fs.writeFileSync(path.join(src, to), JSON.stringify(json));
  }
  const version = kubernetesPluginVersion();
  const bin = path.join(BIN_DIR, 'pulumi-resource-kubernetes');
  run(
    goBin(),
    [
      'build',
      '-trimpath',
      '-ldflags',
      `-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${version}`,
      '-o',
      bin,
      '.',
    ],
    { cwd: src },
    log,
  );
  run(
    path.join(BIN_DIR, 'pulumi'),
    ['plugin', 'install', 'resource', 'kubernetes', version, '--file', bin],
    { cwd: CACHE_DIR, env: { PULUMI_HOME, PULUMI_SKIP_UPDATE_CHECK: 'true' } },
    log,
  );
}

/**
 * The version a Kubernetes release build stamps in (clients such as Knative's webhook check the
 * server version and reject the `$Format` placeholder a plain `go build` leaves).
 */
function kubernetesVersionFlags(): string {
  const mod = fs.readFileSync(path.join(CLUSTER_DIR, 'apiserver', 'go.mod'), 'utf8');
  const v = /k8s\.io\/kubernetes (v(\d+)\.(\d+)\.\d+)/.exec(mod);
  if (!v) throw new Error('k8s.io/kubernetes not found in test/cluster/apiserver/go.mod');
  const pkg = 'k8s.io/component-base/version';
  return [
    `-X ${pkg}.gitVersion=${v[1]}`,
    `-X ${pkg}.gitMajor=${v[2]}`,
    `-X ${pkg}.gitMinor=${v[3]}`,
    `-X ${pkg}.gitTreeState=clean`,
  ].join(' ');
}

export const TARGETS: readonly Target[] = [
  {
    name: 'kube-apiserver',
    module: 'apiserver',
    binaries: ['kube-apiserver', 'kube-controller-manager'],
    build: goBuild(
      'apiserver',
      BIN_DIR + path.sep,
      ['k8s.io/kubernetes/cmd/kube-apiserver', 'k8s.io/kubernetes/cmd/kube-controller-manager'],
      kubernetesVersionFlags(),
    ),
    recipe: kubernetesVersionFlags(),
  },
  {
    name: 'knative-webhook',
    module: 'knative',
    binaries: ['knative-serving-webhook', 'knative-eventing-webhook'],
    build: (log) => {
      goBuild('knative', path.join(BIN_DIR, 'knative-serving-webhook'), [
        'knative.dev/serving/cmd/webhook',
      ])(log);
      goBuild('knative', path.join(BIN_DIR, 'knative-eventing-webhook'), [
        'knative.dev/eventing/cmd/webhook',
      ])(log);
    },
    recipe: 'serving and eventing webhooks',
  },
  {
    name: 'pulumi',
    module: 'pulumi',
    binaries: ['pulumi'],
    build: goBuild(
      'pulumi',
      path.join(BIN_DIR, 'pulumi'),
      ['github.com/pulumi/pulumi/pkg/v3/cmd/pulumi'],
      `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}`,
    ),
  },
  {
    name: 'pulumi-kubernetes',
    module: 'provider',
    binaries: ['pulumi-resource-kubernetes'],
    build: buildProvider,
  },
];

/** Digest of a target's module files: a changed go.mod/go.sum/main rebuilds it. */
function digest(t: Target): string {
  const h = createHash('sha256');
  const dir = path.join(CLUSTER_DIR, t.module);
  for (const f of fs.readdirSync(dir).sort()) {
    if (/\.(mod|sum|go)$/.test(f)) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  if (t.name === 'pulumi-kubernetes') h.update(kubernetesPluginVersion());
  if (t.recipe) h.update(t.recipe);
  return h.digest('hex').slice(0, 16);
}

const stampFile = (t: Target) => path.join(CACHE_DIR, 'stamps', `${t.name}.json`);

/** True when the target's binaries exist and were built from the current module files. */
export function isBuilt(t: Target): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(t), 'utf8')) as { digest: string };
    return (
      stamp.digest === digest(t) && t.binaries.every((b) => fs.existsSync(path.join(BIN_DIR, b)))
    );
  } catch {
    return false;
  }
}

/** etcd from PATH (or $ETCD). */
export function etcdCommand(): string | undefined {
  const c = process.env.ETCD ?? 'etcd';
  const r = spawnSync(c, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? c : undefined;
}

/** What is missing before the cluster tests can run (empty when ready). */
export function missing(): string[] {
  const out = TARGETS.filter((t) => !isBuilt(t)).map((t) => t.name);
  if (!etcdCommand()) out.push('etcd (apt-get install -y etcd-server)');
  return out;
}

export function toolchainReady(): boolean {
  return missing().length === 0;
}

export function binary(name: string): string {
  return path.join(BIN_DIR, name);
}

/** Builds every missing target, one at a time; returns seconds per target built. */
export function buildToolchain(
  onProgress: (line: string) => void = () => {},
): Record<string, number> {
  fs.mkdirSync(BIN_DIR, { recursive: true });
  fs.mkdirSync(path.join(CACHE_DIR, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(CACHE_DIR, 'stamps'), { recursive: true });
  const times: Record<string, number> = {};
  for (const t of TARGETS) {
    if (isBuilt(t)) continue;
    const logFile = path.join(CACHE_DIR, 'logs', `build-${t.name}.log`);
    const log = fs.createWriteStream(logFile);
    onProgress(`building ${t.name} (log: ${logFile})`);
    const started = Date.now();
    try {
      t.build(log);
    } finally {
      log.end();
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    times[t.name] = seconds;
    fs.writeFileSync(
      stampFile(t),
      JSON.stringify({ digest: digest(t), seconds, builtAt: new Date().toISOString() }),
    );
    onProgress(`built ${t.name} in ${seconds} s`);
  }
  return times;
}

if (require.main === module) {
  const cmd = process.argv[2] ?? 'status';
  if (cmd === 'build') {
    if (!etcdCommand()) {
      console.error(
        'etcd not found: install it (Debian: apt-get install -y etcd-server) or set $ETCD',
      );
      process.exit(1);
    }
    const started = Date.now();
    const times = buildToolchain((l) => console.log(l));
    console.log(
      `toolchain ready in ${Math.round((Date.now() - started) / 1000)} s (${JSON.stringify(times)}); cache: ${CACHE_DIR}`,
    );
  } else {
    const m = missing();
    console.log(m.length === 0 ? `toolchain ready in ${CACHE_DIR}` : `missing: ${m.join(', ')}`);
    process.exit(m.length === 0 ? 0 : 1);
  }
}

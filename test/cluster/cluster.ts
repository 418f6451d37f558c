/**
 * A local Kubernetes control plane for the cluster tests, without containers: etcd and
 * kube-apiserver on loopback ports chosen free at run time, kube-controller-manager (namespace
 * finalization and garbage collection), Knative's CRDs, ACK's ResourcePolicy CRD, the Prometheus
 * Operator's PrometheusRule CRD, and Knative
 * Serving's own webhook wired in as an out-of-cluster admission webhook (URL client config, a CA
 * generated here). Everything started is stopped by pid in `stop()`, and on process exit.
 *
 * Run by hand: npx tsx test/cluster/cluster.ts up   (prints the kubeconfig path; Ctrl-C stops it)
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { CLUSTER_DIR, binary, buildToolchain, etcdCommand } from './toolchain';

/** A Kubernetes object as JSON. */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: { manager?: string; operation?: string; fieldsV1?: unknown }[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface ApiError extends Error {
  status: number;
  body: { message?: string; reason?: string; details?: unknown };
}

/** Knative's system namespace, where its webhook and ConfigMaps live. */
export const KNATIVE_SERVING_NS = 'knative-serving';
export const KNATIVE_EVENTING_NS = 'knative-eventing';
/** The field manager that owns Knative's ConfigMaps before the library touches them (ACK's addon). */
export const ACK_MANAGER = 'ack-knative-addon';
/** A key the library does not manage, put into every Knative ConfigMap by ACK_MANAGER. */
export const ACK_KEYS: Readonly<Record<string, string>> = { 'ack.extension': 'kept' };

const GOMODCACHE = () =>
  execFileSync(process.env.GO ?? 'go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();

/** Directory of a module version from the Go module cache (downloaded by the build). */
function moduleDir(module: string, version: string): string {
  const escaped = module.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
  const dir = path.join(GOMODCACHE(), `${escaped}@${version}`);
  if (!fs.existsSync(dir)) {
    execFileSync(process.env.GO ?? 'go', ['mod', 'download', `${module}@${version}`], {
      cwd: path.join(CLUSTER_DIR, 'knative'),
    });
  }
  return dir;
}

/** The Knative version the CRDs and the webhook come from (test/cluster/knative/go.mod). */
function knativeVersion(module: 'serving' | 'eventing' | 'networking'): string {
  const mod = fs.readFileSync(path.join(CLUSTER_DIR, 'knative', 'go.mod'), 'utf8');
  const m = new RegExp(`knative\\.dev/${module} (v[^\\s]+)`).exec(mod);
  if (!m) throw new Error(`knative.dev/${module} not found in test/cluster/knative/go.mod`);
  return m[1];
}

/** Every YAML document of the files, skipping empty ones. */
export function readYamlDocs(files: readonly string[]): Obj[] {
  return files.flatMap((f) =>
    YAML.parseAllDocuments(fs.readFileSync(f, 'utf8'))
      .map((d) => d.toJSON() as Obj | null)
      .filter((o): o is Obj => o !== null && typeof o === 'object' && 'kind' in o),
  );
}

const yamlFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));

/**
 * The Prometheus Operator release whose PrometheusRule CRD validates the rules the library writes
 * (example/prometheus-operator-crd/ in the module; `go mod download` checks it against the checksum
 * database).
 */
export const PROMETHEUS_OPERATOR = {
  module: 'github.com/prometheus-operator/prometheus-operator',
  version: 'v0.85.0',
} as const;

/** Knative Serving's and Eventing's CRDs, the ACK CRDs and the PrometheusRule CRD the library emits. */
export function crdDocuments(): Obj[] {
  const serving = moduleDir('knative.dev/serving', knativeVersion('serving'));
  const eventing = moduleDir('knative.dev/eventing', knativeVersion('eventing'));
  const operator = moduleDir(PROMETHEUS_OPERATOR.module, PROMETHEUS_OPERATOR.version);
  return readYamlDocs([
    ...yamlFiles(path.join(serving, 'config', 'core', '300-resources')),
    path.join(serving, 'config', 'core', '300-knativecertificate.yaml'),
    ...yamlFiles(path.join(eventing, 'config', 'core', 'resources')),
    path.join(CLUSTER_DIR, 'crds', 'resourcepolicy.yaml'),
    path.join(
      operator,
      'example',
      'prometheus-operator-crd',
      'monitoring.coreos.com_prometheusrules.yaml',
    ),
  ]).filter((o) => o.kind === 'CustomResourceDefinition');
}

/** Knative's shipped ConfigMaps (what an installation puts in knative-serving / knative-eventing). */
export function knativeConfigMaps(module: 'serving' | 'eventing'): Obj[] {
  const dir = moduleDir(`knative.dev/${module}`, knativeVersion(module));
  const files = yamlFiles(path.join(dir, 'config', 'core', 'configmaps'));
  if (module === 'serving') {
    // config-network ships with knative.dev/networking, installed with Serving
    const networking = moduleDir('knative.dev/networking', knativeVersion('networking'));
    files.push(path.join(networking, 'config', 'config-network.yaml'));
  }
  return readYamlDocs(files).filter((o) => o.kind === 'ConfigMap');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A CA and serving certificates for 127.0.0.1, and the service-account key pair. */
function makePki(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '30',
      '-subj',
      '/CN=ack-serving-test-ca',
    ],
    dir,
  );
  fs.writeFileSync(
    path.join(dir, 'san.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  for (const name of ['apiserver', 'webhook']) {
    openssl(
      ['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.crt`,
        '-days',
        '30',
        '-extfile',
        'san.ext',
      ],
      dir,
    );
  }
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** Minimal REST client for the test API server (bearer token, the generated CA). */
export class Kube {
  private readonly agent: https.Agent;
  private discovery?: Map<string, { resource: string; namespaced: boolean }>;

  constructor(
    readonly server: string,
    private readonly token: string,
    ca: Buffer,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true, maxSockets: 16 });
  }

  request<T = unknown>(
    method: string,
    urlPath: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = https.request(
        this.server + urlPath,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(data ? { 'Content-Type': contentType, 'Content-Length': data.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              /* plain text */
            }
            if ((res.statusCode ?? 500) >= 400) {
              const b = (
                typeof parsed === 'object' ? parsed : { message: text }
              ) as ApiError['body'];
              const e = new Error(
                `${method} ${urlPath}: ${res.statusCode} ${b.message ?? text}`,
              ) as ApiError;
              e.status = res.statusCode ?? 500;
              e.body = b;
              reject(e);
            } else resolve(parsed as T);
          });
        },
      );
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  /** Forgets discovery (after CRDs are installed). */
  resetDiscovery(): void {
    this.discovery = undefined;
  }

  private async discover(): Promise<Map<string, { resource: string; namespaced: boolean }>> {
    if (this.discovery) return this.discovery;
    const map = new Map<string, { resource: string; namespaced: boolean }>();
    const versions: string[] = ['/api/v1'];
    const groups = await this.request<{ groups: { versions: { groupVersion: string }[] }[] }>(
      'GET',
      '/apis',
    );
    for (const g of groups.groups)
      for (const v of g.versions) versions.push(`/apis/${v.groupVersion}`);
    await Promise.all(
      versions.map(async (v) => {
        const list = await this.request<{
          groupVersion: string;
          resources: { name: string; kind: string; namespaced: boolean }[];
        }>('GET', v);
        for (const r of list.resources) {
          if (r.name.includes('/')) continue;
          map.set(`${list.groupVersion}/${r.kind}`, { resource: r.name, namespaced: r.namespaced });
        }
      }),
    );
    this.discovery = map;
    return map;
  }

  /** The REST path of an object (its collection when `name` is omitted). */
  async pathOf(
    o: Pick<Obj, 'apiVersion' | 'kind'> & { metadata?: Obj['metadata'] },
    withName = true,
  ): Promise<string> {
    let info = (await this.discover()).get(`${o.apiVersion}/${o.kind}`);
    if (!info) {
      this.resetDiscovery();
      info = (await this.discover()).get(`${o.apiVersion}/${o.kind}`);
    }
    if (!info) throw new Error(`the API server does not serve ${o.apiVersion} ${o.kind}`);
    const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${o.metadata?.namespace ?? 'default'}` : '';
    const name = withName ? `/${encodeURIComponent(o.metadata?.name ?? '')}` : '';
    return `${base}${ns}/${info.resource}${name}`;
  }

  /** Server-side apply with strict field validation (`force` takes over conflicting fields). */
  async apply(
    o: Obj,
    opts: { fieldManager: string; dryRun?: boolean; force?: boolean },
  ): Promise<Obj> {
    const q = new URLSearchParams({ fieldManager: opts.fieldManager, fieldValidation: 'Strict' });
    if (opts.force ?? true) q.set('force', 'true');
    if (opts.dryRun) q.set('dryRun', 'All');
    return this.request<Obj>(
      'PATCH',
      `${await this.pathOf(o)}?${q}`,
      o,
      'application/apply-patch+yaml',
    );
  }

  async get(o: Obj): Promise<Obj | undefined> {
    try {
      return await this.request<Obj>('GET', await this.pathOf(o));
    } catch (e) {
      if ((e as ApiError).status === 404) return undefined;
      throw e;
    }
  }

  async list(apiVersion: string, kind: string, namespace?: string): Promise<Obj[]> {
    const p = await this.pathOf({ apiVersion, kind, metadata: { namespace } }, false);
    const r = await this.request<{ items: Obj[] }>('GET', p);
    return r.items.map((i) => ({ ...i, apiVersion, kind }));
  }

  async delete(o: Obj): Promise<void> {
    try {
      await this.request('DELETE', await this.pathOf(o));
    } catch (e) {
      if ((e as ApiError).status !== 404) throw e;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/** One of Knative's admission webhooks, run as a local process. */
interface WebhookSpec {
  /** `serving` or `eventing`: names of its webhook configurations. */
  readonly component: string;
  /** The binary in the cache, also the log name. */
  readonly process: string;
  /** Its SYSTEM_NAMESPACE. */
  readonly namespace: string;
  /** The certificate secret its main names. */
  readonly secret: string;
  readonly webhookName: string;
  /** The API groups whose objects it defaults and validates. */
  readonly groups: readonly string[];
}

/** Knative's webhooks, as their `cmd/webhook` mains and `config/core/webhooks` configure them. */
const WEBHOOKS: readonly WebhookSpec[] = [
  {
    component: 'serving',
    process: 'knative-serving-webhook',
    namespace: KNATIVE_SERVING_NS,
    secret: 'webhook-certs',
    webhookName: 'webhook',
    groups: [
      'serving.knative.dev',
      'autoscaling.internal.knative.dev',
      'networking.internal.knative.dev',
    ],
  },
  {
    component: 'eventing',
    process: 'knative-eventing-webhook',
    namespace: KNATIVE_EVENTING_NS,
    secret: 'eventing-webhook-certs',
    webhookName: 'eventing-webhook',
    groups: [
      'eventing.knative.dev',
      'messaging.knative.dev',
      'flows.knative.dev',
      'sources.knative.dev',
      'sinks.knative.dev',
    ],
  },
];

export interface ClusterOptions {
  /** Run Knative Serving's webhook and register it (default true). */
  readonly webhook?: boolean;
  /** Run kube-controller-manager (namespace finalization; default true). */
  readonly controllerManager?: boolean;
}

/** A running test cluster. */
export class Cluster {
  readonly dir: string;
  readonly kubeconfig: string;
  kube!: Kube;
  private readonly procs: { name: string; proc: ChildProcess }[] = [];
  private readonly onExit = () => this.killAll('SIGKILL');
  timings: Record<string, number> = {};
  /** Knative's ConfigMaps as pre-created by ACK_MANAGER (see installKnativeConfig). */
  knativeConfig: Obj[] = [];

  private constructor(dir: string) {
    this.dir = dir;
    this.kubeconfig = path.join(dir, 'kubeconfig');
  }

  /** Starts a cluster; on any failure everything started so far is stopped. */
  static async start(opts: ClusterOptions = {}): Promise<Cluster> {
    const c = new Cluster(fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-cluster-')));
    process.once('exit', c.onExit);
    try {
      await c.boot(opts);
      return c;
    } catch (e) {
      await c.stop();
      throw e;
    }
  }

  private spawn(
    name: string,
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): ChildProcess {
    const log = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const proc = spawn(cmd, args, {
      stdio: ['ignore', log, log],
      env: { ...process.env, ...env },
      cwd: this.dir,
    });
    fs.closeSync(log);
    this.procs.push({ name, proc });
    proc.on('exit', (code, signal) => {
      fs.appendFileSync(path.join(this.dir, `${name}.log`), `\n[exited: ${code ?? signal}]\n`);
    });
    return proc;
  }

  /** The last lines of a component's log (for error messages). */
  logTail(name: string, lines = 30): string {
    try {
      return fs
        .readFileSync(path.join(this.dir, `${name}.log`), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  private async waitFor(
    what: string,
    check: () => Promise<boolean>,
    timeoutMs: number,
    proc?: string,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.procs.find((x) => x.name === proc)?.proc;
      if (p && p.exitCode !== null)
        throw new Error(`${proc} exited (${p.exitCode}):\n${this.logTail(proc!)}`);
      try {
        if (await check()) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}:\n${proc ? this.logTail(proc) : ''}`);
      await sleep(250);
    }
  }

  private async boot(opts: ClusterOptions): Promise<void> {
    const t0 = Date.now();
    const mark = (k: string, since: number) =>
      (this.timings[k] = Math.round((Date.now() - since) / 100) / 10);
    const etcd = etcdCommand();
    if (!etcd) throw new Error('etcd not found (Debian: apt-get install -y etcd-server)');
    makePki(this.dir);
    const token = 'ack-serving-test-' + Math.random().toString(36).slice(2);
    fs.writeFileSync(
      path.join(this.dir, 'tokens.csv'),
      `${token},admin,admin-uid,"system:masters"\n`,
    );
    const [etcdClient, etcdPeer, apiPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);

    this.spawn(
      'etcd',
      etcd,
      [
        '--name=test',
        `--data-dir=${path.join(this.dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      { ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? '' : process.arch },
    );

    const d = this.dir;
    this.spawn('kube-apiserver', binary('kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${d}`,
      `--tls-cert-file=${path.join(d, 'apiserver.crt')}`,
      `--tls-private-key-file=${path.join(d, 'apiserver.key')}`,
      `--client-ca-file=${path.join(d, 'ca.crt')}`,
      `--token-auth-file=${path.join(d, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${path.join(d, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(d, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.96.0.0/16',
      '--profiling=false',
      '--v=0',
    ]);
    const ca = fs.readFileSync(path.join(d, 'ca.crt'));
    const server = `https://127.0.0.1:${apiPort}`;
    this.kube = new Kube(server, token, ca);
    fs.writeFileSync(
      this.kubeconfig,
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'test',
            cluster: { server, 'certificate-authority-data': ca.toString('base64') },
          },
        ],
        users: [{ name: 'admin', user: { token } }],
        contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin' } }],
        'current-context': 'test',
      }),
    );
    const tApi = Date.now();
    await this.waitFor(
      'kube-apiserver /readyz',
      async () => (await this.kube.request<string>('GET', '/readyz')) === 'ok',
      120_000,
      'kube-apiserver',
    );
    // the default namespace and the built-in RBAC come from post-start hooks; wait for them too
    await this.waitFor(
      'namespace default',
      async () =>
        (await this.kube.get({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'default' },
        })) !== undefined,
      60_000,
    );
    mark('apiserver', tApi);

    if (opts.controllerManager ?? true) {
      this.spawn('kube-controller-manager', binary('kube-controller-manager'), [
        `--kubeconfig=${this.kubeconfig}`,
        // namespaces finalized on delete; each namespace gets its `default` ServiceAccount, which
        // Knative's webhook needs for the dry-run Pod it validates a Configuration's template with
        '--controllers=namespace-controller,garbage-collector-controller,serviceaccount-controller',
        '--leader-elect=false',
        '--secure-port=0',
        '--v=0',
      ]);
    }

    const tCrd = Date.now();
    const crds = crdDocuments();
    await pool(crds, 8, (o) => this.kube.apply(o, { fieldManager: 'test-cluster' }));
    await this.waitFor(
      'CRDs established',
      async () => {
        const list = await this.kube.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
        return crds.every((c) =>
          list.some(
            (l) =>
              l.metadata.name === c.metadata.name &&
              (
                (l.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []
              ).some((x) => x.type === 'Established' && x.status === 'True'),
          ),
        );
      },
      60_000,
    );
    this.kube.resetDiscovery();
    this.timings.crds = crds.length;
    mark('crdSeconds', tCrd);

    if (opts.webhook ?? true) {
      const t = Date.now();
      await this.installKnativeConfig();
      await Promise.all(WEBHOOKS.map((w) => this.startWebhook(w)));
      this.timings.webhookSeconds = Math.round((Date.now() - t) / 100) / 10;
    }
    mark('total', t0);
  }

  /** Knative's namespace with its shipped ConfigMaps, applied by a foreign field manager (as ACK's addon would). */
  async installKnativeConfig(
    fieldManager = ACK_MANAGER,
    extra: Record<string, string> = ACK_KEYS,
  ): Promise<Obj[]> {
    const cms: Obj[] = [];
    for (const [module, ns] of [
      ['serving', KNATIVE_SERVING_NS],
      ['eventing', KNATIVE_EVENTING_NS],
    ] as const) {
      await this.kube.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { fieldManager },
      );
      for (const cm of knativeConfigMaps(module)) {
        cms.push({
          ...cm,
          metadata: { ...cm.metadata, namespace: ns },
          // config-domain's keys are domains; a foreign key there would be a domain, so it keeps
          // only its shipped keys (`_example`)
          data: {
            ...(cm.data as Record<string, string>),
            ...(cm.metadata.name === 'config-domain' ? {} : extra),
          },
        });
      }
    }
    await pool(cms, 8, (cm) => this.kube.apply(cm, { fieldManager }));
    this.knativeConfig = cms;
    return cms;
  }

  private async startWebhook(w: WebhookSpec): Promise<void> {
    const port = await freePort();
    const read = (f: string) => fs.readFileSync(path.join(this.dir, f));
    // Knative's certificate controller keeps a valid secret as it is, so the webhook serves this
    // certificate (SAN 127.0.0.1) and the API server can reach it by URL.
    await this.kube.apply(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: w.secret, namespace: w.namespace },
        data: {
          'server-key.pem': read('webhook.key').toString('base64'),
          'server-cert.pem': read('webhook.crt').toString('base64'),
          'ca-cert.pem': read('ca.crt').toString('base64'),
        },
      },
      { fieldManager: 'test-cluster' },
    );
    const metricsPort = await freePort();
    const profilingPort = await freePort();
    this.spawn(w.process, binary(w.process), [`--kubeconfig=${this.kubeconfig}`], {
      KUBECONFIG: this.kubeconfig,
      SYSTEM_NAMESPACE: w.namespace,
      WEBHOOK_PORT: String(port),
      METRICS_DOMAIN: `knative.dev/internal/${w.component}`,
      METRICS_PROMETHEUS_PORT: String(metricsPort),
      PROFILING_PORT: String(profilingPort),
      POD_NAME: `${w.webhookName}-local`,
      WEBHOOK_NAME: w.webhookName,
    });
    const ca = read('ca.crt');
    await this.waitFor(
      'Knative webhook TLS',
      () =>
        new Promise<boolean>((resolve) => {
          const req = https.request(
            { host: '127.0.0.1', port, path: '/', method: 'GET', ca, timeout: 1000 },
            (res) => {
              res.resume();
              resolve(true);
            },
          );
          req.on('error', () => resolve(false));
          req.on('timeout', () => {
            req.destroy();
            resolve(false);
          });
          req.end();
        }),
      120_000,
      w.process,
    );
    const url = (p: string) => ({
      url: `https://127.0.0.1:${port}${p}`,
      caBundle: ca.toString('base64'),
    });
    const common = {
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
      timeoutSeconds: 10,
    };
    const rules = [
      {
        apiGroups: [...w.groups],
        apiVersions: ['*'],
        operations: ['CREATE', 'UPDATE'],
        resources: ['*/*'],
        scope: '*',
      },
    ];
    const systemNs = { matchLabels: { 'kubernetes.io/metadata.name': w.namespace } };
    await this.kube.apply(
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata: { name: `test.webhook.${w.component}.knative.dev` },
        webhooks: [
          {
            name: `defaulting.${w.component}.knative.test`,
            clientConfig: url('/defaulting'),
            rules,
            ...common,
            reinvocationPolicy: 'IfNeeded',
          },
        ],
      },
      { fieldManager: 'test-cluster' },
    );
    await this.kube.apply(
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: `test.validation.webhook.${w.component}.knative.dev` },
        webhooks: [
          {
            name: `validation.${w.component}.knative.test`,
            clientConfig: url('/resource-validation'),
            rules,
            ...common,
          },
          {
            name: `config.${w.component}.knative.test`,
            clientConfig: url('/config-validation'),
            rules: [
              {
                apiGroups: [''],
                apiVersions: ['v1'],
                operations: ['CREATE', 'UPDATE'],
                resources: ['configmaps'],
                scope: '*',
              },
            ],
            namespaceSelector: systemNs,
            ...common,
          },
        ],
      },
      { fieldManager: 'test-cluster' },
    );
  }

  private killAll(signal: NodeJS.Signals): void {
    for (const { proc } of [...this.procs].reverse()) {
      if (proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(proc.pid, signal);
        } catch {
          /* already gone */
        }
      }
    }
  }

  /** Stops every process this cluster started (by pid), then removes its directory. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.onExit);
    const alive = () =>
      this.procs.filter(({ proc }) => proc.exitCode === null && proc.signalCode === null);
    this.killAll('SIGTERM');
    const deadline = Date.now() + 5_000;
    while (alive().length > 0 && Date.now() < deadline) await sleep(100);
    this.killAll('SIGKILL');
    while (alive().length > 0) await sleep(50);
    if (!process.env.ACK_SERVING_KEEP_CLUSTER_DIR)
      fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void (async () => {
    if (process.argv[2] === 'build') {
      buildToolchain((l) => console.log(l));
      return;
    }
    const c = await Cluster.start();
    console.log(`cluster up in ${c.timings.total} s; KUBECONFIG=${c.kubeconfig}; Ctrl-C stops it`);
    const stop = () => void c.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

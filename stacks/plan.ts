import { existsSync } from 'node:fs';
import { packageRoot } from '../lib/cli/package-root';
import { InputLimits, inputLimits, loadYamlFile } from '../lib/input-file';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { NS, StackConfig, parseStackConfig } from './config';
import { devStack } from './dev';
import { prodStack } from './prod';
import { Issue, ValidationError, formatIssues } from '../lib/validation';
import { table } from '../lib/cli/output';
import { addonFact } from '../lib/cloud/addon-facts';
import {
  PLACEHOLDER_KUBECONFIG,
  PlanRecording,
  PlannedResource,
  installPlanMocks,
  redactInputs,
  settlePlan,
} from './plan-mocks';

/** What an offline plan sends in place of an encrypted node password; printed as `[secret]`. */
const PLACEHOLDER_PASSWORD = 'Plan-placeholder-1';
import { EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, Io } from '../lib/cli/run';

export interface PlanOptions {
  /** The stack whose `Pulumi.<stack>.yaml` is read. @default 'prod' */
  readonly stack?: string;
  /** A catalog file that replaces `ack-serving:catalog`. @default - the stack's catalog */
  readonly catalog?: string;
  /** The project directory. @default - the nearest directory up from the cwd with a Pulumi.yaml */
  readonly root?: string;
  /** Print each resource's inputs as they would be sent (secrets as `[secret]`). @default false */
  readonly showInputs?: boolean;
  /** Print the plan as one JSON document (inputs included, secrets as `[secret]`). @default false */
  readonly json?: boolean;
  /** `<name>=<value>` raises an input limit of the stack config file (see `DEFAULT_INPUT_LIMITS`). */
  readonly limit?: readonly string[];
}

/** What a plan found, for callers that want more than the printed text (tests, the benchmark). */
export interface PlanResult {
  readonly config: StackConfig;
  readonly recording: PlanRecording;
}

/**
 * `ack-serving plan [--stack S] [--catalog F] [--show-inputs] [--json]`: runs the stack program
 * offline under Pulumi mocks and prints the resource tree, the counts per type and the Kubernetes
 * objects handed over; with `--show-inputs` each resource's inputs as they would be sent, with
 * `--json` all of it as one JSON document. Secrets (the kubeconfig, a node password) print as
 * `[secret]`; nothing is written. Exit 0, 2 on invalid config or catalog (`<path>: <message>`
 * lines), 1 on an internal error.
 */
export async function planCommand(opts: PlanOptions, io: Io): Promise<number> {
  try {
    const result = await runPlan(opts);
    const stack = opts.stack ?? 'prod';
    io.stdout(
      opts.json
        ? `${JSON.stringify(planDocument(stack, result), null, 2)}\n`
        : renderPlan(stack, result, { showInputs: opts.showInputs }),
    );
    return EXIT_OK;
  } catch (e) {
    const issues = invalidInput(e);
    if (issues) {
      io.stderr(`${formatIssues(issues)}\n`);
      io.stderr(`${issues.length} error${issues.length === 1 ? '' : 's'}; nothing was planned\n`);
      return EXIT_INVALID;
    }
    io.stderr(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

/** The issues of an invalid-input error (ours or a component's), else undefined. */
function invalidInput(e: unknown): readonly Issue[] | undefined {
  if (e instanceof ValidationError) return e.issues;
  if (pulumi.InputPropertiesError.isInstance(e)) {
    return e.errors.map((x) => ({ path: x.propertyPath, message: x.reason }));
  }
  return undefined;
}

/** Reads the stack config, runs the stack under the plan mocks and waits for every resource. */
export async function runPlan(opts: PlanOptions): Promise<PlanResult> {
  const stack = opts.stack ?? 'prod';
  const root = opts.root ?? findProjectRoot(process.cwd());
  const raw = readStackFile(root, stack, inputLimits(opts.limit));
  // The kubeconfig is never read: a dev plan uses a placeholder.
  delete raw[`${NS}:kubeconfig`];
  if (opts.catalog !== undefined) raw[`${NS}:catalog`] = opts.catalog;
  const recording = installPlanMocks(stack);
  if (raw[`${NS}:environment`] === 'dev') {
    raw[`${NS}:kubeconfig`] = pulumi.secret(PLACEHOLDER_KUBECONFIG);
  }
  // An encrypted node password cannot be read offline: the plan sends a placeholder, as a secret.
  if (raw[`${NS}:nodePassword`] !== undefined) {
    raw[`${NS}:nodePassword`] = pulumi.secret(PLACEHOLDER_PASSWORD);
  }
  const parsed = parseStackConfig(raw);
  const catalog = opts.catalog !== undefined ? opts.catalog : fromRoot(root, parsed.catalog);
  const config = { ...parsed, catalog } as StackConfig;

  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on('unhandledRejection', onRejection);
  try {
    if (config.environment === 'prod') prodStack(config);
    else devStack(config);
    await settlePlan(recording);
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  if (failures.length > 0) throw failures[0];
  return { config, recording };
}

/**
 * The nearest directory from `dir` up that holds a Pulumi.yaml, else the installed package's own
 * project (its bundled `Pulumi.<stack>.yaml` files and example catalog).
 */
export function findProjectRoot(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'Pulumi.yaml'))) return d;
    if (dirname(d) === d) return packageRoot();
  }
}

/** A path in the config is relative to the project root; print it relative to the cwd. */
function fromRoot(root: string, file: string): string {
  const abs = resolve(root, file);
  const rel = relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

function readStackFile(root: string, stack: string, limits: InputLimits): Record<string, unknown> {
  const file = join(root, `Pulumi.${stack}.yaml`);
  if (!/^[A-Za-z0-9._-]+$/.test(stack) || !existsSync(file)) {
    throw new ValidationError([
      {
        path: '--stack',
        message: `no stack '${stack}': Pulumi.${stack}.yaml is not in the project directory; the committed stacks are prod and dev`,
      },
    ]);
  }
  // Limits and file checks as for every input; the file is named as the user knows it.
  const js = loadYamlFile(file, 'stack config', limits, `Pulumi.${stack}.yaml`) as {
    config?: unknown;
  } | null;
  const config = js?.config ?? {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValidationError([
      { path: `Pulumi.${stack}.yaml:config`, message: 'must map config keys to values' },
    ]);
  }
  return { ...(config as Record<string, unknown>) };
}

interface KubeRef {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

const byTypeName = (a: PlannedResource, b: PlannedResource) =>
  a.type.localeCompare(b.type) || a.name.localeCompare(b.name);

const CONFIG_GROUP = 'kubernetes:yaml/v2:ConfigGroup';

/** A resource's inputs as sent, secrets as `[secret]`; a ConfigGroup's objects only counted. */
function printableInputs(r: PlannedResource, full: boolean): Record<string, unknown> {
  const inputs = redactInputs(r.sentInputs()) as Record<string, unknown>;
  if (!full && r.type === CONFIG_GROUP && Array.isArray(inputs.objs)) {
    return { ...inputs, objs: `[${inputs.objs.length} objects, listed below]` };
  }
  return inputs;
}

/** What `redactInputs` and `printableInputs` put in place of a value; printed without quotes. */
const MARKER = /^\[(secret|unknown|resource [^\]]+|\d+ objects, listed below)\]$/;

/**
 * `key: value` lines of inputs, keys sorted, values as JSON on one line each, so a string `"3"`
 * and a number `3` look different (the provider cares).
 */
function inputLines(inputs: Record<string, unknown>, indent: string): string[] {
  return Object.keys(inputs)
    .sort()
    .filter((k) => inputs[k] !== undefined)
    .map((k) => {
      const v = inputs[k];
      return `${indent}${k}: ${typeof v === 'string' && MARKER.test(v) ? v : JSON.stringify(v)}`;
    });
}

/** The plan as one JSON value: every resource with its inputs as sent (secrets as `[secret]`). */
export function planDocument(stack: string, result: PlanResult): Record<string, unknown> {
  const { config, recording } = result;
  const resources = [...recording.resources].sort((a, b) => a.urn.localeCompare(b.urn));
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return {
    stack,
    environment: config.environment,
    catalog: config.catalog,
    resources: resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      parent: r.parent,
      custom: r.custom,
      inputs: printableInputs(r, true),
    })),
    counts: Object.fromEntries(
      Object.keys(counts)
        .sort()
        .map((k) => [k, counts[k]]),
    ),
    invokes: [...new Set(recording.invokes)].sort(),
  };
}

/**
 * The plan as text: resource tree, counts per type, Kubernetes objects; with `showInputs`, each
 * resource's inputs under it (secrets as `[secret]`).
 */
export function renderPlan(
  stack: string,
  result: PlanResult,
  options: { readonly showInputs?: boolean } = {},
): string {
  const { config, recording } = result;
  const resources = recording.resources;
  const out: string[] = [];
  out.push(
    `Plan of stack '${stack}': environment ${config.environment}, catalog ${config.catalog}`,
    '',
    'Resources (indented under their parent):',
  );
  const children = new Map<string, PlannedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const parent = urns.has(r.parent) ? r.parent : '';
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const walk = (parent: string, depth: number) => {
    for (const r of [...(children.get(parent) ?? [])].sort(byTypeName)) {
      out.push(`${'  '.repeat(depth)}${r.type}  ${r.name}`);
      if (options.showInputs && !r.type.startsWith('ack-serving:')) {
        out.push(...inputLines(printableInputs(r, false), `${'  '.repeat(depth + 1)}| `));
      }
      walk(r.urn, depth + 1);
    }
  };
  walk('', 1);

  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const rows = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  out.push('', table(['type', 'count'], [...rows, ['total', resources.length]]), '');

  out.push('Kubernetes objects handed over:');
  let objectCount = 0;
  const groups = resources
    .filter((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')
    .sort(byTypeName);
  for (const g of groups) {
    const objs = (Array.isArray(g.inputs.objs) ? g.inputs.objs : []) as KubeRef[];
    objectCount += objs.length;
    out.push(`  ConfigGroup ${g.name} (${objs.length} objects)`);
    out.push(...objectLines(objs));
  }
  const patches = resources
    .filter((r) => r.type === 'kubernetes:core/v1:ConfigMapPatch')
    .sort(byTypeName);
  for (const p of patches) {
    const meta = (p.inputs.metadata ?? {}) as KubeRef['metadata'];
    const data = p.inputs.data;
    const keys =
      typeof data === 'object' && data !== null ? Object.keys(data).sort().join(', ') : '';
    out.push(`  ConfigMapPatch ${p.name}`);
    out.push(`    v1 ConfigMap ${meta?.namespace}/${meta?.name} (keys: ${keys || 'none'})`);
  }
  const unconfirmed = unconfirmedAddons(resources);
  if (unconfirmed.length > 0) {
    out.push('', 'Addon names not confirmed by ACK documentation (settings; see docs/cloud.md):');
    out.push(...unconfirmed.map((u) => `  ${u}`));
  }
  const protectedClusters = resources.filter(
    (r) =>
      r.type === 'alicloud:cs/managedKubernetes:ManagedKubernetes' &&
      r.inputs.deletionProtection === true,
  );
  for (const c of protectedClusters) {
    out.push(
      '',
      `Deletion protection is on for ${c.name}: 'pulumi destroy' and any change that replaces the cluster ` +
        `(a ForceNew field such as serviceCidr) fail until ${NS}:deletionProtection is false and applied with 'pulumi up'.`,
    );
  }
  const lookups = [...new Set(recording.invokes)].sort();
  if (lookups.length > 0) {
    out.push('', 'Provider lookups made at deploy time (answered by the mocks here):');
    out.push(...lookups.map((t) => `  ${t}`));
  }
  const components = resources.filter((r) => !r.custom).length;
  out.push(
    '',
    `${resources.length} resources (${resources.length - components} custom, ${components} components), ` +
      `${objectCount} Kubernetes objects in ${groups.length} ConfigGroups, ${patches.length} ConfigMap patches`,
    '',
  );
  return out.join('\n');
}

/** Addon names the plan sends that ACK's documentation does not confirm, with why. */
function unconfirmedAddons(resources: readonly PlannedResource[]): string[] {
  const names = new Set<string>();
  for (const r of resources) {
    if (r.type === 'alicloud:cs/kubernetesAddon:KubernetesAddon') names.add(String(r.inputs.name));
    if (r.type === 'alicloud:cs/managedKubernetes:ManagedKubernetes') {
      const addons = Array.isArray(r.inputs.addons) ? r.inputs.addons : [];
      for (const a of addons) names.add(String((a as { name?: unknown }).name));
    }
  }
  return [...names].sort().flatMap((n) => {
    const fact = addonFact(n);
    if (fact === undefined) return [`${n}: not one the library knows`];
    return fact.status === 'unconfirmed' ? [`${n}: ${fact.source}`] : [];
  });
}

function objectLines(objs: readonly KubeRef[]): string[] {
  const rows = objs.map((o) => [
    o.apiVersion ?? '?',
    o.kind ?? '?',
    o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata?.name}`,
  ]);
  const w0 = Math.max(0, ...rows.map((r) => r[0].length));
  const w1 = Math.max(0, ...rows.map((r) => r[1].length));
  return rows.map((r) => `    ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
}

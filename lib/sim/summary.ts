import { formatSeconds } from '../validation';
import { ServiceFigures, SimResult, SloResult } from './types';

interface Column {
  readonly title: string;
  readonly left?: boolean;
}

const COST_COLUMNS: Column[] = [
  { title: 'model', left: true },
  { title: 'ECS pod-h' },
  { title: 'ECI pod-h' },
  { title: 'GPU pod-h' },
  { title: 'peak pods' },
  { title: 'cold starts' },
  { title: 'waited' },
  { title: 'cost' },
  { title: 'HPA cost' },
  { title: 'fixed cost' },
  { title: 'vs HPA' },
  { title: 'vs fixed' },
];

const SERVICE_COLUMNS: Column[] = [
  { title: 'model / version', left: true },
  { title: 'requests' },
  { title: 'served' },
  { title: 'failed (timeout/overflow)' },
  { title: 'availability' },
  { title: 'p50' },
  { title: 'p95' },
  { title: 'p99' },
  { title: 'cold starts' },
  { title: 'cold wait p99' },
  { title: 'SLO', left: true },
];

function n1(x: number): string {
  return x.toFixed(1);
}

function money(x: number): string {
  return x.toFixed(2);
}

function count(x: number): string {
  return String(Math.round(x));
}

function pct(part: number, whole: number): string {
  if (whole <= 0) return '-';
  return `${(((part - whole) / whole) * 100).toFixed(0)}%`.replace(/^(?!-)/, '+');
}

function waited(n: number, total: number): string {
  if (n <= 0.5) return '0';
  return `${Math.round(n)} (${((n / Math.max(total, 1)) * 100).toFixed(2)}%)`;
}

function failed(timeout: number, overflow: number, total: number): string {
  if (timeout + overflow <= 0.5) return '0';
  const share = (((timeout + overflow) / Math.max(total, 1)) * 100).toFixed(2);
  return `${Math.round(timeout)}/${Math.round(overflow)} (${share}%)`;
}

function availability(a: number | undefined): string {
  return a === undefined ? '-' : `${a.toFixed(3)}%`;
}

/** Milliseconds under a second, else seconds with two decimals, else minutes. */
export function formatLatency(ms: number): string {
  if (ms <= 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  return formatSeconds(Math.round(ms / 1000));
}

function sloCell(slo: SloResult | undefined): string {
  if (slo === undefined) return '-';
  const misses: string[] = [];
  const a = slo.availability;
  if (a && !a.pass) misses.push(`availability ${availability(a.achieved)} < ${a.objective}%`);
  const l = slo.latencyP99;
  if (l && !l.pass) {
    misses.push(`p99 ${formatLatency(l.achievedMs)} > ${formatLatency(l.objectiveMs)}`);
  }
  const objective = [
    a ? `${a.objective}%` : undefined,
    l ? `p99 ${formatLatency(l.objectiveMs)}` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
  return misses.length === 0 ? `pass (${objective})` : `FAIL: ${misses.join('; ')}`;
}

function serviceRow(
  name: string,
  f: ServiceFigures & {
    requests: number;
    failedTimeout: number;
    failedOverflow: number;
    coldStarts: number;
  },
  slo: string,
): string[] {
  return [
    name,
    count(f.requests),
    count(f.served),
    failed(f.failedTimeout, f.failedOverflow, f.requests),
    availability(f.availability),
    formatLatency(f.latencyP50Ms),
    formatLatency(f.latencyP95Ms),
    formatLatency(f.latencyP99Ms),
    String(f.coldStarts),
    formatLatency(f.coldStartWaitP99Ms),
    slo,
  ];
}

function table(columns: Column[], body: string[][], total: string[]): string[] {
  const rows = [...body, total];
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.title)), rule, ...body.map(line), rule, line(total)];
}

/**
 * Two fixed-width tables: capacity and cost per model and for the fleet, then service per model and
 * version (served, failed, availability, latency percentiles, cold starts, SLO), then the notes.
 */
export function formatSummary(result: SimResult): string {
  const f = result.fleet;
  const costRows: string[][] = result.models.map((m) => [
    m.model,
    n1(m.podHoursEcs),
    n1(m.podHoursEci),
    n1(m.podHoursGpu),
    String(m.peakPods),
    String(m.coldStarts),
    waited(m.waitedRequests, m.requests),
    money(m.cost),
    m.hpa ? money(m.hpa.cost) : '-',
    m.fixed ? money(m.fixed.cost) : '-',
    m.hpa ? pct(m.cost, m.hpa.cost) : '-',
    m.fixed ? pct(m.cost, m.fixed.cost) : '-',
  ]);
  const costTotal = [
    'fleet',
    n1(f.podHoursEcs),
    n1(f.podHoursEci),
    n1(f.podHoursGpu),
    String(f.peakPods),
    String(f.coldStarts),
    waited(f.waitedRequests, f.requests),
    money(f.cost),
    f.hpa ? money(f.hpa.cost) : '-',
    f.fixed ? money(f.fixed.cost) : '-',
    f.hpa ? pct(f.cost, f.hpa.cost) : '-',
    f.fixed ? pct(f.cost, f.fixed.cost) : '-',
  ];
  const serviceRows: string[][] = result.models.flatMap((m) => [
    serviceRow(m.model, m, sloCell(m.slo)),
    ...(m.versions.length > 1 ? m.versions.map((v) => serviceRow(`  ${v.version}`, v, '')) : []),
  ]);
  const failedModels = result.models.filter((m) => m.slo && !m.slo.pass).length;
  const checked = result.models.filter((m) => m.slo).length;
  const serviceTotal = serviceRow(
    'fleet',
    f,
    checked === 0 ? '-' : `${checked - failedModels} of ${checked} pass`,
  );
  const start = new Date(result.start * 1000).toISOString().replace('.000Z', 'Z');
  const out = [
    `simulated ${span(result.durationSeconds)} from ${start} in ${result.ticks} ticks of ${result.tickSeconds}s; costs in ${result.currency}`,
    '',
    ...table(COST_COLUMNS, costRows, costTotal),
    '',
    ...table(SERVICE_COLUMNS, serviceRows, serviceTotal),
    '',
    `ECS pool: ${result.ecsPool.nodes} subscription nodes of ${result.ecsPool.cpuPerNode} vCPU / ${result.ecsPool.memoryGiBPerNode} GiB / ${result.ecsPool.podsPerNode} pods cost ${money(f.costEcsPool)} for the period, of which ${money(f.costEcsIdle)} idle (not used by any pod); model costs include their share of used ECS capacity`,
  ];
  if (f.fixed) {
    out.push(
      `fixed baseline: ${f.fixed.pods} pods sized for each version's peak at its target, on ${f.fixed.ecsNodes} subscription ECS nodes (GPU pods by the month)`,
    );
  }
  if (f.hpa) {
    out.push(
      'HPA baseline: Kubernetes HPA on CPU (70% target, min 1 pod, 5m scale-down stabilization) on the same trace and placement',
    );
  }
  out.push(
    'waited: requests that found no free pod slot',
    "failed: requests that waited until the revision's timeout (timeout) or found the queue-proxy or activator queue full (overflow); availability = served / (served + failed)",
    'p50/p95/p99: latency of served requests, wait (2s steps) plus service time, within 1%; cold wait p99: wait of requests that queued while no pod could serve',
    "SLO: the catalog's objective checked over the simulated period (not its window)",
  );
  if (result.pricesNote) out.push(`prices: ${result.pricesNote}`);
  return out.join('\n') + '\n';
}

function span(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  if (days === 0) return formatSeconds(seconds);
  return `${days}d${rest > 0 ? formatSeconds(rest) : ''}`;
}

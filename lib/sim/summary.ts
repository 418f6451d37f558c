import { formatSeconds } from '../validation';
import { SimResult } from './types';

interface Column {
  readonly title: string;
  readonly left?: boolean;
}

const COLUMNS: Column[] = [
  { title: 'model', left: true },
  { title: 'ECS pod-h' },
  { title: 'ECI pod-h' },
  { title: 'GPU pod-h' },
  { title: 'peak pods' },
  { title: 'cold starts' },
  { title: 'waited' },
  { title: 'failed (timeout/overflow)' },
  { title: 'wait p50' },
  { title: 'wait p99' },
  { title: 'cost' },
  { title: 'HPA cost' },
  { title: 'fixed cost' },
  { title: 'vs HPA' },
  { title: 'vs fixed' },
];

function n1(x: number): string {
  return x.toFixed(1);
}

function money(x: number): string {
  return x.toFixed(2);
}

function pct(part: number, whole: number): string {
  if (whole <= 0) return '-';
  return `${(((part - whole) / whole) * 100).toFixed(0)}%`.replace(/^(?!-)/, '+');
}

function waited(count: number, total: number): string {
  if (count <= 0.5) return '0';
  return `${Math.round(count)} (${((count / Math.max(total, 1)) * 100).toFixed(2)}%)`;
}

function failed(timeout: number, overflow: number, total: number): string {
  if (timeout + overflow <= 0.5) return '0';
  const share = (((timeout + overflow) / Math.max(total, 1)) * 100).toFixed(2);
  return `${Math.round(timeout)}/${Math.round(overflow)} (${share}%)`;
}

function ms(x: number): string {
  return x === 0 ? '-' : formatSeconds(x / 1000);
}

function span(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  if (days === 0) return formatSeconds(seconds);
  return `${days}d${rest > 0 ? formatSeconds(rest) : ''}`;
}

/** A fixed-width text table: one row per model and one for the fleet, then the ECS pool and assumptions. */
export function formatSummary(result: SimResult): string {
  const rows: string[][] = result.models.map((m) => [
    m.model,
    n1(m.podHoursEcs),
    n1(m.podHoursEci),
    n1(m.podHoursGpu),
    String(m.peakPods),
    String(m.coldStarts),
    waited(m.waitedRequests, m.requests),
    failed(m.failedTimeout, m.failedOverflow, m.requests),
    ms(m.waitP50Ms),
    ms(m.waitP99Ms),
    money(m.cost),
    m.hpa ? money(m.hpa.cost) : '-',
    m.fixed ? money(m.fixed.cost) : '-',
    m.hpa ? pct(m.cost, m.hpa.cost) : '-',
    m.fixed ? pct(m.cost, m.fixed.cost) : '-',
  ]);
  const f = result.fleet;
  rows.push([
    'fleet',
    n1(f.podHoursEcs),
    n1(f.podHoursEci),
    n1(f.podHoursGpu),
    String(f.peakPods),
    String(f.coldStarts),
    waited(f.waitedRequests, f.requests),
    failed(f.failedTimeout, f.failedOverflow, f.requests),
    ms(f.waitP50Ms),
    ms(f.waitP99Ms),
    money(f.cost),
    f.hpa ? money(f.hpa.cost) : '-',
    f.fixed ? money(f.fixed.cost) : '-',
    f.hpa ? pct(f.cost, f.hpa.cost) : '-',
    f.fixed ? pct(f.cost, f.fixed.cost) : '-',
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (COLUMNS[i].left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const start = new Date(result.start * 1000).toISOString().replace('.000Z', 'Z');
  const out = [
    `simulated ${span(result.durationSeconds)} from ${start} in ${result.ticks} ticks of ${result.tickSeconds}s; costs in ${result.currency}`,
    '',
    line(COLUMNS.map((c) => c.title)),
    rule,
    ...rows.slice(0, -1).map(line),
    rule,
    line(rows[rows.length - 1]),
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
    'waited: requests that found no free pod slot; wait p50/p99 are among those served, at 2s resolution',
    "failed: requests that waited until the revision's timeout (timeout) or found the queue-proxy or activator queue full (overflow)",
  );
  if (result.pricesNote) out.push(`prices: ${result.pricesNote}`);
  return out.join('\n') + '\n';
}

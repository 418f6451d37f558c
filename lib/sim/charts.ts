import { SimResult } from './types';

/** One plotted series. Areas with `stack` are stacked in order. */
export interface ChartSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly color: string;
  readonly kind: 'line' | 'area';
  readonly dashed?: boolean;
}

export interface ChartSpec {
  readonly title: string;
  readonly yLabel: string;
  /** Seconds since the Unix epoch, one per value. */
  readonly times: ArrayLike<number>;
  readonly series: readonly ChartSeries[];
  /** Stack the area series. @default false */
  readonly stackAreas?: boolean;
  /** @default 960 */
  readonly width?: number;
  /** @default 320 */
  readonly height?: number;
  /** At most this many points per series; longer series are averaged into buckets. @default 672 */
  readonly maxPoints?: number;
}

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#9c755f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
];
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function fmt(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** Rounds up to 1, 2 or 5 times a power of ten, for axis steps. */
function niceStep(range: number, ticks: number): number {
  if (range <= 0) return 1;
  const raw = range / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function label(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

function bucket(values: ArrayLike<number>, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    let s = 0;
    let c = 0;
    for (let j = i; j < Math.min(values.length, i + size); j++, c++) s += values[j];
    out.push(s / c);
  }
  return out;
}

/** Renders a time-series chart as a small, self-contained SVG (no scripts, no external fonts). */
export function renderChart(spec: ChartSpec): string {
  const W = spec.width ?? 960;
  const H = spec.height ?? 320;
  const left = 64;
  const right = 16;
  const top = 48;
  const bottom = 36;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const size = Math.max(1, Math.ceil(spec.times.length / (spec.maxPoints ?? 672)));
  const times = bucket(spec.times, size);
  const n = times.length;
  const t0 = n > 0 ? times[0] : 0;
  const t1 = n > 1 ? times[n - 1] : t0 + 1;
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * pw;

  const data = spec.series.map((s) => bucket(s.values, size));
  const base = new Array<number>(n).fill(0);
  const tops: number[][] = data.map((d, i) => {
    if (spec.stackAreas && spec.series[i].kind === 'area') {
      const t = d.map((v, k) => base[k] + v);
      for (let k = 0; k < n; k++) base[k] = t[k];
      return t;
    }
    return d;
  });
  let ymax = 0;
  for (const t of tops) for (const v of t) if (v > ymax) ymax = v;
  const step = niceStep(ymax || 1, 4);
  const yTop = Math.max(step, Math.ceil((ymax || 1) / step) * step);
  const y = (v: number) => top + ph - (v / yTop) * ph;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${left}" y="18" font-size="14" font-weight="bold" fill="#222">${esc(spec.title)}</text>`,
  );
  // legend
  let lx = left;
  for (const s of spec.series) {
    const dash = s.dashed ? ' stroke-dasharray="5,3"' : '';
    parts.push(
      s.kind === 'area'
        ? `<rect x="${lx}" y="28" width="12" height="10" fill="${s.color}" fill-opacity="0.6"/>`
        : `<line x1="${lx}" y1="33" x2="${lx + 12}" y2="33" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${lx + 16}" y="37" fill="#333">${esc(s.name)}</text>`);
    lx += 16 + s.name.length * 6.2 + 18;
  }
  // y grid and labels
  for (let v = 0; v <= yTop + 1e-9; v += step) {
    const yy = fmt(y(v));
    parts.push(`<line x1="${left}" y1="${yy}" x2="${W - right}" y2="${yy}" stroke="#e5e5e5"/>`);
    parts.push(
      `<text x="${left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end" fill="#555">${label(v)}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(14 ${fmt(top + ph / 2)}) rotate(-90)" text-anchor="middle" fill="#555">${esc(spec.yLabel)}</text>`,
  );
  // x axis: one label per UTC day
  if (n > 1) {
    const firstDay = Math.ceil(t0 / 86400) * 86400;
    const days = (t1 - t0) / 86400;
    const every = days > 14 ? 7 : 1;
    for (let t = firstDay; t <= t1; t += 86400 * every) {
      const xx = fmt(x(t));
      const d = new Date(t * 1000);
      const text = `${DAY[d.getUTCDay()]} ${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
      parts.push(`<line x1="${xx}" y1="${top}" x2="${xx}" y2="${top + ph}" stroke="#f0f0f0"/>`);
      parts.push(
        `<text x="${xx}" y="${H - bottom + 16}" text-anchor="middle" fill="#555">${text}</text>`,
      );
    }
  }
  parts.push(
    `<line x1="${left}" y1="${top + ph}" x2="${W - right}" y2="${top + ph}" stroke="#999"/>`,
  );
  // series: areas first (in order), then lines on top
  const path = (vals: number[]) =>
    vals.map((v, k) => `${k === 0 ? 'M' : 'L'}${fmt(x(times[k]))} ${fmt(y(v))}`).join('');
  const areas: string[] = [];
  const lines: string[] = [];
  const bottomLine = new Array<number>(n).fill(0);
  spec.series.forEach((s, i) => {
    const t = tops[i];
    if (n === 0) return;
    if (s.kind === 'area') {
      const lower = spec.stackAreas ? [...bottomLine] : new Array<number>(n).fill(0);
      const back = lower
        .map((_v, k) => `L${fmt(x(times[n - 1 - k]))} ${fmt(y(lower[n - 1 - k]))}`)
        .join('');
      areas.push(
        `<path d="${path(t)}${back}Z" fill="${s.color}" fill-opacity="0.6" stroke="none"/>`,
      );
      if (spec.stackAreas) for (let k = 0; k < n; k++) bottomLine[k] = t[k];
    } else {
      const dash = s.dashed ? ' stroke-dasharray="5,3"' : '';
      lines.push(
        `<path d="${path(t)}" fill="none" stroke="${s.color}" stroke-width="1.5"${dash}/>`,
      );
    }
  });
  parts.push(...areas, ...lines, '</svg>');
  return parts.join('\n') + '\n';
}

/**
 * The charts of a simulation, by file name: requests, pods (Knative by placement against the baselines),
 * cumulative cost, fleet latency percentiles and failed requests over time, plus one small chart per
 * model (up to 12 busiest). Latency points are per-sample percentiles, averaged when a chart has more
 * samples than points, and 0 where nothing was served.
 */
export function renderCharts(result: SimResult): Record<string, string> {
  const s = result.series;
  const out: Record<string, string> = {};
  const busiest = [...s.models]
    .map((m, i) => ({ m, i, total: m.rps.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.i - b.i);
  const top = busiest.slice(0, 6);
  out['requests.svg'] = renderChart({
    title: 'Requests per second',
    yLabel: 'requests/s',
    times: s.times,
    series: [
      { name: 'fleet', values: s.fleetRps, color: '#333333', kind: 'line' },
      ...top.map((b, k) => ({
        name: b.m.model,
        values: b.m.rps,
        color: PALETTE[k % PALETTE.length],
        kind: 'line' as const,
      })),
    ],
  });
  const podSeries: ChartSeries[] = [
    { name: 'Knative on ECS', values: s.podsEcs, color: '#4e79a7', kind: 'area' },
    { name: 'Knative on ECI', values: s.podsEci, color: '#f28e2b', kind: 'area' },
    { name: 'Knative on GPU', values: s.podsGpu, color: '#e15759', kind: 'area' },
  ];
  if (s.hpaPods)
    podSeries.push({ name: 'HPA on CPU', values: s.hpaPods, color: '#59a14f', kind: 'line' });
  if (s.fixedPods !== undefined) {
    podSeries.push({
      name: 'fixed for peak',
      values: new Float64Array(s.times.length).fill(s.fixedPods),
      color: '#9c755f',
      kind: 'line',
      dashed: true,
    });
  }
  out['pods.svg'] = renderChart({
    title: 'Pods (running or starting)',
    yLabel: 'pods',
    times: s.times,
    series: podSeries,
    stackAreas: true,
  });
  const costSeries: ChartSeries[] = [
    { name: 'Knative', values: s.cost, color: '#4e79a7', kind: 'line' },
  ];
  if (s.hpaCost)
    costSeries.push({ name: 'HPA on CPU', values: s.hpaCost, color: '#59a14f', kind: 'line' });
  if (s.fixedCostPerSecond !== undefined) {
    const per = s.fixedCostPerSecond;
    costSeries.push({
      name: 'fixed for peak',
      values: Array.from(
        s.times,
        (_, i) => per * Math.min(result.durationSeconds, (i + 1) * s.sampleSeconds),
      ),
      color: '#9c755f',
      kind: 'line',
      dashed: true,
    });
  }
  out['cost.svg'] = renderChart({
    title: `Cumulative cost (${result.currency})`,
    yLabel: result.currency,
    times: s.times,
    series: costSeries,
  });
  out['latency.svg'] = renderChart({
    title: 'Latency of served requests, fleet (wait plus service time)',
    yLabel: 'ms',
    times: s.times,
    series: [
      { name: 'p50', values: s.latencyP50Ms, color: '#4e79a7', kind: 'line' },
      { name: 'p95', values: s.latencyP95Ms, color: '#f28e2b', kind: 'line' },
      { name: 'p99', values: s.latencyP99Ms, color: '#e15759', kind: 'line' },
    ],
  });
  out['failures.svg'] = renderChart({
    title: 'Failed requests per second, fleet',
    yLabel: 'requests/s',
    times: s.times,
    series: [
      { name: 'timeout', values: s.failedTimeoutRps, color: '#e15759', kind: 'area' },
      {
        name: 'overflow (queue full)',
        values: s.failedOverflowRps,
        color: '#b07aa1',
        kind: 'area',
      },
    ],
    stackAreas: true,
  });
  for (const b of busiest.slice(0, 12)) {
    const file = `model-${b.m.model.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`;
    out[file] = renderChart({
      title: `${b.m.model}: pods needed at the target vs ready pods`,
      yLabel: 'pods',
      times: s.times,
      width: 720,
      height: 240,
      maxPoints: 504,
      series: [
        {
          name: 'needed (demand / target)',
          values: b.m.podsNeeded,
          color: '#bab0ac',
          kind: 'area',
        },
        { name: 'ready pods', values: b.m.pods, color: '#4e79a7', kind: 'line' },
      ],
    });
  }
  return out;
}

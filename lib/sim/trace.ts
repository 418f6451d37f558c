import { Issue, ValidationError } from '../validation';
import { Trace, TraceSeries } from './types';

/** At most this many trace problems are listed; the rest are counted. */
const MAX_ISSUES = 50;

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses a trace CSV: a header with `timestamp,model,rps` and optionally `latency_ms` (any order; other
 * columns are ignored), then one row per model and time. Timestamps are ISO-8601 with a zone
 * (`2026-01-05T09:00:00Z`, `2026-01-05T17:00:00+08:00`) on one regular step (e.g. one minute).
 * A model with no row at some step has 0 rps there. Fields are plain (no quoting).
 * @param source names the file in messages: `trace.csv:14: rps 'abc' is not a number`
 * @throws ValidationError with every problem found (up to 50, then a count)
 */
export function parseTraceCsv(
  text: string,
  source = 'trace.csv',
  maxRows = Number.MAX_SAFE_INTEGER,
): Trace {
  const issues: Issue[] = [];
  let extra = 0;
  const add = (line: number | undefined, message: string) => {
    if (issues.length < MAX_ISSUES) {
      issues.push({ path: line === undefined ? source : `${source}:${line}`, message });
    } else extra++;
  };
  const lines = text.split(/\r?\n/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t !== '' && !t.startsWith('#')) {
      headerLine = i;
      break;
    }
  }
  if (headerLine < 0) {
    throw new ValidationError([
      { path: source, message: "the trace is empty; it needs the header 'timestamp,model,rps'" },
    ]);
  }
  const rowCount = lines.length - headerLine - 1 - (lines[lines.length - 1] === '' ? 1 : 0);
  if (rowCount > maxRows) {
    throw new ValidationError([
      {
        path: source,
        message: `the trace has ${rowCount.toLocaleString('en-US')} rows, over the limit of ${maxRows.toLocaleString('en-US')}; resample it to fewer rows, or raise the limit with --limit rows=${rowCount}`,
      },
    ]);
  }
  const header = lines[headerLine].split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const cT = col('timestamp');
  const cM = col('model');
  const cR = col('rps');
  const cL = col('latency_ms');
  const missing = ['timestamp', 'model', 'rps'].filter((c) => col(c) < 0);
  if (missing.length > 0) {
    throw new ValidationError([
      {
        path: `${source}:${headerLine + 1}`,
        message: `header '${lines[headerLine].trim()}' lacks ${missing.map((m) => `'${m}'`).join(', ')}; it must name timestamp,model,rps and optionally latency_ms`,
      },
    ]);
  }
  interface Row {
    line: number;
    t: number;
    model: string;
    rps: number;
    latency: number;
  }
  const rows: Row[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const line = i + 1;
    const f = raw.split(',').map((x) => x.trim());
    if (f.length < header.length) {
      add(line, `expected ${header.length} fields (${header.join(',')}), got ${f.length}`);
      continue;
    }
    let ok = true;
    const ts = f[cT];
    const t = ISO_8601.test(ts) ? Date.parse(ts.replace(' ', 'T')) : NaN;
    if (Number.isNaN(t)) {
      add(
        line,
        `timestamp '${ts}' is not an ISO-8601 time with a zone, such as '2026-01-05T09:00:00Z'`,
      );
      ok = false;
    }
    const model = f[cM];
    if (model === '') {
      add(line, 'model is empty; name the model the row belongs to');
      ok = false;
    }
    const rps = parseNumber(f[cR]);
    if (rps === undefined) {
      add(line, `rps '${f[cR]}' is not a number`);
      ok = false;
    } else if (rps < 0) {
      add(line, `rps ${f[cR]} must not be negative`);
      ok = false;
    }
    let latency = NaN;
    if (cL >= 0 && f[cL] !== '') {
      const l = parseNumber(f[cL]);
      if (l === undefined) {
        add(line, `latency_ms '${f[cL]}' is not a number`);
        ok = false;
      } else if (l <= 0) {
        add(line, `latency_ms ${f[cL]} must be more than 0`);
        ok = false;
      } else latency = l;
    }
    if (ok) rows.push({ line, t: t / 1000, model, rps: rps!, latency });
  }
  if (rows.length === 0 && issues.length === 0) {
    add(undefined, 'the trace has a header but no rows');
  }
  let start = 0;
  let step = 60;
  let length = 0;
  if (rows.length > 0) {
    const times = [...new Set(rows.map((r) => r.t))].sort((a, b) => a - b);
    start = times[0];
    step = times.length > 1 ? Infinity : 60;
    for (let i = 1; i < times.length; i++) step = Math.min(step, times[i] - times[i - 1]);
    if (!Number.isInteger(step)) {
      add(undefined, `rows are ${step}s apart; the step must be a whole number of seconds`);
      step = Math.max(1, Math.round(step));
    }
    length = Math.round((times[times.length - 1] - start) / step) + 1;
  }
  const series = new Map<
    string,
    { rps: Float64Array; latencyMs?: Float64Array; seen: Int32Array }
  >();
  if (issues.length === 0) {
    for (const r of rows) {
      const k = (r.t - start) / step;
      if (!Number.isInteger(k)) {
        add(
          r.line,
          `timestamp '${iso(r.t)}' is not on the ${step}s step that starts at '${iso(start)}'; rows must come at one regular step`,
        );
        continue;
      }
      let s = series.get(r.model);
      if (s === undefined) {
        s = { rps: new Float64Array(length), seen: new Int32Array(length) };
        series.set(r.model, s);
      }
      if (s.seen[k] !== 0) {
        add(
          r.line,
          `model '${r.model}' has a second row at '${iso(r.t)}' (first at line ${s.seen[k]}); keep one row per model and time`,
        );
        continue;
      }
      s.seen[k] = r.line;
      s.rps[k] = r.rps;
      if (!Number.isNaN(r.latency)) {
        if (s.latencyMs === undefined) s.latencyMs = new Float64Array(length).fill(NaN);
        s.latencyMs[k] = r.latency;
      }
    }
  }
  if (extra > 0) issues.push({ path: source, message: `${extra} more problems not listed` });
  if (issues.length > 0) throw new ValidationError(issues);
  const models: TraceSeries[] = [...series].map(([model, s]) =>
    s.latencyMs ? { model, rps: s.rps, latencyMs: s.latencyMs } : { model, rps: s.rps },
  );
  return { start, stepSeconds: step, length, models };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function parseNumber(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Writes a trace back as CSV (`timestamp,model,rps[,latency_ms]`), rows ordered by time then model. */
export function formatTraceCsv(trace: Trace): string {
  const withLatency = trace.models.some((m) => m.latencyMs !== undefined);
  const out = [withLatency ? 'timestamp,model,rps,latency_ms' : 'timestamp,model,rps'];
  for (let k = 0; k < trace.length; k++) {
    const ts = new Date((trace.start + k * trace.stepSeconds) * 1000)
      .toISOString()
      .replace('.000Z', 'Z');
    for (const m of trace.models) {
      const rps = +m.rps[k].toFixed(3);
      if (withLatency) {
        const l = m.latencyMs?.[k];
        out.push(
          `${ts},${m.model},${rps},${l === undefined || Number.isNaN(l) ? '' : +l.toFixed(1)}`,
        );
      } else out.push(`${ts},${m.model},${rps}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Resamples a trace onto a finer or odd step by time-weighted averages (used for steps that are not a
 * multiple of the 2 s tick). */
export function resampleTrace(trace: Trace, stepSeconds: number): Trace {
  const end = trace.length * trace.stepSeconds;
  const length = Math.ceil(end / stepSeconds);
  const resample = (a: Float64Array) => {
    const out = new Float64Array(length);
    for (let j = 0; j < length; j++) {
      const t0 = j * stepSeconds;
      const t1 = Math.min(end, t0 + stepSeconds);
      let acc = 0;
      let k = Math.floor(t0 / trace.stepSeconds);
      let t = t0;
      while (t < t1 && k < trace.length) {
        const next = Math.min(t1, (k + 1) * trace.stepSeconds);
        acc += a[k] * (next - t);
        t = next;
        k++;
      }
      out[j] = acc / (t1 - t0);
    }
    return out;
  };
  return {
    start: trace.start,
    stepSeconds,
    length,
    models: trace.models.map((m) =>
      m.latencyMs
        ? { model: m.model, rps: resample(m.rps), latencyMs: resample(m.latencyMs) }
        : { model: m.model, rps: resample(m.rps) },
    ),
  };
}

/** One model of a generated trace. */
export interface TidalModel {
  readonly model: string;
  /** Weekday peak requests per second. */
  readonly peakRps: number;
  /** Night-time floor. @default - 5 % of peakRps */
  readonly troughRps?: number;
  /** Mean latency written as `latency_ms`. @default - no latency column for this model */
  readonly latencyMs?: number;
  /** Short bursts per day on top of the tide. @default 2 */
  readonly burstsPerDay?: number;
  /** Burst height as a multiple of the tide at that time. @default 3 */
  readonly burstMultiplier?: number;
  /**
   * Local hours `[from, to)` with traffic; outside them the model gets none (a back-office model).
   * @default - all day
   */
  readonly activeHours?: readonly [number, number];
}

/** Options of `generateTidalTrace`. */
export interface TidalTraceOptions {
  /** Seed of the pseudo-random generator: the same seed gives the same trace. */
  readonly seed: number;
  readonly models: readonly TidalModel[];
  /** @default 7 */
  readonly days?: number;
  /** @default 60 */
  readonly stepSeconds?: number;
  /** Start time, ISO-8601. @default '2026-01-05T00:00:00+08:00' (a Monday in Beijing time) */
  readonly start?: string;
  /** Offset of the users' local time from UTC, for the shape of the day. @default 8 */
  readonly utcOffsetHours?: number;
  /** Saturday and Sunday traffic as a share of a weekday's. @default 0.55 */
  readonly weekendFactor?: number;
  /** Relative noise per step. @default 0.08 */
  readonly noise?: number;
}

/** mulberry32: a small, fast, seedable generator. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Daily shape in [0, 1] over local hours: a morning and an afternoon peak, a smaller evening one. */
export function tidalShape(hour: number): number {
  const g = (mu: number, sigma: number) => Math.exp(-((hour - mu) ** 2) / (2 * sigma * sigma));
  return Math.min(1, Math.max(g(10.5, 2), g(15, 2.2), 0.55 * g(20.5, 1.6)));
}

/**
 * Generates tidal daily traffic with weekday/weekend levels, noise and short bursts, deterministically
 * from `seed`. Low-traffic models get real idle steps (requests are drawn per step), so scale to zero shows.
 */
export function generateTidalTrace(opts: TidalTraceOptions): Trace {
  const rand = prng(opts.seed);
  const normal = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const poisson = (lambda: number) => {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rand();
    } while (p > l);
    return k - 1;
  };
  const step = opts.stepSeconds ?? 60;
  const days = opts.days ?? 7;
  const start = Date.parse(opts.start ?? '2026-01-05T00:00:00+08:00') / 1000;
  const offset = (opts.utcOffsetHours ?? 8) * 3600;
  const weekend = opts.weekendFactor ?? 0.55;
  const noise = opts.noise ?? 0.08;
  const length = Math.round((days * 86400) / step);
  const models: TraceSeries[] = opts.models.map((m) => {
    const rps = new Float64Array(length);
    const latency = m.latencyMs !== undefined ? new Float64Array(length) : undefined;
    const trough = m.troughRps ?? m.peakRps * 0.05;
    // bursts: [startStep, endStep, multiplier] drawn per day within local 08:00-22:00
    const bursts: number[][] = [];
    const perDay = m.burstsPerDay ?? 2;
    for (let d = 0; d < days; d++) {
      const count = Math.floor(perDay + rand());
      for (let b = 0; b < count; b++) {
        const at = d * 86400 + (8 + rand() * 14) * 3600;
        const dur = (3 + rand() * 12) * 60;
        bursts.push([
          at / step,
          (at + dur) / step,
          (m.burstMultiplier ?? 3) * (0.6 + 0.8 * rand()),
        ]);
      }
    }
    for (let k = 0; k < length; k++) {
      const t = start + k * step + offset;
      const hour = (((t % 86400) + 86400) % 86400) / 3600;
      const dow = (Math.floor(t / 86400) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      const level = dow === 0 || dow === 6 ? weekend : 1;
      let mean = trough + (m.peakRps - trough) * tidalShape(hour) * level;
      if (m.activeHours && (hour < m.activeHours[0] || hour >= m.activeHours[1])) mean = 0;
      for (const [b0, b1, mult] of bursts) if (k >= b0 && k < b1) mean *= mult;
      mean *= Math.max(0, 1 + noise * normal());
      rps[k] = poisson(mean * step) / step;
      if (latency) latency[k] = Math.max(1, m.latencyMs! * (1 + 0.05 * normal()));
    }
    return latency ? { model: m.model, rps, latencyMs: latency } : { model: m.model, rps };
  });
  return { start, stepSeconds: step, length, models };
}

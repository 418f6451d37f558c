/**
 * Request latency (wait plus service time) in a log-bucketed histogram with bounded error.
 *
 * Bin 0 holds latencies under 1 ms; bin k >= 1 holds [1.01^(k-1), 1.01^k) ms, so a bin spans 1 %. Each bin
 * keeps the weight of its requests and the sum of their latencies, and a percentile is the mean latency
 * of the bin where the cumulative weight reaches it. That mean lies in the same bin as the true
 * percentile, so the error is under 1 % of the value, and there is none when the bin holds one distinct
 * latency (the usual case: constant service time plus waits in whole 2 s ticks). The last bin also
 * takes everything from 1.01^(LATENCY_BINS-2) ms (about 2.8 hours) up.
 */

/** Ratio between the bounds of a bin. */
export const LATENCY_BIN_RATIO = 1.01;
/** Bins per histogram: up to 1e7 ms. */
export const LATENCY_BINS = 1622;
const LOG_RATIO = Math.log(LATENCY_BIN_RATIO);

/** Bins of the coarse histograms kept per chart sample: 8 fine bins each (about 8.3 % wide). */
export const COARSE_SHIFT = 3;
export const COARSE_BINS = (LATENCY_BINS >> COARSE_SHIFT) + 1;

/** The bin of a latency in milliseconds. */
export function latencyBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  const b = 1 + Math.floor(Math.log(ms) / LOG_RATIO);
  return b < LATENCY_BINS ? b : LATENCY_BINS - 1;
}

/** A latency histogram: request weight per bin and the weighted sum of latencies per bin. */
export interface LatencyHistogram {
  readonly weight: Float64Array;
  readonly sumMs: Float64Array;
}

export function emptyLatencyHistogram(): LatencyHistogram {
  return { weight: new Float64Array(LATENCY_BINS), sumMs: new Float64Array(LATENCY_BINS) };
}

/** The sum of several histograms (versions of a model, or the fleet). */
export function mergeLatency(hs: readonly LatencyHistogram[]): LatencyHistogram {
  const out = emptyLatencyHistogram();
  for (const h of hs) {
    for (let i = 0; i < LATENCY_BINS; i++) {
      out.weight[i] += h.weight[i];
      out.sumMs[i] += h.sumMs[i];
    }
  }
  return out;
}

/** Total weight (requests) in a histogram. */
export function latencyCount(h: LatencyHistogram): number {
  let t = 0;
  for (let i = 0; i < h.weight.length; i++) t += h.weight[i];
  return t;
}

/**
 * The p-th percentile (0 < p <= 1) in milliseconds: the mean latency of the first bin at which the
 * cumulative weight reaches p of the total. 0 when the histogram is empty.
 */
export function latencyPercentileMs(h: LatencyHistogram, p: number): number {
  const total = latencyCount(h);
  if (total <= 1e-9) return 0;
  let cum = 0;
  for (let i = 0; i < h.weight.length; i++) {
    cum += h.weight[i];
    // rounded to a nanosecond, so that a bin of one latency gives it back exactly
    if (h.weight[i] > 0 && cum >= p * total - 1e-9 * total) {
      return Math.round((h.sumMs[i] / h.weight[i]) * 1e6) / 1e6;
    }
  }
  return 0;
}

/** The same over a coarse histogram that keeps weights only: the geometric middle of the bin. */
export function coarsePercentileMs(weights: Float64Array, offset: number, p: number): number {
  let total = 0;
  for (let i = 0; i < COARSE_BINS; i++) total += weights[offset + i];
  if (total <= 1e-9) return 0;
  let cum = 0;
  for (let i = 0; i < COARSE_BINS; i++) {
    cum += weights[offset + i];
    if (cum >= p * total - 1e-9 * total) {
      if (i === 0) return 1;
      // fine bins [8i, 8i + 8): from 1.01^(8i - 1) to 1.01^(8i + 7) ms
      return LATENCY_BIN_RATIO ** ((i << COARSE_SHIFT) + 3);
    }
  }
  return 0;
}

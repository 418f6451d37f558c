import { ResolvedVersion } from './resolve';

/** Demand of one version: its model's rps series (already split by the caller) and latency. */
export interface VersionDemand {
  readonly rps?: Float64Array;
  readonly latencyMs?: Float64Array;
  readonly defaultLatencyMs: number;
}

// Slots of a version's per-row inputs.
export const R_RPS = 0;
export const R_LAT_MS = 1;
export const ROW_SLOTS = 2;

/** A version's share of its model's rps in trace row `row` (0 past the end of the series). */
export function rowRps(d: VersionDemand, share: number, row: number): number {
  return d.rps !== undefined && row < d.rps.length ? d.rps[row] * share : 0;
}

/** Latency in milliseconds in trace row `row`: the trace's, else the version's default. */
export function rowLatencyMs(d: VersionDemand, row: number): number {
  return d.latencyMs !== undefined ? d.latencyMs[row] : d.defaultLatencyMs;
}

/**
 * Per-version inputs by trace row, side by side in one array (one cache line holds several rows): rps
 * already split by traffic share, and latency in milliseconds. The KPA and HPA runs share them.
 */
export function buildRowInputs(
  versions: readonly ResolvedVersion[],
  demand: readonly VersionDemand[],
  rows: number,
): Float64Array[] {
  return versions.map((v, i) => {
    const d = demand[i];
    const a = new Float64Array(rows * ROW_SLOTS);
    for (let k = 0; k < rows; k++) {
      a[k * ROW_SLOTS + R_RPS] = rowRps(d, v.share, k);
      a[k * ROW_SLOTS + R_LAT_MS] = rowLatencyMs(d, k);
    }
    return a;
  });
}

import {
  LatencyHistogram,
  latencyCount,
  latencyPercentileMs,
  mergeLatency,
} from './latency-histogram';
import { TICK_SECONDS } from './resolve';
import { ServiceFigures, SimSlo, SloResult } from './types';

/** Served requests, availability and latency percentiles from the histograms and failure counts. */
export function serviceFigures(
  latency: LatencyHistogram,
  coldWait: Float64Array,
  failed: number,
): ServiceFigures {
  const served = latencyCount(latency);
  const settled = served + failed;
  return {
    served,
    ...(settled > 1e-9 ? { availability: (100 * served) / settled } : {}),
    latencyP50Ms: latencyPercentileMs(latency, 0.5),
    latencyP95Ms: latencyPercentileMs(latency, 0.95),
    latencyP99Ms: latencyPercentileMs(latency, 0.99),
    coldStartWaitP99Ms: waitHistogramPercentileMs(coldWait, 0.99),
  };
}

/** Figures of a model or the fleet: histograms merged over its versions. */
export function mergedServiceFigures(
  parts: readonly {
    latencyHistogram: LatencyHistogram;
    coldStartWaitHistogram: Float64Array;
    failedTimeout: number;
    failedOverflow: number;
  }[],
): ServiceFigures {
  const latency = mergeLatency(parts.map((p) => p.latencyHistogram));
  const cold = new Float64Array(parts[0]?.coldStartWaitHistogram.length ?? 1);
  let failed = 0;
  for (const p of parts) {
    for (let i = 0; i < cold.length; i++) cold[i] += p.coldStartWaitHistogram[i];
    failed += p.failedTimeout + p.failedOverflow;
  }
  return serviceFigures(latency, cold, failed);
}

/**
 * Percentile of a wait histogram in whole ticks (bin i = i ticks) among the requests that waited
 * (bins >= 1), in milliseconds; 0 when none waited.
 */
export function waitHistogramPercentileMs(hist: Float64Array, p: number): number {
  let total = 0;
  for (let i = 1; i < hist.length; i++) total += hist[i];
  if (total <= 1e-9) return 0;
  let cum = 0;
  for (let i = 1; i < hist.length; i++) {
    cum += hist[i];
    if (cum >= p * total - 1e-9) return i * TICK_SECONDS * 1000;
  }
  return (hist.length - 1) * TICK_SECONDS * 1000;
}

/**
 * A model's objective against the figures: availability achieved >= the objective, and p99 latency
 * <= latencyP99Ms. A model with no settled request passes its availability objective.
 */
export function checkSloResult(slo: SimSlo | undefined, f: ServiceFigures): SloResult | undefined {
  if (slo === undefined || (slo.availability === undefined && slo.latencyP99Ms === undefined)) {
    return undefined;
  }
  const availability =
    slo.availability !== undefined
      ? {
          objective: slo.availability,
          ...(f.availability !== undefined ? { achieved: f.availability } : {}),
          pass: f.availability === undefined || f.availability >= slo.availability,
        }
      : undefined;
  const latencyP99 =
    slo.latencyP99Ms !== undefined
      ? {
          objectiveMs: slo.latencyP99Ms,
          achievedMs: f.latencyP99Ms,
          pass: f.latencyP99Ms <= slo.latencyP99Ms,
        }
      : undefined;
  return {
    ...(availability ? { availability } : {}),
    ...(latencyP99 ? { latencyP99 } : {}),
    ...(slo.window !== undefined ? { window: slo.window } : {}),
    pass: (availability?.pass ?? true) && (latencyP99?.pass ?? true),
  };
}

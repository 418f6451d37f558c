import { parseGoDuration, throwIfAny } from '../validation';
import { EngineOutput, runEngine } from './engine';
import { VersionDemand, buildRowInputs } from './row-inputs';
import { HpaSettings, VersionState, WAIT_BINS } from './version-state';
import { examplePrices } from './prices';
import {
  DEFAULT_ECS_POOL,
  ResolvedVersion,
  TICK_SECONDS,
  checkSimVersions,
  resolveVersion,
  windowTicks,
} from './resolve';
import { COARSE_BINS, coarsePercentileMs } from './latency-histogram';
import {
  checkSloResult,
  mergedServiceFigures,
  serviceFigures,
  waitHistogramPercentileMs,
} from './service-figures';
import { resampleTrace } from './trace';
import {
  FleetResult,
  ModelResult,
  Prices,
  SimOptions,
  SimResult,
  SimVersion,
  Trace,
  VersionResult,
} from './types';

const MONTH_SECONDS = 30 * 86400;

/**
 * Replays a trace through the Knative Pod Autoscaler model, ECS/ECI placement and prices, and (unless
 * `baselines: false`) through plain HPA on CPU and a fixed fleet sized for the peak.
 * Deterministic: the same input gives the same result on every run.
 * @throws ValidationError listing every problem in `versions`
 */
export function simulate(
  versions: readonly SimVersion[],
  trace: Trace,
  opts: SimOptions = {},
): SimResult {
  const prices = opts.prices ?? examplePrices();
  const cluster = opts.cluster ?? {};
  throwIfAny(checkSimVersions(versions, prices, cluster));
  const tr = trace.stepSeconds % TICK_SECONDS === 0 ? trace : resampleTrace(trace, TICK_SECONDS);
  const rowTicks = tr.stepSeconds / TICK_SECONDS;
  const ticks = tr.length * rowTicks;
  const durationSeconds = ticks * TICK_SECONDS;
  const defaultLatency = opts.defaultLatencyMs ?? 100;
  const sampleTicks = windowTicks(opts.sampleSeconds ?? 300);

  const resolved = versions.map((v, i) => resolveVersion(v, i, cluster, prices));
  const modelNames: string[] = [];
  const modelIndex = new Map<string, number>();
  for (const v of versions) {
    if (!modelIndex.has(v.model)) {
      modelIndex.set(v.model, modelNames.length);
      modelNames.push(v.model);
    }
  }
  const modelOf = versions.map((v) => modelIndex.get(v.model)!);
  const series = new Map(tr.models.map((m) => [m.model, m]));
  const demand: VersionDemand[] = versions.map((v) => {
    const s = series.get(v.model);
    const fallback = v.latencyMs ?? defaultLatency;
    let latencyMs = s?.latencyMs;
    if (latencyMs !== undefined && latencyMs.some((x) => Number.isNaN(x))) {
      latencyMs = latencyMs.map((x) => (Number.isNaN(x) ? fallback : x));
    }
    return { rps: s?.rps, latencyMs, defaultLatencyMs: fallback };
  });

  const ecs = { ...DEFAULT_ECS_POOL, ...(cluster.ecs ?? {}) };
  const podsPerNode = cluster.ecs?.podsPerNode ?? DEFAULT_ECS_POOL.podsPerNode;
  const poolCpu = ecs.nodes * ecs.cpuPerNode;
  const poolCost = (ecs.nodes * prices.ecsNodeMonthly * durationSeconds) / MONTH_SECONDS;
  const ecsCpuSecondPrice =
    poolCpu > 0 && durationSeconds > 0 ? poolCost / (poolCpu * durationSeconds) : 0;
  const h = cluster.hpa ?? {};
  const hpa: HpaSettings = {
    targetCpu: (h.targetCpuPercent ?? 70) / 100,
    syncTicks: windowTicks(durationOf(h.syncPeriod, '15s')),
    stabilizationSyncs: Math.max(
      1,
      Math.round(durationOf(h.scaleDownStabilization, '5m') / durationOf(h.syncPeriod, '15s')),
    ),
    metricTicks: windowTicks(durationOf(h.metricWindow, '30s')),
  };
  const rowInputs = buildRowInputs(resolved, demand, Math.ceil(ticks / rowTicks));
  const run = (scaler: 'kpa' | 'hpa'): EngineOutput =>
    runEngine({
      versions: resolved,
      demand,
      rowInputs,
      rowTicks,
      ticks,
      pool: {
        cpu: poolCpu,
        memoryGiB: ecs.nodes * ecs.memoryGiBPerNode,
        pods: ecs.nodes * podsPerNode,
      },
      scaler,
      start: opts.start ?? 'warm',
      skipIdle: opts.skipIdle,
      sampleTicks,
      hpa,
      modelOf,
      modelCount: modelNames.length,
    });

  const kpa = run('kpa');
  const withBaselines = opts.baselines ?? true;
  const hpaOut = withBaselines ? run('hpa') : undefined;
  const fixed = withBaselines
    ? fixedBaseline(resolved, demand, tr, ecs, podsPerNode, prices, durationSeconds)
    : undefined;

  const versionResults = resolved.map((r, i) => versionResult(r, kpa.states[i], ecsCpuSecondPrice));
  const hpaCosts = hpaOut
    ? resolved.map((r, i) => versionResult(r, hpaOut.states[i], ecsCpuSecondPrice))
    : undefined;

  const models: ModelResult[] = modelNames.map((model, m) => {
    const idx = resolved.filter((_, i) => modelOf[i] === m).map((r) => r.index);
    const vs = idx.map((i) => versionResults[i]);
    const hist = sumHistograms(vs.map((v) => v.waitHistogram));
    const figures = mergedServiceFigures(vs);
    const slo = checkSloResult(versions[idx[0]]?.slo, figures);
    return {
      model,
      ...figures,
      ...(slo ? { slo } : {}),
      versions: vs,
      podHoursEcs: sum(vs.map((v) => v.podSecondsEcs)) / 3600,
      podHoursEci: sum(vs.map((v) => v.podSecondsEci + v.podSecondsReserve)) / 3600,
      podHoursGpu: sum(vs.map((v) => v.podSecondsGpu)) / 3600,
      peakPods: kpa.modelPeakPods[m],
      coldStarts: sum(vs.map((v) => v.coldStarts)),
      requests: sum(vs.map((v) => v.requests)),
      waitedRequests: sum(vs.map((v) => v.waitedRequests)),
      failedTimeout: sum(vs.map((v) => v.failedTimeout)),
      failedOverflow: sum(vs.map((v) => v.failedOverflow)),
      waitP50Ms: waitPercentileMs(hist, 0.5),
      waitP99Ms: waitPercentileMs(hist, 0.99),
      cost: sum(vs.map((v) => v.cost)),
      hpa: hpaCosts
        ? {
            cost: sum(idx.map((i) => hpaCosts[i].cost)),
            peakPods: hpaOut!.modelPeakPods[m],
            waitedRequests: sum(idx.map((i) => hpaCosts[i].waitedRequests)),
          }
        : undefined,
      fixed: fixed
        ? { cost: sum(idx.map((i) => fixed.cost[i])), pods: sum(idx.map((i) => fixed.pods[i])) }
        : undefined,
    };
  });

  const allHist = sumHistograms(versionResults.map((v) => v.waitHistogram));
  const attributed = sum(versionResults.map((v) => v.costEcsShare));
  const variable = sum(versionResults.map((v) => v.costEci + v.costGpu));
  const fleet: FleetResult = {
    ...mergedServiceFigures(versionResults),
    podHoursEcs: sum(models.map((m) => m.podHoursEcs)),
    podHoursEci: sum(models.map((m) => m.podHoursEci)),
    podHoursGpu: sum(models.map((m) => m.podHoursGpu)),
    peakPods: kpa.fleetPeakPods,
    coldStarts: sum(models.map((m) => m.coldStarts)),
    requests: sum(models.map((m) => m.requests)),
    waitedRequests: sum(models.map((m) => m.waitedRequests)),
    failedTimeout: sum(models.map((m) => m.failedTimeout)),
    failedOverflow: sum(models.map((m) => m.failedOverflow)),
    waitP50Ms: waitPercentileMs(allHist, 0.5),
    waitP99Ms: waitPercentileMs(allHist, 0.99),
    costEcsPool: poolCost,
    costEcsIdle: Math.max(0, poolCost - attributed),
    cost: poolCost + variable,
    hpa:
      hpaOut && hpaCosts
        ? {
            cost: poolCost + sum(hpaCosts.map((v) => v.costEci + v.costGpu)),
            peakPods: hpaOut.fleetPeakPods,
            waitedRequests: sum(hpaCosts.map((v) => v.waitedRequests)),
          }
        : undefined,
    fixed: fixed ? { cost: fixed.total, pods: sum(fixed.pods), ecsNodes: fixed.nodes } : undefined,
  };

  const samples = kpa.podsEcs.length;
  const times = new Float64Array(samples);
  const sampleSeconds = sampleTicks * TICK_SECONDS;
  const poolPerTick = ticks > 0 ? poolCost / ticks : 0;
  const cumulative = (out: EngineOutput) => {
    const c = new Float64Array(samples);
    for (let i = 0; i < samples; i++) {
      c[i] = out.variableCost[i] + poolPerTick * Math.min(ticks, (i + 1) * sampleTicks);
    }
    return c;
  };
  for (let i = 0; i < samples; i++) times[i] = tr.start + i * sampleSeconds;
  const fleetRps = new Float64Array(samples);
  for (const a of kpa.modelRps) for (let i = 0; i < samples; i++) fleetRps[i] += a[i];
  const hpaPods = hpaOut ? new Float64Array(samples) : undefined;
  if (hpaOut && hpaPods) {
    for (let i = 0; i < samples; i++) {
      hpaPods[i] = hpaOut.podsEcs[i] + hpaOut.podsEci[i] + hpaOut.podsGpu[i];
    }
  }
  return {
    tickSeconds: TICK_SECONDS,
    ticks,
    start: tr.start,
    durationSeconds,
    currency: prices.currency,
    pricesNote: prices.note,
    ecsPool: {
      nodes: ecs.nodes,
      cpuPerNode: ecs.cpuPerNode,
      memoryGiBPerNode: ecs.memoryGiBPerNode,
      podsPerNode,
    },
    models,
    fleet,
    series: {
      sampleSeconds,
      times,
      models: modelNames.map((model, m) => ({
        model,
        rps: kpa.modelRps[m],
        pods: kpa.modelPods[m],
        podsNeeded: kpa.modelNeed[m],
      })),
      fleetRps,
      podsEcs: kpa.podsEcs,
      podsEci: kpa.podsEci,
      podsGpu: kpa.podsGpu,
      cost: cumulative(kpa),
      failedTimeoutRps: kpa.failedTimeout.map((x) => x / sampleSeconds),
      failedOverflowRps: kpa.failedOverflow.map((x) => x / sampleSeconds),
      latencyP50Ms: samplePercentiles(kpa.latencyCoarse, samples, 0.5),
      latencyP95Ms: samplePercentiles(kpa.latencyCoarse, samples, 0.95),
      latencyP99Ms: samplePercentiles(kpa.latencyCoarse, samples, 0.99),
      hpaPods,
      hpaCost: hpaOut ? cumulative(hpaOut) : undefined,
      fixedPods: fixed ? sum(fixed.pods) : undefined,
      fixedCostPerSecond: fixed && durationSeconds > 0 ? fixed.total / durationSeconds : undefined,
    },
  };
}

function samplePercentiles(coarse: Float64Array, samples: number, p: number): Float64Array {
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) out[i] = coarsePercentileMs(coarse, i * COARSE_BINS, p);
  return out;
}

function durationOf(text: string | undefined, fallback: string): number {
  return (parseGoDuration(text ?? fallback) ?? parseGoDuration(fallback)!) / 1e9;
}

function versionResult(
  r: ResolvedVersion,
  s: VersionState,
  ecsCpuSecondPrice: number,
): VersionResult {
  const gpu = r.version.placement === 'gpu';
  const podSecondsEcs = s.podTicksEcs * TICK_SECONDS;
  const eciLike = s.podTicksEci * TICK_SECONDS;
  const costEci = (gpu ? 0 : s.podTicksEci * r.eciTickCost) + s.podTicksReserve * r.reserveTickCost;
  const costGpu = gpu ? s.podTicksEci * r.eciTickCost : 0;
  const costEcsShare = podSecondsEcs * r.version.resources.cpu * ecsCpuSecondPrice;
  return {
    ...serviceFigures(
      { weight: s.latW, sumMs: s.latS },
      s.coldHist,
      s.failedTimeout + s.failedOverflow,
    ),
    model: r.version.model,
    version: r.version.version,
    placement: r.version.placement,
    podSecondsEcs,
    podSecondsEci: gpu ? 0 : eciLike,
    podSecondsGpu: gpu ? eciLike : 0,
    podSecondsReserve: s.podTicksReserve * TICK_SECONDS,
    peakPods: s.peakPods,
    podStarts: s.podStarts,
    coldStarts: s.coldStarts,
    scaleToZeroCount: s.scaleToZero,
    panicSeconds: s.panicTicks * TICK_SECONDS,
    proxySeconds: s.proxyTicks * TICK_SECONDS,
    requests: s.requests,
    waitedRequests: s.waited,
    failedTimeout: s.failedTimeout,
    failedOverflow: s.failedOverflow,
    queuedAtEnd: s.qTotal,
    waitHistogram: s.hist,
    coldStartWaitHistogram: s.coldHist,
    latencyHistogram: { weight: s.latW, sumMs: s.latS },
    startup: { ecs: r.startupEcs, eci: r.startupEci },
    costEci,
    costGpu,
    costEcsShare,
    cost: costEci + costGpu + costEcsShare,
  };
}

/** Fixed capacity sized for the peak at each version's target: ECS subscription nodes, GPU by the month. */
function fixedBaseline(
  resolved: readonly ResolvedVersion[],
  demand: readonly VersionDemand[],
  trace: Trace,
  ecs: { nodes: number; cpuPerNode: number; memoryGiBPerNode: number },
  podsPerNode: number,
  prices: Prices,
  durationSeconds: number,
): { pods: number[]; cost: number[]; total: number; nodes: number } {
  const months = durationSeconds / MONTH_SECONDS;
  const pods = resolved.map((r, i) => {
    const d = demand[i];
    let peak = 0;
    if (d.rps !== undefined) {
      for (let row = 0; row < trace.length; row++) {
        const rps = d.rps[row] * r.share;
        const lat = (d.latencyMs !== undefined ? d.latencyMs[row] : d.defaultLatencyMs) / 1000;
        const x = r.metricRps ? rps : rps * lat;
        if (x > peak) peak = x;
      }
    }
    // every deployed version keeps at least one pod: idle versions are what scale to zero saves
    return Math.max(1, r.minScale, Math.ceil(peak / r.targetValue - 1e-9));
  });
  let cpu = 0;
  let mem = 0;
  let count = 0;
  resolved.forEach((r, i) => {
    if (r.version.placement === 'gpu') return;
    cpu += pods[i] * r.version.resources.cpu;
    mem += pods[i] * r.version.resources.memoryGiB;
    count += pods[i];
  });
  const nodes = Math.max(
    Math.ceil(cpu / ecs.cpuPerNode - 1e-9),
    Math.ceil(mem / ecs.memoryGiBPerNode - 1e-9),
    Math.ceil(count / podsPerNode - 1e-9),
  );
  const nodeCost = nodes * prices.ecsNodeMonthly * months;
  const cost = resolved.map((r, i) =>
    r.version.placement === 'gpu'
      ? pods[i] * r.gpuMonthly * months
      : cpu > 0
        ? (nodeCost * pods[i] * r.version.resources.cpu) / cpu
        : 0,
  );
  return { pods, cost, total: sum(cost), nodes };
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

function sumHistograms(hs: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(WAIT_BINS);
  for (const h of hs) for (let i = 0; i < WAIT_BINS; i++) out[i] += h[i];
  return out;
}

/** Percentile of added wait among requests that waited (bins >= 1), in milliseconds, 2 s resolution. */
export function waitPercentileMs(hist: Float64Array, p: number): number {
  return waitHistogramPercentileMs(hist, p);
}

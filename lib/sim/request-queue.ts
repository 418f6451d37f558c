import {
  ACTIVATOR_QUEUE_DEPTH,
  QUEUE_PROXY_DEPTH_PER_SLOT,
  ResolvedVersion,
  TICK_SECONDS,
} from './resolve';
import * as histogram from './latency-histogram';
import * as state from './version-state';
import type { VersionState } from './version-state';

// Module-local copies: imported bindings can compile to property getters, too slow for the hot loop.
const DT: number = TICK_SECONDS;
const DT_MS: number = TICK_SECONDS * 1000;
const QP_DEPTH: number = QUEUE_PROXY_DEPTH_PER_SLOT;
const ACT_DEPTH: number = ACTIVATOR_QUEUE_DEPTH;
const { COARSE_SHIFT, latencyBin } = histogram;
const {
  F_FAILED_OVERFLOW,
  F_FAILED_TIMEOUT,
  F_LAT_MS,
  F_NOW,
  F_POD_CAPACITY,
  F_Q_TOTAL,
  F_REQUESTS,
  F_RPS,
  F_LATENCY,
  F_OBSERVED,
  F_UTILIZATION,
  F_HPA_POD_CAPACITY,
  F_WAITED,
  QUEUE_COHORTS,
  WAIT_BINS,
} = state;

/**
 * One tick of traffic through a FIFO fluid queue of request cohorts, then what the autoscaler sees of it.
 * Each serving pod holds `containerConcurrency` requests (0 = unlimited) for the row's latency, so it
 * serves cc * 2s / latency requests per tick; with no Ready pod, a started reserved instance serves.
 */
export function serveRequests(r: ResolvedVersion, s: VersionState, tick: number): void {
  const ready = s.readyEcs + s.readyEci;
  const serving =
    ready > 0 ? ready : s.reservePods > 0 && s.reserveReadyAt <= tick ? s.reservePods : 0;
  const rps = s.f[F_RPS];
  const arrivals = rps * DT;
  // Requests that have waited the revision's timeout fail: the activator and queue-proxy give up at
  // timeoutSeconds / responseStartTimeoutSeconds (cmd/activator/main.go, pkg/queue/sharedmain/handlers.go).
  const limit = r.waitLimitTicks;
  while (s.qLen > 0 && tick - s.qTick[s.qHead] >= limit) {
    const h = s.qHead;
    s.f[F_FAILED_TIMEOUT] += s.qAmt[h];
    s.f[F_Q_TOTAL] -= s.qAmt[h];
    s.qHead = (h + 1) % QUEUE_COHORTS;
    s.qLen--;
  }
  if (s.qLen === 0) s.f[F_Q_TOTAL] = 0;
  let cap = serving === 0 ? 0 : serving * s.f[F_POD_CAPACITY];
  let served = 0;
  while (s.qLen > 0 && cap > 0) {
    const h = s.qHead;
    const take = Math.min(cap, s.qAmt[h]);
    const age = tick - s.qTick[h];
    const ageBin = age < WAIT_BINS ? age : WAIT_BINS - 1;
    s.hist[ageBin] += take;
    if (s.qCold[h] === 1) s.coldHist[ageBin] += take;
    const ms = age * DT_MS + s.f[F_LAT_MS];
    const b = latencyBin(ms);
    s.latW[b] += take;
    s.latS[b] += take * ms;
    s.sampleLat[s.sampleBase + (b >> COARSE_SHIFT)] += take;
    s.f[F_WAITED] += take;
    served += take;
    cap -= take;
    s.f[F_Q_TOTAL] -= take;
    s.qAmt[h] -= take;
    if (s.qAmt[h] <= 1e-9) {
      s.qHead = (h + 1) % QUEUE_COHORTS;
      s.qLen--;
    }
  }
  if (s.qLen === 0) s.f[F_Q_TOTAL] = 0;
  if (arrivals > 0) {
    const now = Math.min(cap, arrivals);
    // served at once: added to the histograms at the end of the block (flushServedNow)
    s.f[F_NOW] += now;
    served += now;
    const left = arrivals - now;
    if (left > 1e-9) {
      if (s.qLen === QUEUE_COHORTS) {
        s.qAmt[(s.qHead + s.qLen - 1) % QUEUE_COHORTS] += left;
      } else {
        const slot = (s.qHead + s.qLen) % QUEUE_COHORTS;
        s.qTick[slot] = tick;
        s.qAmt[slot] = left;
        s.qCold[slot] = serving === 0 ? 1 : 0;
        s.qLen++;
      }
      s.f[F_Q_TOTAL] += left;
    }
    s.f[F_REQUESTS] += arrivals;
  }
  // A full breaker answers 503: queue-proxy queues 10 x containerConcurrency per Ready pod
  // (pkg/queue/sharedmain/main.go, pkg/queue/breaker.go); while the activator is in the path, its
  // per-revision breaker queues up to 10000 (pkg/activator/net/throttler.go). The newest arrivals go.
  if (s.knative === 1 && s.f[F_Q_TOTAL] > 0) {
    const cc = r.containerConcurrency;
    const depth =
      s.proxy === 1 || ready === 0 ? ACT_DEPTH : cc > 0 ? ready * cc * QP_DEPTH : Infinity;
    let excess = s.f[F_Q_TOTAL] - depth;
    if (excess > 1e-9) {
      s.f[F_FAILED_OVERFLOW] += excess;
      s.f[F_Q_TOTAL] -= excess;
      while (excess > 1e-9 && s.qLen > 0) {
        const last = (s.qHead + s.qLen - 1) % QUEUE_COHORTS;
        const take = Math.min(excess, s.qAmt[last]);
        s.qAmt[last] -= take;
        excess -= take;
        if (s.qAmt[last] <= 1e-9) s.qLen--;
      }
      if (s.qLen === 0) s.f[F_Q_TOTAL] = 0;
    }
  }
  if (s.f[F_Q_TOTAL] > 0 && serving === 0) {
    if (s.inCold === 0) {
      s.coldStarts++;
      s.inCold = 1;
    }
  } else if (serving > 0) s.inCold = 0;
  // Concurrency by Little's law, plus requests waiting in the activator or queue-proxy.
  const inService = (served * s.f[F_LATENCY]) / DT;
  if (s.knative === 1) {
    s.f[F_OBSERVED] = r.metricRps ? rps : inService + s.f[F_Q_TOTAL];
    // No Ready pod to scrape and no request at the activator: nothing is reported
    // (pkg/autoscaler/metrics/stats_scraper.go, pkg/activator/handler/concurrency_reporter.go).
    s.rec = ready > 0 || arrivals > 0 || s.f[F_Q_TOTAL] > 0 ? 1 : 0;
  } else {
    s.f[F_UTILIZATION] =
      ready > 0 ? Math.min(1, inService / (ready * s.f[F_HPA_POD_CAPACITY])) : arrivals > 0 ? 1 : 0;
  }
}

/** Adds the requests a version served at once during the block to its wait and latency histograms. */
export function flushServedNow(s: VersionState): void {
  const now = s.f[F_NOW];
  if (now === 0) return;
  s.f[F_NOW] = 0;
  s.hist[0] += now;
  s.latW[s.latBin0] += now;
  s.latS[s.latBin0] += now * s.f[F_LAT_MS];
  s.sampleLat[s.sampleBase + s.latCoarse0] += now;
}

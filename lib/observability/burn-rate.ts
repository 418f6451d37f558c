import { parsePrometheusDuration } from '../models/slo';

/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, "Alerting on SLOs", table 5-8): an
 * alert fires when both a long and a short window burn the error budget faster than a factor; the
 * short window makes it stop soon after the burn stops. Recording-rule names follow Prometheus's
 * `level:metric:operations` convention (https://prometheus.io/docs/practices/rules/).
 */

/** One long/short window pair and the burn factor both must exceed. */
export interface BurnWindow {
  readonly long: string;
  readonly short: string;
  /** How many times faster than the objective allows the budget is being spent. */
  readonly factor: number;
  readonly severity: 'page' | 'ticket';
}

/**
 * Burning at `factor` for the long window spends `factor x long / objective window` of the budget:
 * of a 30-day budget, 2 % in 1 h and 5 % in 6 h page; 10 % in 1 d and 10 % in 3 d open a ticket.
 */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'page' },
  { long: '6h', short: '30m', factor: 6, severity: 'page' },
  { long: '1d', short: '2h', factor: 3, severity: 'ticket' },
  { long: '3d', short: '6h', factor: 1, severity: 'ticket' },
];

/** Every window a ratio is recorded over, shortest first. */
export const SLI_WINDOWS: readonly string[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** The two SLIs: server errors (availability) and requests slower than the p99 threshold (latency). */
export type SliKind = 'errors' | 'slow';

/** The recording rule of a model's SLI over a window, e.g. `model:ack_serving_request_errors:ratio_rate5m`. */
export function sliRecord(
  kind: SliKind,
  window: string,
  level: 'model' | 'model_version' = 'model',
): string {
  return `${level}:ack_serving_request_${kind}:ratio_rate${window}`;
}

/** The recording rule of the error budget left over the objective's window. */
export const BUDGET_REMAINING_RECORD = 'model:ack_serving_error_budget_remaining:ratio';

/** Requests per second per version over 5 minutes. */
export const VERSION_RATE_RECORD = 'model_version:ack_serving_requests:rate5m';

/** A latency quantile per version over 5 minutes, in seconds. */
export function quantileRecord(q: 50 | 99): string {
  return `model_version:ack_serving_request_duration_seconds:p${q}_rate5m`;
}

/** The share of the budget, in percent, a window pair's burn spends over its long window. */
export function budgetSpentPercent(w: BurnWindow, objectiveWindowSeconds: number): number {
  const long = parsePrometheusDuration(w.long) ?? NaN;
  return Number(((w.factor * long * 100) / objectiveWindowSeconds).toPrecision(3));
}

/** A number as PromQL writes it, without float noise (0.1 * 3 -> 0.3). */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/**
 * The alert expression for one severity: each window pair of that severity, long and short both
 * over `factor * budget`, joined with `or` (`and` matches the recorded series label for label).
 */
export function burnRateExpr(
  kind: SliKind,
  selector: string,
  budget: number,
  severity: 'page' | 'ticket',
): string {
  return BURN_WINDOWS.filter((w) => w.severity === severity)
    .map(
      (w) =>
        `(\n  ${sliRecord(kind, w.long)}${selector} > (${num(w.factor)} * ${num(budget)})\nand\n  ${sliRecord(kind, w.short)}${selector} > (${num(w.factor)} * ${num(budget)})\n)`,
    )
    .join('\nor\n');
}

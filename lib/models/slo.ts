import { Fields, Issue, nestedFields, show } from '../validation';
import { AlertsSpec, SloSpec } from './catalog';

/** The window an objective is measured over when the catalog names none. */
export const DEFAULT_SLO_WINDOW = '28d';

const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

/**
 * Parses a Prometheus duration (`28d`, `1h30m`, units y w d h m s ms, largest first, each once).
 * Returns seconds, or undefined when Prometheus would reject it.
 */
export function parsePrometheusDuration(text: string): number | undefined {
  // github.com/prometheus/common model/time.go ParseDuration
  const m =
    /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/.exec(
      text,
    );
  if (text === '' || m === null) return text === '0' ? 0 : undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let total = 0;
  units.forEach((u, i) => {
    if (m[i + 1] !== undefined) total += Number(m[i + 1]) * UNIT_SECONDS[u];
  });
  return total;
}

const MIN_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 90;

/**
 * The objective's rules, reported where each field was written. The burn-rate alerts divide by the
 * error budget (100 - availability), and their longest alert window is 3 days, so the objective's
 * window must be well longer than that.
 */
export function checkSlo(slo: SloSpec | undefined, origins: Fields): Issue[] {
  if (slo === undefined) return [];
  const at = nestedFields(origins, 'slo');
  const issues: Issue[] = [];
  const a = slo.availability;
  if (a !== undefined && !(Number.isFinite(a) && a > 0 && a < 100)) {
    issues.push({
      path: at.path('availability'),
      message:
        a === 100
          ? `availability 100 leaves no error budget, so no burn rate can be computed; use a percent below 100, e.g. 99.9`
          : `availability ${show(a)} is not a percent between 0 and 100 (exclusive); use e.g. 99.9`,
    });
  }
  const p99 = slo.latencyP99Ms;
  if (p99 !== undefined && !(Number.isFinite(p99) && p99 > 0)) {
    issues.push({
      path: at.path('latencyP99Ms'),
      message: `latencyP99Ms ${show(p99)} must be a number of milliseconds above 0, e.g. 250`,
    });
  }
  if (slo.window !== undefined) {
    const seconds = parsePrometheusDuration(slo.window);
    if (seconds === undefined) {
      issues.push({
        path: at.path('window'),
        message: `window ${show(slo.window)} is not a Prometheus duration; write e.g. '28d' or '4w'`,
      });
    } else if (seconds < MIN_WINDOW_DAYS * 86400 || seconds > MAX_WINDOW_DAYS * 86400) {
      issues.push({
        path: at.path('window'),
        message: `window ${show(slo.window)} is outside ${MIN_WINDOW_DAYS}d to ${MAX_WINDOW_DAYS}d; multi-window burn-rate alerts look back up to 3 days, so use e.g. '28d' or '30d'`,
      });
    }
  }
  if (slo.availability === undefined && slo.latencyP99Ms === undefined) {
    issues.push({
      path: origins.path('slo'),
      message: `slo has no objective; give availability (e.g. 99.9), latencyP99Ms (e.g. 250) or both`,
    });
  }
  return issues;
}

/** The alert routing's rules: a receiver is a label value and must say something. */
export function checkAlerts(alerts: AlertsSpec | undefined, origins: Fields): Issue[] {
  const at = nestedFields(origins, 'alerts');
  const fix: Record<'routeTo' | 'page' | 'ticket', string> = {
    routeTo: "name the team or receiver, or leave it out to route to the model's team",
    page: 'name the receiver of page alerts, or leave it out',
    ticket: 'name the receiver of ticket alerts, or leave it out',
  };
  return (['routeTo', 'page', 'ticket'] as const).flatMap((key) => {
    const value = alerts?.[key];
    if (value === undefined || value.trim() !== '') return [];
    return [{ path: at.path(key), message: `${key} ${show(value)} is blank; ${fix[key]}` }];
  });
}

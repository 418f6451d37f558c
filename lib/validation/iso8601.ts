import { parseGoDuration } from './duration';
import { Issue, show } from './issue';

/** The parts of an ISO-8601 duration such as `P1DT2H` or `PT0.2S`. */
export interface Iso8601Duration {
  readonly negative: boolean;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /**
   * The length in seconds, signed. Years and months are nominal (365.2425 and 30.436875 days),
   * so this is exact only for durations made of weeks, days, hours, minutes and seconds.
   */
  readonly totalSeconds: number;
}

// ISO-8601 "PnYnMnWnDTnHnMnS", as github.com/rickb777/date/period parses it for Knative delivery
// (knative/eventing pkg/apis/duck/v1/delivery_types.go): optional sign, components in order, a
// decimal fraction ('.' or ',') only on the last component, at least one component, and 'T' only
// when a time component follows.
const DURATION =
  /^([+-])?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const SECONDS_PER = [365.2425 * 86400, 30.436875 * 86400, 7 * 86400, 86400, 3600, 60, 1];

/** Parses an ISO-8601 duration (`PT0.2S`, `P1D`, `-PT5M`); undefined when it is not one. */
export function parseIso8601Duration(text: string): Iso8601Duration | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const fields = m.slice(2, 9);
  const present = fields.map((f) => f !== undefined);
  if (!present.some(Boolean)) return undefined; // "P" or "PT"
  if (text.endsWith('T')) return undefined; // "P1DT"
  const lastPresent = present.lastIndexOf(true);
  if (fields.some((f, i) => f !== undefined && /[.,]/.test(f) && i !== lastPresent))
    return undefined;
  const values = fields.map((f) => (f === undefined ? 0 : Number(f.replace(',', '.'))));
  const negative = m[1] === '-';
  const magnitude = values.reduce((sum, v, i) => sum + v * SECONDS_PER[i], 0);
  const [years, months, weeks, days, hours, minutes, seconds] = values;
  return {
    negative,
    years,
    months,
    weeks,
    days,
    hours,
    minutes,
    seconds,
    totalSeconds: negative && magnitude !== 0 ? -magnitude : magnitude,
  };
}

/**
 * Renders a number of seconds as an ISO-8601 duration, largest unit first:
 * `0.2` -> `PT0.2S`, `90` -> `PT1M30S`, `7200` -> `PT2H`, `0` -> `PT0S`.
 */
export function secondsToIso8601(seconds: number): string {
  if (!Number.isFinite(seconds))
    throw new RangeError(`cannot render ${seconds} seconds as ISO-8601`);
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  if (rest === 0) return 'PT0S';
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = +rest.toFixed(9);
  return `${sign}PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

/** A duration given as a number of seconds or an ISO-8601 string (`PT0.2S`). */
export type DurationInput = number | string;

export interface Iso8601Rule {
  /** Reject zero (Knative's delivery `timeout`). */
  readonly nonZero?: boolean;
  /** Reject negative durations. */
  readonly nonNegative?: boolean;
}

/**
 * Checks a duration given as seconds or as an ISO-8601 string. Go-style strings (`500ms`, `1s`)
 * are rejected with the ISO-8601 spelling of the same length; `what` names the field.
 */
export function checkIso8601Duration(
  value: unknown,
  path: string,
  what: string,
  rule: Iso8601Rule = {},
): Issue[] {
  let seconds: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return [
        {
          path,
          message: `${what} ${String(value)} must be a finite number of seconds or an ISO-8601 duration such as 'PT0.2S'`,
        },
      ];
    }
    seconds = value;
  } else if (typeof value === 'string') {
    const parsed = parseIso8601Duration(value);
    if (!parsed) {
      const nanos = parseGoDuration(value);
      if (nanos !== undefined) {
        return [
          {
            path,
            message: `${what} ${show(value)} is a Go duration; Knative needs ISO-8601 here: write '${secondsToIso8601(nanos / 1e9)}' or the number ${+(nanos / 1e9).toFixed(9)} (seconds)`,
          },
        ];
      }
      return [
        {
          path,
          message: `${what} ${show(value)} is not an ISO-8601 duration; write it like 'PT0.2S', 'PT30S', 'PT2M' or 'P1D', or give a number of seconds`,
        },
      ];
    }
    seconds = parsed.totalSeconds;
  } else {
    return [
      {
        path,
        message: `${what} ${show(value)} must be a number of seconds or an ISO-8601 duration such as 'PT0.2S'`,
      },
    ];
  }
  if (rule.nonNegative && seconds < 0) {
    return [{ path, message: `${what} ${show(value)} must not be negative` }];
  }
  if (rule.nonZero && seconds === 0) {
    return [
      {
        path,
        message: `${what} ${show(value)} must not be zero; give a positive duration such as 'PT30S'`,
      },
    ];
  }
  return [];
}

/** Renders a valid duration input as ISO-8601: numbers become `PT…S`, strings pass through. */
export function renderIso8601(value: DurationInput): string {
  return typeof value === 'number' ? secondsToIso8601(value) : value;
}

/**
 * Cron schedules as Knative's PingSource parses them: github.com/robfig/cron/v3 with an optional
 * seconds field and descriptors (`@daily`), but without `@every`
 * (knative/eventing pkg/apis/sources/v1/ping_validation.go).
 */

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECOND: FieldRule = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldRule = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldRule = { name: 'hour', min: 0, max: 23 };
const DOM: FieldRule = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldRule = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
};
const DOW: FieldRule = {
  name: 'day of week',
  min: 0,
  max: 6,
  names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};

const DESCRIPTORS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

function parseValue(text: string, rule: FieldRule): number | string {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = rule.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return index + rule.min;
  return `'${text}' is not a number${rule.names ? ' or a name' : ''} in the ${rule.name} field`;
}

// github.com/robfig/cron/v3 parser.go getRange
function checkRange(expr: string, rule: FieldRule): string | undefined {
  const [rangePart, stepPart, extra] = expr.split('/');
  if (extra !== undefined) return `'${expr}' has more than one '/' in the ${rule.name} field`;
  let lo = rule.min;
  let hi = rule.max;
  if (rangePart !== '*' && rangePart !== '?') {
    const [a, b, more] = rangePart.split('-');
    if (more !== undefined) return `'${expr}' has more than one '-' in the ${rule.name} field`;
    const start = parseValue(a, rule);
    if (typeof start === 'string') return start;
    lo = start;
    hi = start;
    if (b !== undefined) {
      const end = parseValue(b, rule);
      if (typeof end === 'string') return end;
      hi = end;
    } else if (stepPart !== undefined) {
      hi = rule.max;
    }
  }
  if (stepPart !== undefined) {
    if (!/^[0-9]+$/.test(stepPart) || Number(stepPart) === 0)
      return `step '${stepPart}' in the ${rule.name} field must be a positive number`;
  }
  if (lo < rule.min) return `${lo} is below ${rule.min} in the ${rule.name} field`;
  if (hi > rule.max) return `${hi} is above ${rule.max} in the ${rule.name} field`;
  if (lo > hi) return `range ${lo}-${hi} in the ${rule.name} field runs backwards`;
  return undefined;
}

/**
 * Returns undefined when the schedule parses, else the reason. A leading `CRON_TZ=`/`TZ=` is
 * accepted and its zone checked.
 */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule.trim();
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    if (!isTimeZone(tz[1])) return `time zone '${tz[1]}' is not an IANA zone`;
    spec = spec.slice(tz[0].length);
  }
  if (schedule.includes('@every'))
    return `'@every' is not supported by PingSource; write a cron expression such as '*/5 * * * *'`;
  if (spec.startsWith('@')) {
    return DESCRIPTORS.includes(spec)
      ? undefined
      : `unknown descriptor '${spec}'; use one of ${DESCRIPTORS.join(', ')}`;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5 && fields.length !== 6) {
    return `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got ${fields.length}`;
  }
  const rules =
    fields.length === 6 ? [SECOND, MINUTE, HOUR, DOM, MONTH, DOW] : [MINUTE, HOUR, DOM, MONTH, DOW];
  for (let i = 0; i < fields.length; i++) {
    // robfig splits lists with strings.FieldsFunc, so empty items are ignored
    for (const part of fields[i].split(',').filter((p) => p !== '')) {
      const err = checkRange(part, rules[i]);
      if (err) return err;
    }
  }
  return undefined;
}

/** True when `zone` is an IANA time zone name this runtime knows (Go's time.LoadLocation). */
export function isTimeZone(zone: string): boolean {
  if (zone === 'Local') return true; // Go's time.LoadLocation: the adapter's own zone
  if (zone === '') return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
      .timeZone;
    // Go's zone database is case-sensitive; Intl is not.
    return !(resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone);
  } catch {
    return false;
  }
}

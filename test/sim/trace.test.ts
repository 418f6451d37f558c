import { ValidationError } from '../../lib/validation';
import {
  formatTraceCsv,
  generateTidalTrace,
  parseTraceCsv,
  resampleTrace,
  tidalShape,
} from '../../lib/sim/trace';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('parseTraceCsv', () => {
  test('reads rows at a one-minute step, in any column order, with optional latency', () => {
    // GIVEN
    const csv = [
      '# one minute of two models',
      'model,timestamp,rps,latency_ms',
      'a,2026-01-05T00:00:00Z,10,50',
      'b,2026-01-05T00:01:00Z,1.5,',
      'a,2026-01-05T08:02:00+08:00,30,70',
      '',
    ].join('\n');
    // WHEN
    const trace = parseTraceCsv(csv);
    // THEN minutes without a row are 0 rps (the step is the smallest gap between timestamps)
    expect(trace.start).toBe(Date.parse('2026-01-05T00:00:00Z') / 1000);
    expect(trace.stepSeconds).toBe(60);
    expect(trace.length).toBe(3);
    expect(trace.models.map((m) => m.model)).toEqual(['a', 'b']);
    expect(Array.from(trace.models[0].rps)).toEqual([10, 0, 30]);
    expect(Array.from(trace.models[0].latencyMs!)).toEqual([50, NaN, 70]);
    expect(Array.from(trace.models[1].rps)).toEqual([0, 1.5, 0]);
    expect(trace.models[1].latencyMs).toBeUndefined();
  });

  test('fails with every bad row, naming file, line, field and value', () => {
    const csv = [
      'timestamp,model,rps',
      '2026-01-05T00:00:00Z,a,1',
      '2026-01-05T00:01:00Z,a,abc',
      '2026-01-05T00:01:00Z,b,-2',
      '2026-01-05 00:02:00,a,1',
      '2026-01-05T00:02:00Z,a',
      '2026-01-05T00:02:00Z,,1',
    ].join('\n');
    expect(errorOf(() => parseTraceCsv(csv, 'data/trace.csv'))).toBe(
      [
        "data/trace.csv:3: rps 'abc' is not a number",
        'data/trace.csv:4: rps -2 must not be negative',
        "data/trace.csv:5: timestamp '2026-01-05 00:02:00' is not an ISO-8601 time with a zone, such as '2026-01-05T09:00:00Z'",
        'data/trace.csv:6: expected 3 fields (timestamp,model,rps), got 2',
        'data/trace.csv:7: model is empty; name the model the row belongs to',
      ].join('\n'),
    );
  });

  test('fails on a bad latency', () => {
    const csv =
      'timestamp,model,rps,latency_ms\n2026-01-05T00:00:00Z,a,1,x\n2026-01-05T00:01:00Z,a,1,0';
    expect(errorOf(() => parseTraceCsv(csv))).toBe(
      [
        "trace.csv:2: latency_ms 'x' is not a number",
        'trace.csv:3: latency_ms 0 must be more than 0',
      ].join('\n'),
    );
  });

  test('fails on duplicate rows and rows off the step', () => {
    const csv = [
      'timestamp,model,rps',
      '2026-01-05T00:00:00Z,a,1',
      '2026-01-05T00:02:00Z,a,2',
      '2026-01-05T00:03:00Z,a,2',
      '2026-01-05T00:03:00Z,a,3',
      '2026-01-05T00:04:30Z,a,2',
    ].join('\n');
    expect(errorOf(() => parseTraceCsv(csv))).toBe(
      [
        "trace.csv:5: model 'a' has a second row at '2026-01-05T00:03:00Z' (first at line 4); keep one row per model and time",
        "trace.csv:6: timestamp '2026-01-05T00:04:30Z' is not on the 60s step that starts at '2026-01-05T00:00:00Z'; rows must come at one regular step",
      ].join('\n'),
    );
  });

  test('fails on a missing header column or an empty file', () => {
    expect(errorOf(() => parseTraceCsv('time,model\n'))).toBe(
      "trace.csv:1: header 'time,model' lacks 'timestamp', 'rps'; it must name timestamp,model,rps and optionally latency_ms",
    );
    expect(errorOf(() => parseTraceCsv(''))).toBe(
      "trace.csv: the trace is empty; it needs the header 'timestamp,model,rps'",
    );
    expect(errorOf(() => parseTraceCsv('timestamp,model,rps\n'))).toBe(
      'trace.csv: the trace has a header but no rows',
    );
  });

  test('lists at most 50 problems and counts the rest', () => {
    const rows = Array.from(
      { length: 60 },
      (_, i) => `2026-01-05T00:${String(i).padStart(2, '0')}:00Z,a,x`,
    );
    const lines = errorOf(() => parseTraceCsv(['timestamp,model,rps', ...rows].join('\n'))).split(
      '\n',
    );
    expect(lines).toHaveLength(51);
    expect(lines[50]).toBe('trace.csv: 10 more problems not listed');
  });

  test('round-trips through formatTraceCsv', () => {
    const trace = generateTidalTrace({
      seed: 1,
      days: 1,
      models: [{ model: 'a', peakRps: 5, latencyMs: 40 }],
    });
    const again = parseTraceCsv(formatTraceCsv(trace));
    expect(again.length).toBe(trace.length);
    expect(again.stepSeconds).toBe(60);
    expect(Array.from(again.models[0].rps)).toEqual(
      Array.from(trace.models[0].rps, (x) => +x.toFixed(3)),
    );
  });
});

describe('resampleTrace', () => {
  test('spreads odd steps over 2 s by time-weighted averages', () => {
    const t = resampleTrace(
      {
        start: 0,
        stepSeconds: 3,
        length: 2,
        models: [{ model: 'a', rps: Float64Array.from([3, 6]) }],
      },
      2,
    );
    // [0,2) -> 3; [2,4) -> (3 + 6) / 2; [4,6) -> 6
    expect(Array.from(t.models[0].rps)).toEqual([3, 4.5, 6]);
  });
});

describe('generateTidalTrace', () => {
  const opts = {
    seed: 7,
    days: 7,
    models: [
      { model: 'busy', peakRps: 200 },
      { model: 'quiet', peakRps: 0.02, troughRps: 0, burstsPerDay: 0 },
    ],
  };

  test('is the same for the same seed and differs for another', () => {
    const a = generateTidalTrace(opts);
    expect(Array.from(generateTidalTrace(opts).models[0].rps)).toEqual(Array.from(a.models[0].rps));
    expect(Array.from(generateTidalTrace({ ...opts, seed: 8 }).models[0].rps)).not.toEqual(
      Array.from(a.models[0].rps),
    );
  });

  test('has a tide: day above night, weekdays above weekends, idle minutes for quiet models', () => {
    const t = generateTidalTrace(opts);
    const busy = t.models[0].rps;
    // Monday starts at 00:00 Beijing time; rows are minutes
    const at = (day: number, hour: number) => busy[day * 1440 + hour * 60];
    expect(at(0, 10)).toBeGreaterThan(5 * at(0, 4));
    expect(at(1, 15)).toBeGreaterThan(at(5, 15));
    expect(t.length).toBe(7 * 1440);
    const quiet = t.models[1].rps;
    expect(quiet.filter((x) => x === 0).length).toBeGreaterThan(quiet.length / 2);
    expect(quiet.some((x) => x > 0)).toBe(true);
  });

  test('gives no traffic outside the active hours', () => {
    const t = generateTidalTrace({
      seed: 1,
      days: 1,
      models: [{ model: 'ocr', peakRps: 5, activeHours: [8, 20] }],
    });
    const rps = t.models[0].rps;
    // rows are minutes from 00:00 Beijing time
    expect(rps.slice(0, 8 * 60).every((x) => x === 0)).toBe(true);
    expect(rps.slice(20 * 60).every((x) => x === 0)).toBe(true);
    expect(rps.slice(8 * 60, 20 * 60).some((x) => x > 0)).toBe(true);
  });

  test('shapes the day with morning and afternoon peaks', () => {
    expect(tidalShape(10.5)).toBeCloseTo(1, 5);
    expect(tidalShape(15)).toBeCloseTo(1, 5);
    expect(tidalShape(4)).toBeLessThan(0.01);
  });
});

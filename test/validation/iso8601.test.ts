import {
  checkIso8601Duration,
  parseIso8601Duration,
  renderIso8601,
  secondsToIso8601,
} from '../../lib/validation/iso8601';

describe('parseIso8601Duration', () => {
  test.each([
    ['PT0.2S', 0.2],
    ['PT1S', 1],
    ['PT2M', 120],
    ['PT1H30M', 5400],
    ['P1D', 86400],
    ['P1W', 604800],
    ['P1DT2H', 93600],
    ['PT1,5S', 1.5],
    ['-PT5M', -300],
    ['+PT5M', 300],
    ['PT0S', 0],
    ['P0', 0],
    ['P1DT', 86400],
    ['PT1.5M30S', 120],
    ['PT-1S', -1],
    ['PT0.25S', 0.2],
    ['PT.5S', 0.5],
    ['P1W1D', 691200],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseIso8601Duration(text)?.totalSeconds).toBeCloseTo(seconds, 9);
  });

  test.each(['', 'P', 'PT', '1s', '500ms', 'PT1S2M', 'pt1s', 'P1H', 'P1M1Y', 'PT 1S'])(
    'rejects %j',
    (text) => {
      expect(parseIso8601Duration(text)).toBeUndefined();
    },
  );
});

describe('secondsToIso8601', () => {
  test.each([
    [0, 'PT0S'],
    [0.2, 'PT0.2S'],
    [1, 'PT1S'],
    [90, 'PT1M30S'],
    [7200, 'PT2H'],
    [3723.5, 'PT1H2M3.5S'],
    [-2, '-PT2S'],
  ])('renders %d as %s', (seconds, text) => {
    expect(secondsToIso8601(seconds)).toBe(text);
    expect(parseIso8601Duration(text)?.totalSeconds).toBeCloseTo(seconds, 9);
  });

  test('renderIso8601 keeps strings and converts numbers', () => {
    expect(renderIso8601('PT0.2S')).toBe('PT0.2S');
    expect(renderIso8601(0.5)).toBe('PT0.5S');
  });
});

describe('checkIso8601Duration', () => {
  test('accepts seconds and ISO-8601 strings', () => {
    expect(checkIso8601Duration(0.2, 'd', 'backoffDelay')).toEqual([]);
    expect(checkIso8601Duration('PT0.2S', 'd', 'backoffDelay')).toEqual([]);
  });

  test('fails on a Go duration and shows the ISO-8601 spelling', () => {
    expect(checkIso8601Duration('500ms', 'd', 'backoffDelay')).toEqual([
      {
        path: 'd',
        message:
          "backoffDelay '500ms' is a Go duration; Knative needs ISO-8601 here: write 'PT0.5S' or the number 0.5 (seconds)",
      },
    ]);
    expect(checkIso8601Duration('1m30s', 'd', 'timeout')[0].message).toBe(
      "timeout '1m30s' is a Go duration; Knative needs ISO-8601 here: write 'PT1M30S' or the number 90 (seconds)",
    );
  });

  test('fails on text that is no duration', () => {
    expect(checkIso8601Duration('soon', 'd', 'timeout')[0].message).toBe(
      "timeout 'soon' is not an ISO-8601 duration; write it like 'PT0.2S', 'PT30S', 'PT2M' or 'P1D', or give a number of seconds",
    );
  });

  test('fails on wrong types and non-finite numbers', () => {
    expect(checkIso8601Duration(true, 'd', 'timeout')[0].message).toBe(
      "timeout true must be a number of seconds or an ISO-8601 duration such as 'PT0.2S'",
    );
    expect(checkIso8601Duration(Infinity, 'd', 'timeout')[0].message).toBe(
      "timeout Infinity must be a finite number of seconds or an ISO-8601 duration such as 'PT0.2S'",
    );
  });

  test('fails on more precision than Knative keeps', () => {
    expect(checkIso8601Duration('PT0.25S', 'd', 'backoffDelay')).toEqual([
      {
        path: 'd',
        message:
          "backoffDelay 'PT0.25S' is finer than Knative reads: it keeps one decimal digit per component and reads this as 'PT0.2S'; write that instead",
      },
    ]);
    expect(checkIso8601Duration(0.25, 'd', 'backoffDelay')).toEqual([
      {
        path: 'd',
        message:
          "backoffDelay 0.25 is finer than Knative reads: it keeps tenths of a second and would read 'PT0.2S'; round it to one decimal",
      },
    ]);
    expect(checkIso8601Duration(0.1 + 0.2, 'd', 'backoffDelay')).toEqual([]);
    expect(checkIso8601Duration('PT0.20S', 'd', 'backoffDelay')).toEqual([]);
  });

  test('fails on zero and negative values when the rule says so', () => {
    expect(checkIso8601Duration('PT0S', 'd', 'timeout', { nonZero: true })[0].message).toBe(
      "timeout 'PT0S' must not be zero; give a positive duration such as 'PT30S'",
    );
    expect(checkIso8601Duration(-1, 'd', 'retryAfterMax', { nonNegative: true })[0].message).toBe(
      'retryAfterMax -1 must not be negative',
    );
  });
});

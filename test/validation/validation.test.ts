import {
  ValidationError,
  checkDns1035Label,
  checkGoDuration,
  checkImage,
  checkNumber,
  checkQuantity,
  checkStringMap,
  formatSeconds,
  isQualifiedName,
  joinPath,
  parseGoDuration,
  parseImageReference,
  parseQuantity,
  throwIfAny,
} from '../../lib/validation';

describe('ValidationError', () => {
  test('prints every issue on its own line as <path>: <message>', () => {
    const issues = [
      { path: 'models[0].name', message: 'bad' },
      { path: 'models[1].versions[0].image', message: 'worse' },
    ];
    expect(() => throwIfAny(issues)).toThrow(
      'models[0].name: bad\nmodels[1].versions[0].image: worse',
    );
    try {
      throwIfAny(issues);
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toEqual(issues);
    }
  });

  test('does nothing when there are no issues', () => {
    expect(() => throwIfAny([])).not.toThrow();
  });
});

describe('joinPath', () => {
  test('joins keys with dots, indexes with brackets and quotes annotation keys', () => {
    expect(joinPath('', 'models')).toBe('models');
    expect(joinPath(joinPath('models', 3), 'versions')).toBe('models[3].versions');
    expect(joinPath('a.annotations', 'k8s.aliyun.com/eci-use-specs')).toBe(
      'a.annotations["k8s.aliyun.com/eci-use-specs"]',
    );
  });
});

describe('DNS-1035 labels', () => {
  test('accepts a lower-case label and rejects others with the reason', () => {
    expect(checkDns1035Label('credit-score', 'p')).toEqual([]);
    expect(checkDns1035Label('Credit_Score', 'p')).toEqual([
      {
        path: 'p',
        message:
          "name 'Credit_Score' is not a DNS-1035 label: use lower-case letters, digits and '-', start with a letter and end with a letter or digit",
      },
    ]);
    expect(checkDns1035Label('9lives', 'p')).toHaveLength(1);
    expect(checkDns1035Label('a'.repeat(64), 'p')).toEqual([
      {
        path: 'p',
        message: `name '${'a'.repeat(64)}' is 64 characters; a DNS-1035 label has at most 63`,
      },
    ]);
    expect(checkDns1035Label('', 'p')).toEqual([
      { path: 'p', message: "name is required: a DNS-1035 label such as 'credit-score'" },
    ]);
  });
});

describe('qualified names and string maps', () => {
  test('accepts prefixed keys and rejects bad ones and non-string values', () => {
    expect(isQualifiedName('k8s.aliyun.com/eci-use-specs')).toBe(true);
    expect(isQualifiedName('app')).toBe(true);
    expect(isQualifiedName('-bad')).toBe(false);
    expect(isQualifiedName('a/b/c')).toBe(false);
    expect(
      checkStringMap(
        { 'autoscaling.knative.dev/min-scale': 1 as unknown as string },
        'p',
        'annotation',
      ),
    ).toEqual([
      {
        path: 'p',
        message:
          "annotation 'autoscaling.knative.dev/min-scale' has the value 1; Kubernetes annotations are strings, quote it",
      },
    ]);
  });
});

describe('Go durations', () => {
  test('parses the forms Go accepts', () => {
    expect(parseGoDuration('60s')).toBe(60e9);
    expect(parseGoDuration('1m30s')).toBe(90e9);
    expect(parseGoDuration('1.5h')).toBe(5400e9);
    expect(parseGoDuration('500ms')).toBe(500e6);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-2s')).toBe(-2e9);
  });

  test('rejects what Go rejects', () => {
    for (const bad of ['', '60', 's', '1d', '1.s.', 'PT1S', '10 s'])
      expect(parseGoDuration(bad)).toBeUndefined();
  });

  test('checks range and whole seconds with a fix in the message', () => {
    const rule = { minSeconds: 6, maxSeconds: 3600, wholeSeconds: true };
    expect(checkGoDuration('60s', 'w', 'window', rule)).toEqual([]);
    expect(checkGoDuration('2h', 'w', 'window', rule)).toEqual([
      { path: 'w', message: "window '2h' is out of range; use 6s to 1h" },
    ]);
    expect(checkGoDuration('6.5s', 'w', 'window', rule)).toEqual([
      { path: 'w', message: "window '6.5s' must be a whole number of seconds, such as '7s'" },
    ]);
    expect(checkGoDuration(60, 'w', 'window', rule)).toEqual([
      { path: 'w', message: "window 60 must be a Go duration string such as '60s'; use 6s to 1h" },
    ]);
  });

  test('formats seconds for messages', () => {
    expect(formatSeconds(3600)).toBe('1h');
    expect(formatSeconds(90)).toBe('1m30s');
    expect(formatSeconds(0)).toBe('0s');
  });
});

describe('quantities', () => {
  test('parses Kubernetes quantities', () => {
    expect(parseQuantity('500m')).toBeCloseTo(0.5);
    expect(parseQuantity('2Gi')).toBe(2 * 2 ** 30);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1')).toBe(1);
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity('2GB')).toBeUndefined();
    expect(parseQuantity('one')).toBeUndefined();
  });

  test('explains how to write a bad quantity', () => {
    expect(checkQuantity('2GB', 'r', 'memory')).toEqual([
      {
        path: 'r',
        message:
          "memory '2GB' is not a Kubernetes quantity; write it like '500m', '2', '4Gi' or '512Mi'",
      },
    ]);
    expect(checkQuantity('-1', 'r', 'cpu', { nonNegative: true })).toEqual([
      { path: 'r', message: "cpu '-1' must not be negative" },
    ]);
  });
});

describe('image references', () => {
  const digest = 'sha256:' + 'a'.repeat(64);
  test('accepts registry, tag and digest forms', () => {
    expect(parseImageReference('registry.example.com/risk/credit-score:1.0.0')).toEqual({
      registry: 'registry.example.com',
      repository: 'risk/credit-score',
      tag: '1.0.0',
      digest: undefined,
    });
    expect(
      parseImageReference(`registry.example.com:5000/risk/credit-score@${digest}`)?.digest,
    ).toBe(digest);
    expect(parseImageReference('nginx')).toEqual({
      registry: undefined,
      repository: 'nginx',
      tag: undefined,
      digest: undefined,
    });
    expect(checkImage('localhost/model:v1', 'i')).toEqual([]);
  });

  test('rejects upper-case repositories, bad digests and empty images', () => {
    expect(checkImage('Registry.example.com/Risk/Model:1', 'i')).toHaveLength(1);
    expect(checkImage('repo/model@sha256:abc', 'i')).toEqual([
      {
        path: 'i',
        message:
          "image 'repo/model@sha256:abc' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
      },
    ]);
    expect(checkImage('', 'i')).toEqual([
      {
        path: 'i',
        message:
          "image is required: a reference such as 'registry.example.com/team/model:1.0.0' or '...@sha256:<64 hex>'",
      },
    ]);
  });
});

describe('numbers', () => {
  test('checks ranges, whole numbers and extra allowed values', () => {
    expect(checkNumber(5, 'n', 'x', { min: 0, max: 10 })).toEqual([]);
    expect(checkNumber(-1, 'n', 'x', { min: 0, also: [-1] })).toEqual([]);
    expect(checkNumber(11, 'n', 'x', { min: 0, max: 10 })).toEqual([
      { path: 'n', message: 'x 11 is out of range; allowed: 0 to 10' },
    ]);
    expect(checkNumber(1.5, 'n', 'x', { integer: true, min: 0 })).toEqual([
      { path: 'n', message: 'x 1.5 must be a whole number; allowed: at least 0' },
    ]);
    expect(checkNumber('5', 'n', 'x', { max: 10 })).toEqual([
      { path: 'n', message: "x '5' must be a number; allowed: at most 10" },
    ]);
  });
});

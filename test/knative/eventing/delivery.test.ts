import { checkDelivery, deliveryFeatures, renderDelivery } from '../../../lib/knative/eventing';

const dlq = {
  addressRef: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dead-letters' },
};

describe('delivery', () => {
  test('renders friendly inputs as ISO-8601', () => {
    // GIVEN
    const props = {
      retry: 5,
      backoffPolicy: 'exponential' as const,
      backoffDelay: 0.2,
      timeout: 30,
      retryAfterMax: 'PT2M',
      deadLetterSink: dlq,
      format: 'json' as const,
    };
    // THEN
    expect(checkDelivery(props, 'delivery')).toEqual([]);
    expect(renderDelivery(props, 'models')).toEqual({
      deadLetterSink: {
        ref: {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Service',
          name: 'dead-letters',
          namespace: 'models',
        },
      },
      retry: 5,
      backoffPolicy: 'exponential',
      backoffDelay: 'PT0.2S',
      timeout: 'PT30S',
      retryAfterMax: 'PT2M',
      format: 'json',
    });
  });

  test('retry 0 and linear back-off are valid', () => {
    expect(checkDelivery({ retry: 0, backoffPolicy: 'linear', backoffDelay: 'PT1S' }, 'd')).toEqual(
      [],
    );
  });

  test('fails on a negative or fractional retry', () => {
    expect(checkDelivery({ retry: -1 }, 'd')).toEqual([
      {
        path: 'd.retry',
        message:
          'retry -1 is out of range; allowed: 0 to 2147483647; it counts retries after the first attempt',
      },
    ]);
    expect(checkDelivery({ retry: 1.5 }, 'd')[0].message).toBe(
      'retry 1.5 must be a whole number; allowed: 0 to 2147483647; it counts retries after the first attempt',
    );
  });

  test('fails on an unknown back-off policy', () => {
    expect(checkDelivery({ backoffPolicy: 'Exponential' as never }, 'd')).toEqual([
      {
        path: 'd.backoffPolicy',
        message:
          "backoffPolicy 'Exponential' is not supported; use 'linear' or 'exponential' (lower case)",
      },
    ]);
  });

  test('fails on Go-style durations with the ISO-8601 spelling', () => {
    expect(checkDelivery({ backoffDelay: '500ms' }, 'd')).toEqual([
      {
        path: 'd.backoffDelay',
        message:
          "backoffDelay '500ms' is a Go duration; Knative needs ISO-8601 here: write 'PT0.5S' or the number 0.5 (seconds)",
      },
    ]);
  });

  test('fails on a zero timeout', () => {
    expect(checkDelivery({ timeout: 'PT0S' }, 'd')).toEqual([
      {
        path: 'd.timeout',
        message: "timeout 'PT0S' must not be zero; give a positive duration such as 'PT30S'",
      },
    ]);
  });

  test('fails on a negative retryAfterMax', () => {
    expect(checkDelivery({ retryAfterMax: '-PT1S' }, 'd')).toEqual([
      { path: 'd.retryAfterMax', message: "retryAfterMax '-PT1S' must not be negative" },
    ]);
  });

  test('fails on an unknown format', () => {
    expect(checkDelivery({ format: 'xml' as never }, 'd')).toEqual([
      { path: 'd.format', message: "format 'xml' is not supported; use 'json' or 'binary'" },
    ]);
  });

  test('fails on an invalid dead-letter sink', () => {
    expect(checkDelivery({ deadLetterSink: '/dlq' }, 'd')).toEqual([
      {
        path: 'd.deadLetterSink.uri',
        message:
          "deadLetterSink uri '/dlq' must be an absolute URI with a host, such as 'https://hooks.example.com/events', when no ref is set",
      },
    ]);
  });

  test('reports several errors at once', () => {
    expect(
      checkDelivery(
        { retry: -1, backoffPolicy: 'fast' as never, backoffDelay: '1s', timeout: 0 },
        'd',
      ).map((i) => i.path),
    ).toEqual(['d.retry', 'd.backoffPolicy', 'd.backoffDelay', 'd.timeout']);
  });

  test('timeout and retryAfterMax need their feature flags', () => {
    expect(deliveryFeatures({ timeout: 5, retryAfterMax: 60 }, 'd')).toEqual([
      { flag: 'delivery-timeout', path: 'd.timeout', field: 'delivery.timeout' },
      { flag: 'delivery-retryafter', path: 'd.retryAfterMax', field: 'delivery.retryAfterMax' },
    ]);
  });
});

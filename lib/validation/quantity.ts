import { Issue, show } from './issue';

// k8s.io/apimachinery pkg/api/resource/quantity.go: <signedNumber><suffix>, where the suffix is a
// binary SI (Ki..Ei), decimal SI (n, u, m, "", k, M..E) or decimal exponent (e3, E-2) suffix.
const QUANTITY =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const MULTIPLIER: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Parses a Kubernetes quantity (`500m`, `2Gi`, `1`); returns its value, or undefined if invalid. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIER[suffix];
  return Number(m[1]) * factor;
}

/** Checks that a value is a Kubernetes quantity; `what` names the field. */
export function checkQuantity(
  value: unknown,
  path: string,
  what: string,
  opts: { nonNegative?: boolean } = {},
): Issue[] {
  const parsed =
    typeof value === 'string' || typeof value === 'number' ? parseQuantity(value) : undefined;
  if (parsed === undefined) {
    return [
      {
        path,
        message: `${what} ${show(value)} is not a Kubernetes quantity; write it like '500m', '2', '4Gi' or '512Mi'`,
      },
    ];
  }
  if (opts.nonNegative && parsed < 0) {
    return [{ path, message: `${what} ${show(value)} must not be negative` }];
  }
  return [];
}

import fc from 'fast-check';
import { stableCountHigh, stableCountLow } from '../../lib/sim/kpa-step';

const Q = 1e6;

describe('the stable pod count shortcut', () => {
  test('property: any sum strictly inside the range gives the same count as the two divisions', () => {
    // GIVEN a window of 1 to 1800 buckets, a target of 0.01 to 1000 and an observed average
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1800 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, target, average, where) => {
          // the count the autoscaler computes for a sum, as kpaStep does
          const count = (sum: number) => Math.ceil(sum / (n * Q) / target);
          const sum0 = Math.round(average * n * Q);
          const c = count(sum0);
          const unit = n * Q * target;
          const lo = stableCountLow(c, unit);
          const hi = stableCountHigh(c, unit);
          // WHEN another sum lies strictly inside the range
          const sum = Math.round(lo + (hi - lo) * where);
          if (!(sum > lo && sum < hi)) return;
          // THEN it gives the same count
          expect(count(sum)).toBe(c);
        },
      ),
      { seed: 20261202, numRuns: 5000 },
    );
  });

  test('a count of 0 has an empty range, so any change is recomputed', () => {
    expect(stableCountLow(0, 7e7)).toBe(0);
    expect(stableCountHigh(0, 7e7)).toBe(0);
  });
});

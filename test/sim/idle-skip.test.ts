import fc from 'fast-check';
import { summaryJson } from '../../lib/sim/cli';
import { simulate } from '../../lib/sim/simulate';
import { SimVersion } from '../../lib/sim/types';
import { tickTrace, version } from './helpers';

describe('skipping idle ticks', () => {
  test('property: the result is the same as stepping every tick', () => {
    // GIVEN traffic in bursts separated by idle stretches, and any of several autoscaling settings
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            idle: fc.integer({ min: 0, max: 200 }),
            busy: fc.integer({ min: 0, max: 30 }),
            rps: fc.integer({ min: 1, max: 300 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.constantFrom('0s', '20s'),
        fc.constantFrom(0, 1),
        fc.constantFrom<'warm' | 'cold'>('warm', 'cold'),
        fc.constantFrom<SimVersion['placement']>('eci', 'ecs-then-eci'),
        (bursts, scaleDownDelay, cc, start, placement) => {
          const rps = bursts.flatMap((b) => [
            ...new Array<number>(b.idle).fill(0),
            ...new Array<number>(b.busy).fill(b.rps),
          ]);
          if (rps.length === 0) return;
          const v = version({
            containerConcurrency: cc,
            placement,
            autoscaling: { metric: 'concurrency', target: 10, scaleDownDelay, window: '10s' },
          });
          const trace = tickTrace(rps);
          const opts = { baselines: false, sampleSeconds: 20, start };
          // WHEN simulated with and without the shortcut
          const fast = simulate([v], trace, opts);
          const slow = simulate([v], trace, { ...opts, skipIdle: false });
          // THEN every figure and every series is the same
          expect(summaryJson(fast)).toBe(summaryJson(slow));
          expect(fast.series).toEqual(slow.series);
        },
      ),
      { seed: 20261202, numRuns: 120 },
    );
  });
});

import { renderChart, renderCharts } from '../../lib/sim/charts';
import { simulate } from '../../lib/sim/simulate';
import { formatSummary } from '../../lib/sim/summary';
import { generateTidalTrace } from '../../lib/sim/trace';
import { version } from './helpers';

const trace = generateTidalTrace({
  seed: 11,
  days: 1,
  models: [
    { model: 'score', peakRps: 40, latencyMs: 80 },
    { model: 'sd', peakRps: 0.05, troughRps: 0, latencyMs: 4000 },
  ],
});
const result = simulate(
  [
    version({ model: 'score', containerConcurrency: 10, placement: 'ecs-then-eci' }),
    version({
      model: 'sd',
      containerConcurrency: 1,
      placement: 'gpu',
      resources: { cpu: 8, memoryGiB: 30, gpu: 1 },
    }),
  ],
  trace,
  { cluster: { ecs: { nodes: 1, cpuPerNode: 8, memoryGiBPerNode: 32 } } },
);

describe('renderCharts', () => {
  test('draws requests, pods, cost, latency, failures and one chart per model as small SVG files', () => {
    const charts = renderCharts(result);
    expect(Object.keys(charts)).toEqual([
      'requests.svg',
      'pods.svg',
      'cost.svg',
      'latency.svg',
      'failures.svg',
      'model-score.svg',
      'model-sd.svg',
    ]);
    for (const svg of Object.values(charts)) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg.length).toBeLessThan(60_000);
    }
    expect(charts['pods.svg']).toContain('HPA on CPU');
    expect(charts['pods.svg']).toContain('fixed for peak');
    expect(charts['latency.svg']).toContain('>p99<');
    expect(charts['failures.svg']).toContain('overflow (queue full)');
    expect(charts['requests.svg']).toMatchSnapshot();
  });
});

describe('renderChart', () => {
  test('stacks areas, scales the axis to nice steps and escapes text', () => {
    const svg = renderChart({
      title: 'a < b',
      yLabel: 'pods',
      times: [0, 43200, 86400],
      stackAreas: true,
      series: [
        { name: 'x', values: [1, 2, 3], color: '#111111', kind: 'area' },
        { name: 'y', values: [1, 1, 1], color: '#222222', kind: 'area' },
        { name: 'z', values: [2, 2, 2], color: '#333333', kind: 'line', dashed: true },
      ],
    });
    expect(svg).toContain('a &lt; b');
    expect(svg).toContain('stroke-dasharray="5,3"');
    expect(svg).toMatchSnapshot();
  });
});

describe('formatSummary', () => {
  test('prints a fixed-width table per model and for the fleet', () => {
    expect(formatSummary(result)).toMatchSnapshot();
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fleet, main, run } from './simulate';

test('simulates the credit-risk fleet on one day and writes its charts', () => {
  // GIVEN
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capacity-'));
  try {
    // WHEN
    const summary = main(path.join(dir, 'sim'), 1);
    // THEN
    expect(summary).toMatch(/^simulated 1d from/);
    for (const model of ['credit-score', 'fraud-detect', 'limit-advisor', 'doc-ocr']) {
      expect(summary).toContain(`\n${model} `);
    }
    expect(fs.readdirSync(path.join(dir, 'sim')).sort()).toEqual([
      '.ack-serving.json',
      'cost.svg',
      'failures.svg',
      'latency.svg',
      'model-credit-score.svg',
      'model-doc-ocr.svg',
      'model-fraud-detect.svg',
      'model-limit-advisor.svg',
      'pods.svg',
      'requests.svg',
      'summary.txt',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the fleet has 4 models, 8 versions and one GPU model; retired versions cost nothing', () => {
  expect(new Set(fleet.map((v) => v.model)).size).toBe(4);
  expect(fleet).toHaveLength(8);
  expect(fleet.filter((v) => v.placement === 'gpu')).toHaveLength(1);
  const r = run(1);
  const retired = r.models.flatMap((m) => m.versions).filter((v) => v.requests === 0);
  expect(retired.map((v) => `${v.model}/${v.version}`)).toEqual([
    'credit-score/v1',
    'fraud-detect/v4',
  ]);
  for (const v of retired) expect(v.cost).toBe(0);
  expect(r.fleet.cost).toBeLessThan(r.fleet.fixed!.cost);
  // every model carries its objective, checked over the day
  expect(r.models.map((m) => m.slo?.latencyP99?.objectiveMs)).toEqual([300, 500, 2000, 30000]);
});

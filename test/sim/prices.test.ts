import * as fs from 'fs';
import * as path from 'path';
import { examplePrices, parsePrices } from '../../lib/sim/prices';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('parsePrices', () => {
  test('reads the example price file, which matches the built-in example', () => {
    // GIVEN
    const text = fs.readFileSync(
      path.join(__dirname, '../../examples/capacity-planning/prices.yaml'),
      'utf8',
    );
    // WHEN
    const prices = parsePrices(text);
    // THEN
    const builtIn = examplePrices();
    expect(prices).toEqual({
      ...builtIn,
      note: 'example cn-hangzhou list prices (rounded); replace with your contract prices',
      startup: { imageSizeGiB: 1.5, imageSizeGiBByModel: { 'doc-ocr': 12 } },
    });
  });

  test('reads JSON too', () => {
    const prices = parsePrices(
      JSON.stringify({ ecs: { nodeMonthly: 1 }, eci: { vcpuSecond: 2, memoryGiBSecond: 3 } }),
      'prices.json',
    );
    expect(prices).toEqual({
      currency: 'CNY',
      ecsNodeMonthly: 1,
      eciVcpuSecond: 2,
      eciMemoryGiBSecond: 3,
      gpu: {},
      defaultGpuSpec: undefined,
      note: undefined,
    });
  });

  test('fails with every problem, naming the file and key', () => {
    const text = [
      'currency: CNY',
      'ecs: { nodeMonthly: abc }',
      'eci: { vcpuSecond: -1, memGiB: 1 }',
      'gpu:',
      '  ecs.gn7i-c8g1.2xlarge: { second: 0.002 }',
      'defaultGpuSpec: ecs.gn6v',
      'extra: 1',
    ].join('\n');
    expect(errorOf(() => parsePrices(text))).toBe(
      [
        "prices.yaml:extra: unknown key 'extra'; known keys: currency, note, ecs, eci, gpu, defaultGpuSpec, startup",
        "prices.yaml:ecs.nodeMonthly: ecs.nodeMonthly 'abc' must be a number; allowed: at least 0",
        "prices.yaml:eci.memGiB: unknown key 'memGiB'; known keys: vcpuSecond, memoryGiBSecond",
        'prices.yaml:eci.vcpuSecond: eci.vcpuSecond -1 is out of range; allowed: at least 0',
        'prices.yaml:eci.memoryGiBSecond: eci.memoryGiBSecond is missing; give the price as a number, at least 0',
        'prices.yaml:gpu["ecs.gn7i-c8g1.2xlarge"].monthly: gpu["ecs.gn7i-c8g1.2xlarge"].monthly is missing; give the price as a number, at least 0',
        "prices.yaml:defaultGpuSpec: defaultGpuSpec 'ecs.gn6v' is not a key of gpu; add its price or pick one of: ecs.gn7i-c8g1.2xlarge",
      ].join('\n'),
    );
  });

  test('fails on text that is not a mapping', () => {
    expect(errorOf(() => parsePrices('[1,2]'))).toBe(
      'prices.yaml: expected a mapping with keys currency, note, ecs, eci, gpu, defaultGpuSpec, startup, got [1,2]',
    );
    expect(errorOf(() => parsePrices('a: [', 'p.yaml'))).toMatch(
      /^p\.yaml:1: the prices file is not valid YAML: /,
    );
  });
});

import { examplePrices, parsePrices } from '../../lib/sim/prices';
import { checkSimVersions, resolveVersion } from '../../lib/sim/resolve';
import { DEFAULT_STARTUP, startupBreakdown } from '../../lib/sim/startup';
import { SimVersion } from '../../lib/sim/types';
import { repeat, runTicks, version } from './helpers';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const withStartup = (startup: object) => ({ ...examplePrices(), startup });

describe('start-up as a sum of parts', () => {
  test('the documented pull rate is 386.26 MB in 50 s', () => {
    // 386.26e6 B / 2^20 = 368.37 MiB; / 50 s = 7.367 MiB/s, rounded to 7.37
    expect(DEFAULT_STARTUP.pullMiBPerSecond).toBe(7.37);
  });

  test('an ECI pod with an image cache starts in 45 s with the defaults', () => {
    // scheduling 1 + instance 20 + image cache 5 + container 15 + readiness 2 + endpoints 2
    expect(startupBreakdown('eci', 2, true)).toEqual({
      scheduling: 1,
      instance: 20,
      imagePull: 5,
      containerStart: 15,
      readiness: 2,
      endpoints: 2,
      total: 45,
    });
  });

  test('an ECI pod without a cache pulls its image at the registry rate', () => {
    // GIVEN 4 GiB at 128 MiB/s = 32 s of pull
    const a = { ...DEFAULT_STARTUP, pullMiBPerSecond: 128 };
    // THEN 1 + 20 + 32 + 15 + 2 + 2
    expect(startupBreakdown('eci', 4, false, a).total).toBe(72);
  });

  test('an ECS pool pod has no instance to create and no image to pull', () => {
    expect(startupBreakdown('ecs', 40, false).total).toBe(20);
  });

  test('a GPU pod takes the GPU instance and model-load figures', () => {
    // 1 + 30 + 5 + 80 + 2 + 2
    expect(startupBreakdown('gpu', 12, true).total).toBe(120);
  });

  test('the version, then the model, then the default gives the image size', () => {
    // GIVEN no cache and 64 MiB/s: each GiB is 16 s of pull
    const prices = withStartup({ pullMiBPerSecond: 64, imageSizeGiBByModel: { big: 3 } });
    const at = (v: SimVersion) => resolveVersion(v, 0, {}, prices).startupEci.total;
    // THEN 40 s of fixed parts plus 16 s per GiB
    expect(at(version({ imageCache: false, imageSizeGiB: 1 }))).toBe(56);
    expect(at(version({ model: 'big', imageCache: false }))).toBe(88);
    expect(at(version({ imageCache: false }))).toBe(72);
    // a cache hit does not depend on the size
    expect(at(version({ model: 'big' }))).toBe(45);
  });

  test('a measured total replaces the parts: the version first, then the cluster', () => {
    const prices = examplePrices();
    const cluster = { startDelay: { eci: '30s' } };
    expect(resolveVersion(version(), 0, cluster, prices).startupEci).toEqual({ total: 30 });
    const own = resolveVersion(version({ startDelay: '8s' }), 0, cluster, prices);
    expect(own.startupEci).toEqual({ total: 8 });
    expect(own.startTicksEci).toBe(4);
  });

  test('the engine makes an uncached pod ready after its whole start-up', () => {
    // GIVEN a cold start of one pod, 1 GiB at 64 MiB/s: 1 + 20 + 16 + 15 + 2 + 2 = 56 s = 28 ticks
    const prices = withStartup({ pullMiBPerSecond: 64 });
    const v = version({ imageCache: false, imageSizeGiB: 1 });
    // WHEN
    const run = runTicks(v, repeat(0, 30), { start: 'cold', prices });
    // THEN
    expect(run.ready.slice(26, 30)).toEqual([0, 0, 1, 1]);
  });
});

describe('the startup section of the assumptions file', () => {
  test('reads figures over the defaults', () => {
    const p = parsePrices(
      [
        'ecs: { nodeMonthly: 1 }',
        'eci: { vcpuSecond: 1, memoryGiBSecond: 1 }',
        'startup:',
        '  eciInstanceSeconds: 12',
        '  imageSizeGiBByModel: { doc-ocr: 14 }',
      ].join('\n'),
    );
    expect(p.startup).toEqual({ eciInstanceSeconds: 12, imageSizeGiBByModel: { 'doc-ocr': 14 } });
  });

  test('fails with every problem, naming the file and key', () => {
    const text = [
      'ecs: { nodeMonthly: 1 }',
      'eci: { vcpuSecond: 1, memoryGiBSecond: 1 }',
      'startup:',
      '  pullRate: 3',
      '  readinessSeconds: -1',
      '  pullMiBPerSecond: 0',
      '  imageSizeGiBByModel: { a: big }',
    ].join('\n');
    expect(errorOf(() => parsePrices(text))).toBe(
      [
        "prices.yaml:startup.pullRate: unknown key 'pullRate'; known keys: schedulingSeconds, eciInstanceSeconds, gpuInstanceSeconds, imageCacheSeconds, containerStartSeconds, gpuContainerStartSeconds, readinessSeconds, endpointSeconds, pullMiBPerSecond, imageSizeGiB, imageSizeGiBByModel",
        'prices.yaml:startup.readinessSeconds: readinessSeconds -1 is out of range; allowed: 0 to 3600',
        'prices.yaml:startup.pullMiBPerSecond: pullMiBPerSecond 0 is out of range; allowed: 0.001 to 100000',
        "prices.yaml:startup.imageSizeGiBByModel.a: image size of 'a' 'big' must be a number; allowed: 0 to 1000",
      ].join('\n'),
    );
  });

  test('fails on a startup that is not a mapping', () => {
    const text = 'ecs: { nodeMonthly: 1 }\neci: { vcpuSecond: 1, memoryGiBSecond: 1 }\nstartup: 5';
    expect(errorOf(() => parsePrices(text))).toBe(
      'prices.yaml:startup: startup 5 must be a mapping with schedulingSeconds, eciInstanceSeconds, gpuInstanceSeconds, imageCacheSeconds, containerStartSeconds, gpuContainerStartSeconds, readinessSeconds, endpointSeconds, pullMiBPerSecond, imageSizeGiB, imageSizeGiBByModel',
    );
  });

  test('checks the version fields for the image', () => {
    const issues = checkSimVersions(
      [version({ imageSizeGiB: -1, imageCache: 'yes' as unknown as boolean })],
      examplePrices(),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'versions[0].imageSizeGiB: imageSizeGiB -1 is out of range; allowed: 0 to 1000',
      "versions[0].imageCache: imageCache 'yes' must be true or false",
    ]);
  });
});

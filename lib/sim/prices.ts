import { DEFAULT_INPUT_LIMITS, InputLimits, parseYamlInput } from '../input-file';
import { Issue, ValidationError, checkNumber, joinPath, show } from '../validation';
import { parseStartup } from './startup-assumptions';
import { Prices } from './types';

/**
 * Example figures, roughly cn-hangzhou list prices in CNY, rounded. They are placeholders: replace them
 * with your contract prices (subscription discounts, savings plans and spot change them a lot).
 */
export function examplePrices(): Prices {
  return {
    currency: 'CNY',
    ecsNodeMonthly: 1100, // ecs.g7.2xlarge, 8 vCPU / 32 GiB, monthly subscription
    eciVcpuSecond: 0.000049,
    eciMemoryGiBSecond: 0.0000054,
    gpu: {
      'ecs.gn7i-c8g1.2xlarge': { second: 0.00232, monthly: 4100 }, // 1 x A10 24 GB
      'ecs.gn6i-c4g1.xlarge': { second: 0.00183, monthly: 2600 }, // 1 x T4 16 GB
    },
    defaultGpuSpec: 'ecs.gn7i-c8g1.2xlarge',
    note: 'built-in example figures (cn-hangzhou list prices, rounded); pass --prices with your contract prices',
  };
}

const TOP_KEYS = ['currency', 'note', 'ecs', 'eci', 'gpu', 'defaultGpuSpec', 'startup'];

/**
 * Parses a prices file (YAML or JSON):
 * ```yaml
 * currency: CNY
 * ecs: { nodeMonthly: 1100 }
 * eci: { vcpuSecond: 0.000049, memoryGiBSecond: 0.0000054 }
 * gpu:
 *   ecs.gn7i-c8g1.2xlarge: { second: 0.00232, monthly: 4100 }
 * defaultGpuSpec: ecs.gn7i-c8g1.2xlarge
 * startup: { eciInstanceSeconds: 12, imageSizeGiB: 3 }   # optional, see lib/sim/startup.ts
 * ```
 * @param source names the file in messages: `prices.yaml:eci.vcpuSecond: ...`
 * @throws ValidationError with every problem found
 */
export function parsePrices(
  text: string,
  source = 'prices.yaml',
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Prices {
  const doc = parseYamlInput(text, source, 'prices file', limits);
  const issues: Issue[] = [];
  const at = (p: string) => `${source}:${p}`;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ValidationError([
      {
        path: source,
        message: `expected a mapping with keys ${TOP_KEYS.join(', ')}, got ${show(doc)}`,
      },
    ]);
  }
  const d = doc as Record<string, any>;
  for (const k of Object.keys(d)) {
    if (!TOP_KEYS.includes(k)) {
      issues.push({
        path: at(k),
        message: `unknown key '${k}'; known keys: ${TOP_KEYS.join(', ')}`,
      });
    }
  }
  const currency = d.currency ?? 'CNY';
  if (typeof currency !== 'string' || currency === '') {
    issues.push({
      path: at('currency'),
      message: `currency ${show(currency)} must be a code such as 'CNY'`,
    });
  }
  const price = (v: unknown, p: string): Issue[] =>
    v === undefined
      ? [{ path: at(p), message: `${p} is missing; give the price as a number, at least 0` }]
      : checkNumber(v, at(p), p, { min: 0 });
  const section = (key: string, fields: string[]): Record<string, unknown> => {
    const s = d[key];
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      issues.push({
        path: at(key),
        message: `${key} ${show(s)} must be a mapping with ${fields.join(', ')}`,
      });
      return {};
    }
    for (const k of Object.keys(s)) {
      if (!fields.includes(k)) {
        issues.push({
          path: at(`${key}.${k}`),
          message: `unknown key '${k}'; known keys: ${fields.join(', ')}`,
        });
      }
    }
    for (const f of fields) issues.push(...price(s[f], `${key}.${f}`));
    return s;
  };
  const ecs = section('ecs', ['nodeMonthly']);
  const eci = section('eci', ['vcpuSecond', 'memoryGiBSecond']);
  const gpu: Record<string, { second: number; monthly: number }> = {};
  if (d.gpu !== undefined) {
    if (typeof d.gpu !== 'object' || d.gpu === null || Array.isArray(d.gpu)) {
      issues.push({
        path: at('gpu'),
        message: `gpu ${show(d.gpu)} must map GPU instance types to { second, monthly }`,
      });
    } else {
      for (const [spec, v] of Object.entries(d.gpu as Record<string, any>)) {
        const p = joinPath('gpu', spec);
        if (typeof v !== 'object' || v === null) {
          issues.push({ path: at(p), message: `${show(v)} must be a mapping { second, monthly }` });
          continue;
        }
        issues.push(...price(v.second, `${p}.second`), ...price(v.monthly, `${p}.monthly`));
        gpu[spec] = { second: v.second, monthly: v.monthly };
      }
    }
  }
  if (d.defaultGpuSpec !== undefined && gpu[d.defaultGpuSpec] === undefined) {
    issues.push({
      path: at('defaultGpuSpec'),
      message: `defaultGpuSpec ${show(d.defaultGpuSpec)} is not a key of gpu; add its price or pick one of: ${Object.keys(gpu).join(', ') || 'none'}`,
    });
  }
  const startup = parseStartup(d.startup, at, issues);
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    currency,
    ecsNodeMonthly: ecs.nodeMonthly as number,
    eciVcpuSecond: eci.vcpuSecond as number,
    eciMemoryGiBSecond: eci.memoryGiBSecond as number,
    gpu,
    defaultGpuSpec: d.defaultGpuSpec,
    note: typeof d.note === 'string' ? d.note : undefined,
    ...(startup !== undefined ? { startup } : {}),
  };
}

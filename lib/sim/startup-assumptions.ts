import { Issue, checkNumber, joinPath, show } from '../validation';
import { DEFAULT_STARTUP, StartupAssumptions } from './startup';

const SECONDS_KEYS = [
  'schedulingSeconds',
  'eciInstanceSeconds',
  'gpuInstanceSeconds',
  'imageCacheSeconds',
  'containerStartSeconds',
  'gpuContainerStartSeconds',
  'readinessSeconds',
  'endpointSeconds',
] as const;

/** Keys of the assumptions file's `startup:` section. */
export const STARTUP_KEYS = [
  ...SECONDS_KEYS,
  'pullMiBPerSecond',
  'imageSizeGiB',
  'imageSizeGiBByModel',
] as const;

/**
 * Reads the `startup:` section of the prices/assumptions file; unset keys keep `DEFAULT_STARTUP`.
 * ```yaml
 * startup:
 *   eciInstanceSeconds: 12
 *   imageSizeGiB: 3
 *   imageSizeGiBByModel: { doc-ocr: 14 }
 * ```
 * @param at turns a key path into the issue path, e.g. `prices.yaml:startup.imageSizeGiB`
 */
export function parseStartup(
  value: unknown,
  at: (p: string) => string,
  issues: Issue[],
): Partial<StartupAssumptions> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({
      path: at('startup'),
      message: `startup ${show(value)} must be a mapping with ${STARTUP_KEYS.join(', ')}`,
    });
    return undefined;
  }
  const s = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s)) {
    if (!(STARTUP_KEYS as readonly string[]).includes(k)) {
      issues.push({
        path: at(`startup.${k}`),
        message: `unknown key '${k}'; known keys: ${STARTUP_KEYS.join(', ')}`,
      });
    }
  }
  const number = (k: string, min: number, max: number) => {
    if (s[k] === undefined) return;
    const found = checkNumber(s[k], at(`startup.${k}`), k, { min, max });
    issues.push(...found);
    if (found.length === 0) out[k] = s[k];
  };
  for (const k of SECONDS_KEYS) number(k, 0, 3600);
  number('pullMiBPerSecond', 0.001, 100000);
  number('imageSizeGiB', 0, 1000);
  const byModel = s.imageSizeGiBByModel;
  if (byModel !== undefined) {
    if (typeof byModel !== 'object' || byModel === null || Array.isArray(byModel)) {
      issues.push({
        path: at('startup.imageSizeGiBByModel'),
        message: `imageSizeGiBByModel ${show(byModel)} must map model names to sizes in GiB`,
      });
    } else {
      const sizes: Record<string, number> = Object.create(null);
      for (const [model, size] of Object.entries(byModel as Record<string, unknown>)) {
        const p = joinPath('startup.imageSizeGiBByModel', model);
        const found = checkNumber(size, at(p), `image size of '${model}'`, { min: 0, max: 1000 });
        issues.push(...found);
        if (found.length === 0) sizes[model] = size as number;
      }
      out.imageSizeGiBByModel = sizes;
    }
  }
  return out as Partial<StartupAssumptions>;
}

/** The assumptions in effect: the file's figures over `DEFAULT_STARTUP`. */
export function startupAssumptions(
  overrides: Partial<StartupAssumptions> | undefined,
): StartupAssumptions {
  return { ...DEFAULT_STARTUP, ...(overrides ?? {}) };
}

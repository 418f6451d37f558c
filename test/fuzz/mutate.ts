import fc from 'fast-check';

/**
 * Mutations of valid inputs for the reader fuzz tests: drop, duplicate and retype fields, swap
 * scalars for maps and lists, huge numbers, NaN, negative zero, long strings, unicode and deep
 * nesting, applied at paths picked at random inside the input.
 */

type Json = unknown;

/** Scalars that break readers: edge numbers, odd strings, other types. */
export const oddScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    NaN,
    -0,
    Infinity,
    -Infinity,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0,
    0.5,
    '',
    ' ',
    '0',
    '-1',
    '1e999',
    'NaN',
    'true',
    'null',
    '~',
    '🙂',
    'Ωμέγα',
    '\u0000',
    'a\nb',
    '${x}',
    '*alias',
    '&anchor',
    'x'.repeat(10_000),
    true,
    false,
    null,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
);

/** Small values of any shape. */
export const oddValue: fc.Arbitrary<Json> = fc.oneof(
  { depthSize: 'small' },
  oddScalar,
  fc.array(oddScalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), oddScalar, { maxKeys: 3 }),
);

export type Op = 'drop' | 'duplicate' | 'retype' | 'toMap' | 'toList' | 'nest' | 'addKey';

export interface Mutation {
  readonly path: readonly number[];
  readonly op: Op;
  readonly value: Json;
  readonly key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 0, maxLength: 6 }),
  op: fc.constantFrom<Op>(
    'drop',
    'duplicate',
    'retype',
    'retype',
    'toMap',
    'toList',
    'nest',
    'addKey',
  ),
  value: oddValue,
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('name', 'image', 'traffic', 'models'),
  ),
});

/** A deep copy with the mutation applied at the container the path walks to. */
export function mutate(input: Json, m: Mutation): Json {
  const box: { root: Json } = { root: structuredClone(input) };
  let parent: any = box;
  let key: string | number = 'root';
  for (const step of m.path) {
    const here = parent[key];
    if (typeof here !== 'object' || here === null) break;
    const keys: (string | number)[] = Array.isArray(here)
      ? here.map((_, i) => i)
      : Object.keys(here);
    if (keys.length === 0) break;
    parent = here;
    key = keys[step % keys.length];
  }
  const target = parent[key];
  switch (m.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(target));
      else parent[`${String(key)}`] = [target, structuredClone(target)];
      break;
    case 'retype':
      parent[key] = m.value;
      break;
    case 'toMap':
      parent[key] = { [m.key]: target };
      break;
    case 'toList':
      parent[key] = [target];
      break;
    case 'nest': {
      let deep: Json = target;
      for (let i = 0; i < 80; i++) deep = i % 2 ? [deep] : { a: deep };
      parent[key] = deep;
      break;
    }
    case 'addKey':
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        (target as Record<string, Json>)[m.key] = m.value;
      } else parent[key] = m.value;
      break;
  }
  return box.root;
}

/** One seed for every fuzz test of a run: `ACK_SERVING_FUZZ_SEED` repeats a failing run. */
export const FUZZ_SEED = Number(process.env.ACK_SERVING_FUZZ_SEED ?? 20261202);

/** fast-check parameters: the seed, and the seed printed with any failure. */
export function fuzzParams(numRuns: number): fc.Parameters<unknown> {
  return {
    seed: FUZZ_SEED,
    numRuns,
    endOnFailure: true,
    reporter: (out) => {
      if (out.failed) {
        throw new Error(
          `fuzz failure with seed ${FUZZ_SEED} (repeat with ACK_SERVING_FUZZ_SEED=${FUZZ_SEED}):\n` +
            `${fc.defaultReportMessage(out)}\n${String((out.errorInstance as Error)?.stack ?? out.errorInstance)}`,
        );
      }
    },
  };
}

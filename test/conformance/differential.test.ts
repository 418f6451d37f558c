import { KnativeRoute } from '../../lib/knative/knative-route';
import { KnativeService } from '../../lib/knative/knative-service';
import {
  CASE_COUNTS,
  GeneratedCase,
  SEED,
  generateCases,
  pinnedCases,
  resolveCluster,
} from './generators';
import { Chart, Testing } from 'cdk8s';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DELIBERATE_DIFFERENCES, explain } from './differences';
import { Answer, BUILD_TIMEOUT_MS, buildHarness, diffCases, skipWithoutGo } from './harness';

interface Outcome {
  readonly c: GeneratedCase;
  readonly answer: Answer;
  readonly deliberate: readonly string[];
  readonly agree: boolean;
}

function judge(c: GeneratedCase, answer: Answer): Outcome {
  const deliberate = new Set<string>();
  const unexplained = c.library.filter((issue) => {
    const d = explain(issue, c.library);
    if (d) deliberate.add(d.rule);
    return !d;
  });
  // Library rejects for a real rule -> Knative must reject; otherwise Knative must accept.
  const expectedOk = unexplained.length === 0;
  return {
    c,
    answer,
    deliberate: [...deliberate],
    agree: answer.ok === expectedOk && !answer.skipped,
  };
}

function describeDisagreement(o: Outcome): string {
  return [
    `case ${o.c.id} (${o.c.rule})`,
    `  input:   ${JSON.stringify(o.c.input)}`,
    `  library: ${o.c.library.length === 0 ? 'accepts' : o.c.library.map((i) => `${i.path}: ${i.message}`).join(' | ')}`,
    `  knative: ${o.answer.ok ? 'accepts' : o.answer.errors.join(' | ')}${o.answer.skipped ? ` (skipped: ${o.answer.skipped})` : ''}`,
    `  object:  ${JSON.stringify(o.c.object)}`,
  ].join('\n');
}

/** One example per kind of disagreement (same family, same library and Knative messages up to values). */
function groupReport(disagreements: readonly Outcome[]): string {
  const norm = (text: string) => text.replace(/'[^']*'|"[^"]*"|-?\d+(\.\d+)?/g, '_');
  const groups = new Map<string, Outcome[]>();
  for (const o of disagreements) {
    const key = [
      o.c.rule,
      o.c.library.map((i) => norm(i.message)).join(' & '),
      o.answer.ok ? 'ok' : o.answer.errors.map(norm).join(' & '),
    ].join(' | ');
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.values()]
    .map((g) => `${g.length} like this one:\n${describeDisagreement(g[0])}`)
    .join('\n\n');
}

const BATCH = 2500;

function ask(cases: readonly GeneratedCase[]): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const distribution of ['upstream', 'ack'] as const) {
    const mine = cases.filter((c) => c.distribution === distribution);
    for (let i = 0; i < mine.length; i += BATCH) {
      const batch = mine.slice(i, i + BATCH);
      const answers = diffCases(
        batch.map(({ id, object, configMaps }) => ({ id, object, configMaps })),
        { distribution },
      );
      batch.forEach((c, j) => outcomes.push(judge(c, answers[j])));
    }
  }
  return outcomes;
}

describe('differential: library validators vs Knative webhook code', () => {
  let cases: GeneratedCase[];
  let outcomes: Outcome[];

  beforeAll(() => {
    cases = generateCases(SEED);
    if (skipWithoutGo()) return;
    buildHarness();
    outcomes = ask(cases);
  }, BUILD_TIMEOUT_MS);

  test('generates at least 10,000 seeded cases over every rule family', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10000);
    expect(cases.length).toBe(
      pinnedCases().length + Object.values(CASE_COUNTS).reduce((a, b) => a + b, 0),
    );
    expect(generateCases(SEED).map((c) => JSON.stringify(c.object))).toEqual(
      cases.map((c) => JSON.stringify(c.object)),
    );
    for (const family of [...Object.keys(CASE_COUNTS), 'pinned']) {
      const mine = cases.filter((c) => c.rule === family);
      // boundaries on both sides: every family has cases the library accepts and rejects
      expect([family, mine.some((c) => c.library.length === 0)]).toEqual([family, true]);
      expect([family, mine.some((c) => c.library.length > 0)]).toEqual([family, true]);
    }
  }, 180_000);

  test('the library and Knative agree on every case, deliberate differences aside', () => {
    if (skipWithoutGo()) return;
    const disagreements = outcomes.filter((o) => !o.agree);
    process.stderr.write(
      `differential: ${outcomes.length} cases, ${disagreements.length} disagreements\n`,
    );
    if (disagreements.length > 0) process.stderr.write(`${groupReport(disagreements)}\n`);
    expect(disagreements.length).toBe(0);
  });

  test('each generated deliberate difference occurs, in the documented direction', () => {
    if (skipWithoutGo()) return;
    for (const row of DELIBERATE_DIFFERENCES.filter(
      (r) => r.generated && r.rule !== 'ACK extension autoscaler classes',
    )) {
      const seen = outcomes.filter((o) => o.deliberate.includes(row.rule) && o.agree);
      // library rejects, Knative accepts, for at least one case whose only issues are this difference
      const pure = seen.filter((o) => o.answer.ok && o.c.library.length > 0);
      expect([row.rule, pure.length > 0]).toEqual([row.rule, true]);
    }
  });

  test('ACK extension classes: accepted by the library on ACK, refused by upstream Knative', () => {
    if (skipWithoutGo()) return;
    const ack = outcomes.filter((o) => o.c.rule === 'autoscaling-ack' && o.c.library.length === 0);
    expect(ack.length).toBeGreaterThan(0);
    expect(ack.every((o) => o.answer.ok && o.answer.note?.startsWith('distribution ack:'))).toBe(
      true,
    );
    const upstream = diffCases(
      ack.slice(0, 20).map(({ c }) => ({ id: c.id, object: c.object, configMaps: c.configMaps })),
      { distribution: 'upstream' },
    );
    expect(
      upstream.every(
        (a) =>
          !a.ok && a.errors.some((e) => e.startsWith('invalid value: ') && e.includes('/class')),
      ),
    ).toBe(true);
  });

  test('the documentation lists every deliberate difference', () => {
    const root = path.resolve(__dirname, '..', '..');
    const docs = ['docs/conformance.md', 'README.md']
      .map((f) => path.join(root, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const missing = DELIBERATE_DIFFERENCES.filter((d) => !docs.includes(d.rule)).map((d) => d.rule);
    expect(missing).toEqual([]);
  });

  test('the generator renders objects exactly as the constructs do', () => {
    // Cases are rendered with the pure render functions (the constructs throw on invalid input);
    // for accepted cases, the constructs must produce the very same manifests.
    const accepted = cases.filter(
      (c) => c.library.length === 0 && ['Service', 'Route'].includes(c.object.kind as string),
    );
    const sample = accepted.filter((_, i) => i % 25 === 0);
    expect(sample.length).toBeGreaterThan(50);
    for (const c of sample) {
      const input = c.input as { name: string; template?: any; traffic?: any; cluster?: any };
      const chart = Testing.chart();
      const cluster = resolveCluster({ settings: input.cluster }).config;
      const common = { name: input.name, namespace: 'models', cluster };
      if (c.object.kind === 'Service') {
        new KnativeService(chart, 'S', {
          ...common,
          template: input.template,
          traffic: input.traffic,
        });
      } else {
        new KnativeRoute(chart, 'R', { ...common, traffic: input.traffic });
      }
      expect([c.id, Testing.synth(chart as Chart)[0]]).toEqual([c.id, c.object]);
    }
  });
});

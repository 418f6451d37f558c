import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Issue, ValidationError } from './validation';

/**
 * Synthesizes every chart of an app in one pass: validations run once for the whole app (cdk8s's
 * `chart.toJson()` re-validates the whole app per chart, which is quadratic for a 5,000-model
 * fleet), then each chart's objects render. Validation errors are thrown as one ValidationError,
 * `<path>: <message>` each.
 *
 * Order is cdk8s's own: charts and objects in construction order, except that `node.addDependency`
 * puts what is depended on first (between charts and between objects of a chart), as `app.synth()`
 * does. An app without dependencies skips the dependency graph, which is most of the cost.
 */
export function synthApp(app: App): Map<Chart, Record<string, unknown>[]> {
  const all = app.node.findAll();
  const issues: Issue[] = [];
  for (const c of all) {
    for (const error of c.node.validate()) issues.push(toIssue(c, error));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const out = new Map<Chart, Record<string, unknown>[]>();
  if (!all.some((c) => c.node.dependencies.length > 0)) {
    for (const c of all) if (c instanceof Chart) out.set(c, []);
    for (const c of all) if (c instanceof ApiObject) out.get(Chart.of(c))?.push(c.toJson());
    return out;
  }
  liftDependencies(all);
  for (const chart of new DependencyGraph(app.node).topology()) {
    if (!(chart instanceof Chart)) continue;
    const objects = new DependencyGraph(chart.node)
      .topology()
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
    out.set(
      chart,
      objects.map((o) => o.toJson()),
    );
  }
  return out;
}

/**
 * What cdk8s's `App.synth()` does before it orders (its `resolveDependencies`): a chart depends on
 * the charts nested in it and on the charts its constructs depend on, and the objects of a
 * construct depend on the objects of what it depends on.
 */
function liftDependencies(all: readonly IConstruct[]): void {
  const deps = all.flatMap((source) =>
    source.node.dependencies.map((target) => ({ source, target })),
  );
  for (const parent of all) {
    if (!(parent instanceof Chart)) continue;
    for (const child of parent.node.children)
      if (child instanceof Chart) parent.node.addDependency(child);
  }
  const objectsOf = (c: IConstruct, chart: Chart) =>
    c.node.findAll().filter((o) => o instanceof ApiObject && Chart.of(o) === chart);
  for (const { source, target } of deps) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
    const targets = objectsOf(target, targetChart);
    for (const s of objectsOf(source, sourceChart)) {
      for (const t of targets) if (s !== t) s.node.addDependency(t);
    }
  }
}

/** The app a construct belongs to. */
export function appOf(scope: IConstruct): App {
  return App.of(scope);
}

/** Our validations already speak `<path>: <message>`; others get the construct path. */
function toIssue(c: IConstruct, error: string): Issue {
  const m = /^(\S+?): (.*)$/s.exec(error);
  return m ? { path: m[1], message: m[2] } : { path: c.node.path, message: error };
}

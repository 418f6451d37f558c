import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Issue, ValidationError } from './validation';

/**
 * Synthesizes every chart of an app in one pass: validations run once for the whole app (cdk8s's
 * `chart.toJson()` re-validates the whole app per chart, which is quadratic for a 5,000-model
 * fleet), then each chart's objects render in construction order. Validation errors are thrown as
 * one ValidationError, `<path>: <message>` each.
 */
export function synthApp(app: App): Map<Chart, Record<string, unknown>[]> {
  const all = app.node.findAll();
  const issues: Issue[] = [];
  for (const c of all) {
    for (const error of c.node.validate()) issues.push(toIssue(c, error));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const out = new Map<Chart, Record<string, unknown>[]>();
  for (const c of app.node.findAll()) {
    if (c instanceof Chart) out.set(c, []);
  }
  for (const c of app.node.findAll()) {
    if (c instanceof ApiObject) out.get(Chart.of(c))?.push(c.toJson());
  }
  return out;
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

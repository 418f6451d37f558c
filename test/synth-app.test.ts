import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { synthApp } from '../lib/synth-app';

const cm = (scope: Construct, name: string) =>
  new ApiObject(scope, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

/** `kind/name` of every object, charts in the order given. */
const order = (charts: Map<Chart, Record<string, unknown>[]>) =>
  [...charts.values()].flat().map((o) => (o.metadata as { name: string }).name);

/** What cdk8s's own synthesis prints, in its order. */
const cdk8sOrder = (app: App) =>
  YAML.parseAllDocuments(app.synthYaml()).map((d) => d.toJSON().metadata.name);

describe('synthApp', () => {
  test('keeps construction order when nothing declares a dependency', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    cm(b, 'b1');
    cm(a, 'a1');
    cm(a, 'a2');
    expect(order(synthApp(app))).toEqual(['a1', 'a2', 'b1']);
    expect(order(synthApp(app))).toEqual(cdk8sOrder(app));
  });

  test('puts what is depended on first, between objects and between charts, as cdk8s does', () => {
    // GIVEN a chart of models that depends on a platform chart constructed after it, and inside it
    // a Route that depends on a Configuration constructed after it
    const app = new App();
    const models = new Chart(app, 'models');
    const route = cm(models, 'route');
    const config = cm(models, 'config');
    route.node.addDependency(config);
    const platform = new Chart(app, 'platform');
    const group = new Construct(platform, 'group');
    cm(group, 'namespace');
    cm(group, 'settings');
    models.node.addDependency(group);
    // WHEN
    const ours = order(synthApp(app));
    // THEN
    expect(ours).toEqual(['namespace', 'settings', 'config', 'route']);
    expect(ours).toEqual(cdk8sOrder(app));
  });
});

/**
 * The cost of a fleet's observability: a generated fleet of 500 models (all with an SLO) synthesized
 * as `ack-serving synth` does, with and without its PrometheusRules and Grafana dashboards, and the
 * rules and dashboards alone. Prints times, the extra time and the ratio. Target: under 1 s extra
 * for 500 models.
 * Run: npx tsx bench/observability.ts
 */
import { App } from 'cdk8s';
import { synthFleet } from '../lib/cli/synth';
import { CatalogSpec } from '../lib/models/catalog';
import { ModelFleet } from '../lib/models/model-fleet';
import { FleetObservability } from '../lib/observability/fleet-observability';
import { generateCatalog } from './generate-catalog';
import { median, time } from './timing';

const COUNT = 500;
const RUNS = 5;

function catalog(): CatalogSpec {
  const c = generateCatalog(COUNT);
  return { ...c, defaults: { ...c.defaults, slo: { availability: 99.9, latencyP99Ms: 250 } } };
}

/** `ack-serving synth` of the fleet, with or without `observability/`. */
function synth(observability: boolean): number {
  const fleet = new ModelFleet(new App(), 'fleet', { catalog: catalog() });
  return Object.keys(synthFleet(fleet, { observability }).files).length;
}

/** The rules and dashboards alone, on a fleet built beforehand: constructs and their JSON. */
function observabilityAlone(fleet: ModelFleet): number {
  const obs = new FleetObservability(fleet);
  return [...obs.rules, ...obs.dashboards].reduce(
    (n, c) => n + JSON.stringify(c.apiObject.toJson()).length,
    0,
  );
}

synth(false);
synth(true);
const before = median(RUNS, () => time(() => synth(false)));
const after = median(RUNS, () => time(() => synth(true)));
const alone = median(RUNS, () => {
  const fleet = new ModelFleet(new App(), 'fleet', { catalog: catalog() });
  return time(() => observabilityAlone(fleet));
});
const fleet = new ModelFleet(new App(), 'fleet', { catalog: catalog() });
const obs = new FleetObservability(fleet);
const rules = obs.rules.reduce((n, r) => n + r.groups.reduce((m, g) => m + g.rules.length, 0), 0);
console.log(
  `fleet of ${COUNT} models: ${obs.rules.length} PrometheusRules (${rules} rules), ${obs.dashboards.length} dashboards`,
);
console.log(
  `synth (objects and YAML files) without observability ${before.toFixed(0)} ms, with it ${after.toFixed(0)} ms: +${(after - before).toFixed(0)} ms, ratio ${(after / before).toFixed(2)} (target: under 1000 ms extra)`,
);
console.log(
  `rules and dashboards alone (constructs and their JSON, no YAML) ${alone.toFixed(0)} ms`,
);

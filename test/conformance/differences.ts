import { Issue } from '../../lib/validation';

/**
 * Where the library is deliberately not Knative's admission webhook. Each row says which library
 * issues it explains. In the differential suite, a case whose library issues are all explained
 * must be ACCEPTED by Knative (the difference is asserted in that direction); every other case
 * must get the same verdict from both. Keep this the single list: docs/conformance.md shows it.
 */
export interface DeliberateDifference {
  readonly rule: string;
  /** What the library does. */
  readonly library: string;
  /** What Knative does, with the upstream file. */
  readonly knative: string;
  readonly why: string;
  /** True when this row explains `issue` (the case's other issues are given for context). */
  readonly covers: (issue: Issue, all: readonly Issue[]) => boolean;
  /** Whether the differential generator exercises the row (otherwise that area's tests do). */
  readonly generated: boolean;
}

const EMPTY_FILTER =
  /filter value for .* must be a non-empty string|filter names no attribute|filter is an empty list|filter has no dialect|does not parse: the expression is empty/;

export const DELIBERATE_DIFFERENCES: readonly DeliberateDifference[] = [
  {
    rule: 'Host labels of routes and tags',
    library:
      'rejects a route or tag host (`{tag}-{name}.{namespace}.{domain}`) with a label over 63 characters',
    knative:
      'admits it; the Route only turns not-Ready at reconcile time (serving pkg/reconciler/route/domains/domains.go)',
    why: 'a manifest that applies but never serves is an error we can report before deploying',
    covers: (i) => i.message.includes('DNS allows 63'),
    generated: true,
  },
  {
    rule: 'Response-start and idle timeouts',
    library:
      'rejects responseStartTimeoutSeconds or idleTimeoutSeconds above the effective timeoutSeconds',
    knative: 'puts no bound on either (serving pkg/apis/serving/v1/revision_validation.go)',
    why: 'a timer longer than the request timeout can never fire, so the value is a mistake',
    covers: (i) => i.message.includes('cannot exceed the request timeout'),
    generated: true,
  },
  {
    rule: 'Empty SubscriptionsAPI filters',
    library:
      'rejects an empty exact/prefix/suffix value, a dialect naming no attribute, an empty all/any list, a filter with no dialect and an empty CESQL expression',
    knative:
      'the webhook admits them (eventing pkg/apis/eventing/v1/trigger_validation.go); empty values fail in the filter constructors at runtime (pkg/eventfilter/subscriptionsapi)',
    why: 'an empty filter either breaks the Trigger at runtime or silently matches everything',
    covers: (i, all) =>
      EMPTY_FILTER.test(i.message) ||
      // "mixes the dialects" where the extra dialect is an empty map Knative does not count
      (i.message.includes('mixes the dialects') &&
        all.some(
          (o) => o.path.startsWith(`${i.path}.`) && o.message.includes('filter names no attribute'),
        )),
    generated: true,
  },
  {
    rule: 'Negative delivery durations',
    library: 'rejects a negative backoffDelay or timeout',
    knative: 'only parses them as ISO-8601 (eventing pkg/apis/duck/v1/delivery_types.go)',
    why: 'a negative delay or time-out has no meaning',
    covers: (i) =>
      /\.(backoffDelay|timeout)$/.test(i.path) && i.message.includes('must not be negative'),
    generated: true,
  },
  {
    rule: 'Empty autoscaler class',
    library: "rejects autoscaling.class ''",
    knative:
      "admits it: validateClass only checks classes ending in '.knative.dev' (serving pkg/apis/autoscaling/annotation_validation.go)",
    why: 'no autoscaler reconciles a PodAutoscaler of class "", so the revision would never scale',
    covers: (i) =>
      /autoscaling\.class$/.test(i.path) && i.message.includes('must be a non-empty string'),
    generated: true,
  },
  {
    rule: 'Container port 0',
    library: 'rejects port 0 (allowed 1 to 65535)',
    knative:
      'admits 0 and serves on 8080 (serving pkg/apis/serving/k8s_validation.go validateContainerPort)',
    why: '0 reads as a port but means "unset"; leave port unset instead',
    covers: (i) => /\.port$/.test(i.path) && i.message.startsWith('port 0 is out of range'),
    generated: true,
  },
  {
    rule: 'panic-threshold-percentage in config-autoscaler',
    library: 'ServingSettings rejects a cluster panic-threshold-percentage of 0 or less',
    knative: 'config-autoscaler does not range-check it (serving pkg/autoscaler/config/config.go)',
    why: 'a threshold of 0 keeps the autoscaler in panic mode permanently',
    covers: (i) =>
      i.message.startsWith('panic-threshold-percentage') &&
      i.message.includes('must be a number above 0'),
    generated: true,
  },
  {
    rule: "Empty traffic tag ''",
    library: "rejects tag ''",
    knative: "treats '' as no tag (serving pkg/apis/serving/v1/route_validation.go)",
    why: 'an empty tag is a mistake; leave tag unset for an untagged target',
    covers: (i) => /\.tag$/.test(i.path) && i.message.startsWith('tag is required'),
    generated: true,
  },
  {
    rule: 'Image references with empty parts',
    library: "rejects empty path components ('team//model') and an empty tag ('model:')",
    knative:
      'admits them: go-containerregistry name.ParseReference with WeakValidation (serving pkg/apis/serving/k8s_validation.go)',
    why: 'container runtimes refuse these references, so the revision could never pull its image',
    covers: (i) =>
      /\.image$/.test(i.path) &&
      i.message.includes('is not a valid image reference') &&
      /\/\/|:'/.test(i.message.split(' is not')[0]),
    generated: true,
  },
  {
    rule: 'Empty PingSource schedule',
    library: "rejects schedule ''",
    knative: "defaults '' to '* * * * *' (eventing pkg/apis/sources/v1/ping_defaults.go)",
    why: 'an empty schedule silently becomes a job every minute',
    covers: (i) => /\.schedule$/.test(i.path) && i.message.startsWith("schedule '' is invalid"),
    generated: true,
  },
  {
    rule: 'ACK extension autoscaler classes',
    library:
      'accepts mpa.autoscaling.knative.dev and ahpa.autoscaling.knative.dev when ServingSettings lists them in extensionClasses (ACK stacks)',
    knative:
      'upstream validateClass rejects both; `kconform --distribution ack` rewrites them to a neutral class, notes it, and checks everything else',
    why: "ACK's Knative build ships these autoscalers",
    covers: () => false,
    generated: true,
  },
  {
    rule: 'min-scale on a 0 % version',
    library:
      "ModelService rejects a version's own minScale > 0 at 0 % traffic unless it is warm; an inherited minScale is not applied there",
    knative:
      'admits it; min-scale is ignored while the revision is unreachable (serving pkg/reconciler/autoscaling/kpa/scaler.go)',
    why: 'such pods are paid for while serving nothing; asserted in the model tests',
    covers: () => false,
    generated: false,
  },
];

/** The deliberate difference explaining `issue`, if any. */
export function explain(issue: Issue, all: readonly Issue[]): DeliberateDifference | undefined {
  return DELIBERATE_DIFFERENCES.find((d) => d.covers(issue, all));
}

import { Chart } from 'cdk8s';
import { KnativeBroker, BrokerClass, checkBroker } from '../knative/eventing/broker';
import { DeliveryProps } from '../knative/eventing/delivery';
import { DestinationInput } from '../knative/eventing/destination';
import { Filter } from '../knative/eventing/filters';
import { KnativePingSource, checkPingSource } from '../knative/eventing/ping-source';
import { KnativeTrigger, KnativeTriggerProps, checkTrigger } from '../knative/eventing/trigger';
import { IAddressable } from '../knative/reference';
import { Issue, joinPath, show } from '../validation';
import { DeliverySpec, EventingSpec, SinkSpec } from './catalog';
import { ModelService } from './model-service';

/** What a catalog's `eventing` section built. */
export interface FleetEventing {
  readonly brokers: readonly KnativeBroker[];
  readonly triggers: readonly KnativeTrigger[];
  readonly schedules: readonly KnativePingSource[];
}

/**
 * Builds the catalog's brokers, triggers and schedules into `chart`. Subscribers and sinks name a
 * model, so they resolve to that model's Route: rename a model and every trigger follows, or fails
 * with the path of the stale name. Problems are added to `issues` with catalog paths.
 */
export function addFleetEventing(
  chart: Chart,
  spec: EventingSpec,
  namespace: string,
  models: readonly ModelService[],
  issues: Issue[],
): FleetEventing | undefined {
  const before = issues.length;
  const byName = new Map(models.map((m) => [m.name, m]));
  const brokerNames = new Set((spec.brokers ?? []).map((b) => b.name));
  const sink = (s: SinkSpec, path: string): DestinationInput | undefined => {
    if (s.model !== undefined) {
      const model = byName.get(s.model);
      if (!model)
        issues.push({
          path: joinPath(path, 'model'),
          message: `model ${show(s.model)} is not in the catalog; known models: ${[...byName.keys()].join(', ')}`,
        });
      return model;
    }
    if (s.broker !== undefined) {
      if (!brokerNames.has(s.broker))
        issues.push({
          path: joinPath(path, 'broker'),
          message: `broker ${show(s.broker)} is not declared under eventing.brokers`,
        });
      return brokerAddress(s.broker, namespace);
    }
    if (s.uri !== undefined) return s.uri;
    issues.push({ path, message: 'a sink needs one of model, broker or uri' });
    return undefined;
  };
  const delivery = (d: DeliverySpec | undefined, path: string): DeliveryProps | undefined => {
    if (!d) return undefined;
    const { deadLetter, ...rest } = d;
    return {
      ...rest,
      ...(deadLetter ? { deadLetterSink: sink(deadLetter, joinPath(path, 'deadLetter')) } : {}),
    };
  };

  const brokerProps = (spec.brokers ?? []).map((b, i) => {
    const path = joinPath(joinPath('eventing', 'brokers'), i);
    const props = {
      name: b.name,
      namespace,
      brokerClass: b.class ? BrokerClass.of(b.class) : undefined,
      delivery: delivery(b.delivery, joinPath(path, 'delivery')),
    };
    issues.push(...checkBroker(props, path));
    return props;
  });
  const triggerProps = (spec.triggers ?? []).map((t, i) => {
    const path = joinPath(joinPath('eventing', 'triggers'), i);
    if (!brokerNames.has(t.broker))
      issues.push({
        path: joinPath(path, 'broker'),
        message: `broker ${show(t.broker)} is not declared under eventing.brokers`,
      });
    const subscriber = sink({ model: t.model }, path) as IAddressable;
    const props: KnativeTriggerProps = {
      name: t.name,
      namespace,
      broker: t.broker,
      subscriber,
      ...(t.filter ? { filter: t.filter } : {}),
      ...(t.filters ? { filters: t.filters.map((f) => Filter.fromSpec(f)) } : {}),
      ...(t.delivery ? { delivery: delivery(t.delivery, joinPath(path, 'delivery')) } : {}),
    };
    if (subscriber) issues.push(...checkTrigger(props, path));
    return props;
  });
  const scheduleProps = (spec.schedules ?? []).map((s, i) => {
    const path = joinPath(joinPath('eventing', 'schedules'), i);
    const { name, sink: sinkSpec, ...rest } = s;
    const target = sink(sinkSpec, joinPath(path, 'sink'));
    const props = { name, namespace, sink: target as DestinationInput, ...rest };
    if (target) issues.push(...checkPingSource(props, path));
    return props;
  });
  for (const list of ['brokers', 'triggers', 'schedules'] as const) {
    issues.push(...uniqueNames(spec[list] ?? [], joinPath('eventing', list)));
  }
  if (issues.length > before) return undefined;
  return {
    brokers: brokerProps.map((p) => new KnativeBroker(chart, `broker-${p.name}`, p)),
    triggers: triggerProps.map((p) => new KnativeTrigger(chart, `trigger-${p.name}`, p)),
    schedules: scheduleProps.map((p) => new KnativePingSource(chart, `schedule-${p.name}`, p)),
  };
}

/** Each name once per list: two objects of one kind and name would be one object in the cluster. */
function uniqueNames(list: readonly { name: string }[], path: string): Issue[] {
  const first = new Map<string, number>();
  const issues: Issue[] = [];
  list.forEach((item, i) => {
    const seen = first.get(item.name);
    if (seen === undefined) first.set(item.name, i);
    else {
      issues.push({
        path: joinPath(joinPath(path, i), 'name'),
        message: `${show(item.name)} is already declared at ${joinPath(path, seen)}; names must be unique in a namespace`,
      });
    }
  });
  return issues;
}

/** A Broker in the catalog's namespace, as a destination. */
function brokerAddress(name: string, namespace: string): IAddressable {
  return { addressRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name, namespace } };
}

import * as knative from '../../lib/knative';

// Every class that renders a Knative kind is `Knative*`; the older names stay for one release as
// deprecated aliases of the very same classes, so existing code and `instanceof` keep working.
test.each([
  ['Broker', 'KnativeBroker'],
  ['Trigger', 'KnativeTrigger'],
  ['PingSource', 'KnativePingSource'],
  ['ApiServerSource', 'KnativeApiServerSource'],
  ['SinkBinding', 'KnativeSinkBinding'],
  ['ContainerSource', 'KnativeContainerSource'],
  ['DomainMapping', 'KnativeDomainMapping'],
])('%s is a deprecated alias of %s', (old, current) => {
  const names = knative as unknown as Record<string, unknown>;
  expect(typeof names[current]).toBe('function');
  expect(names[old]).toBe(names[current]);
});

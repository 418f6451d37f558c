import { ApiObject, App, Chart } from 'cdk8s';

/** A small Kubernetes side: a Namespace, a partly owned Knative ConfigMap and a Knative Service. */
export function buildSample(app: App): Chart {
  const chart = new Chart(app, 'serving', { disableResourceNameHashes: true });
  new ApiObject(chart, 'models-ns', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'models' },
  });
  new ApiObject(chart, 'config-autoscaler', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'config-autoscaler',
      namespace: 'knative-serving',
      annotations: { 'ack-serving.io/ownership': 'partial' },
    },
    data: { 'enable-scale-to-zero': 'true' },
  });
  new ApiObject(chart, 'credit-score', {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'credit-score', namespace: 'models' },
    spec: {
      template: {
        spec: { containers: [{ image: 'registry.example.com/risk/credit-score:1.0.0' }] },
      },
    },
  });
  new ApiObject(chart, 'policy', {
    apiVersion: 'scheduling.alibabacloud.com/v1alpha1',
    kind: 'ResourcePolicy',
    metadata: { name: 'credit-score', namespace: 'models' },
    spec: { strategy: 'prefer', units: [{ resource: 'ecs' }, { resource: 'eci' }] },
  });
  return chart;
}

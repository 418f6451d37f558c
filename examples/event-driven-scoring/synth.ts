// Run: npx tsx examples/event-driven-scoring/synth.ts
import { App, Chart, Yaml } from 'cdk8s';
import { EventingSettings } from '../../lib/knative/eventing';
import { addEventDrivenScoring } from './event-driven-scoring';

const app = new App();
const chart = new Chart(app, 'event-driven-scoring', { disableResourceNameHashes: true });
addEventDrivenScoring(chart, {
  namespace: 'models',
  // a ModelService or KnativeService in a real stack; anything with an addressRef works
  scoringModel: {
    addressRef: {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      name: 'batch-score',
      namespace: 'models',
    },
  },
  deadLetter: {
    addressRef: {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      name: 'scoring-dead-letters',
      namespace: 'models',
    },
  },
  uploads: {
    region: 'cn-hangzhou',
    accountId: '1234567890',
    bucket: 'loan-files',
    keyPrefix: 'incoming/',
  },
  gateway: { host: 'events.example.com', ingressClassName: 'alb' },
});
new EventingSettings(chart, 'Eventing');
process.stdout.write(Yaml.stringify(...chart.toJson()));

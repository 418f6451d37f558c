import { ApiObject, App, Chart } from 'cdk8s';
import { PlatformContext } from '../lib/deploy/serving-platform';
import { KnativeBroker, BrokerIngress, EventingSettings } from '../lib/knative/eventing';
import { ModelFleet, loadCatalog } from '../lib/models/model-fleet';
import { ValidationError } from '../lib/validation';
import { addEventDrivenScoring } from '../examples/event-driven-scoring/event-driven-scoring';
import { NS, ScoringConfig } from './config';

/** The Broker EventBridge posts to (the example's default name). */
export const SCORING_BROKER = 'scoring-events';

/**
 * The Kubernetes side both environments deploy: the catalog's fleet, built for the platform's
 * ingress class and Knative distribution (the platform decides the distribution, so the same
 * catalog is checked against upstream Knative on the dev cluster, where Alibaba-only objects are
 * left out), and, when configured, the
 * event-driven scoring objects (Broker, Triggers, PingSource, the Broker's Ingress, Eventing flags).
 */
export function buildFleet(
  app: App,
  context: PlatformContext,
  catalogFile: string,
  scoring?: ScoringConfig & { readonly region: string },
): ModelFleet {
  const fleet = new ModelFleet(app, 'fleet', {
    catalog: loadCatalog(catalogFile),
    distribution: context.distribution,
    servingSettings: { network: { ingressClass: context.ingressClass } },
  });
  if (context.distribution === 'upstream') dropAlibabaObjects(app);
  if (scoring) {
    const model = fleet.model(scoring.model);
    if (!model) {
      throw new ValidationError([
        {
          path: `${NS}:eventDrivenScoring.model`,
          message: `model '${scoring.model}' is not in the catalog ${catalogFile}; name one of ${someNames(fleet.models.map((m) => m.name))}`,
        },
      ]);
    }
    const chart = new Chart(app, 'event-driven-scoring', { disableResourceNameHashes: true });
    const gateway = {
      host: scoring.host,
      ingressClassName: scoring.ingressClassName ?? defaultIngressClassName(context),
    };
    // A catalog may declare the Broker, Triggers and schedule itself (its `eventing` section); then
    // only the Broker's route on the gateway is added here.
    const declared = fleet.node
      .findAll()
      .find(
        (c): c is KnativeBroker => c instanceof KnativeBroker && c.brokerName === SCORING_BROKER,
      );
    if (declared) {
      new BrokerIngress(chart, 'ScoringEventsGateway', {
        name: `${SCORING_BROKER}-gateway`,
        brokers: [declared],
        ...gateway,
      });
    } else {
      addEventDrivenScoring(chart, {
        namespace: fleet.catalog.namespace,
        scoringModel: model,
        deadLetter: scoring.deadLetterUri,
        uploads: {
          region: scoring.region,
          accountId: scoring.accountId,
          bucket: scoring.bucket,
          keyPrefix: scoring.keyPrefix,
        },
        brokerName: SCORING_BROKER,
        gateway,
      });
      new EventingSettings(chart, 'eventing-settings');
    }
  }
  return fleet;
}

/** Up to ten names, then how many more. */
function someNames(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}

/**
 * Removes the objects of Alibaba Cloud API groups (`*.alibabacloud.com`, such as the ECS-then-ECI
 * `ResourcePolicy`): a plain cluster has no CRD for them, so applying them would fail. Pods then
 * schedule by their own node selectors and tolerations. Returns what was removed.
 */
export function dropAlibabaObjects(app: App): string[] {
  const dropped: string[] = [];
  for (const c of app.node.findAll()) {
    if (c instanceof ApiObject && /(^|\.)alibabacloud\.com$/.test(c.apiGroup)) {
      dropped.push(`${c.kind} ${c.metadata.namespace}/${c.name}`);
      c.node.scope?.node.tryRemoveChild(c.node.id);
    }
  }
  return dropped;
}

/** The Kubernetes IngressClass name of the gateway's controller, where ACK names one by default. */
function defaultIngressClassName(context: PlatformContext): string | undefined {
  return context.gateway === 'alb' ? 'alb' : context.gateway === 'mse' ? 'mse' : undefined;
}

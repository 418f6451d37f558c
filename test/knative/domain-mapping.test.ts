import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  KnativeDomainMapping,
  KnativeDomainMappingProps,
  checkDomain,
} from '../../lib/knative/domain-mapping';
import { ServingSettings } from '../../lib/knative/serving-settings';
import { IAddressable, KReference } from '../../lib/knative/reference';
import { ValidationError } from '../../lib/validation';

const route: KReference = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  name: 'credit-score',
};

/** A stand-in for a Knative Service construct. */
class FakeService extends Construct implements IAddressable {
  public readonly addressRef: KReference;
  constructor(scope: Construct, id: string, name: string, namespace?: string) {
    super(scope, id);
    this.addressRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name, namespace };
  }
}

function modelsChart(): Chart {
  return new Chart(Testing.app(), 'models', { namespace: 'models' });
}

function errorsOf(props: KnativeDomainMappingProps, chart: Chart = modelsChart()): string[] {
  try {
    new KnativeDomainMapping(chart, 'Domain', props);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message.split('\n');
  }
  return [];
}

const P = 'models/Domain';

describe('DomainMapping', () => {
  test('maps a domain to a Route, with TLS and a ClusterDomainClaim', () => {
    // GIVEN
    const chart = modelsChart();
    // WHEN
    const mapping = new KnativeDomainMapping(chart, 'Domain', {
      domain: 'credit-score.models.example.com',
      ref: route,
      tlsSecretName: 'credit-score-tls',
      clusterDomainClaim: true,
      annotations: {
        'networking.knative.dev/ingress.class': 'kourier.ingress.networking.knative.dev',
      },
    });
    // THEN
    const objs = Testing.synth(chart);
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toEqual([
      'DomainMapping/models/credit-score.models.example.com',
      'ClusterDomainClaim/-/credit-score.models.example.com',
    ]);
    expect(objs[1].spec).toEqual({ namespace: 'models' });
    expect(mapping.url).toBe('https://credit-score.models.example.com');
    expect(mapping.domain).toBe('credit-score.models.example.com');
    expect(ApiObject.of(mapping).kind).toBe('DomainMapping');
    expect(objs).toMatchSnapshot();
  });

  test('points at an addressable construct, takes its namespace, and renders no claim by default', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'plain');
    const svc = new FakeService(chart, 'Svc', 'fraud', 'risk');
    // WHEN
    const mapping = new KnativeDomainMapping(chart, 'Domain', {
      domain: 'fraud.example.com',
      ref: svc,
    });
    // THEN
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'serving.knative.dev/v1beta1',
        kind: 'DomainMapping',
        metadata: { name: 'fraud.example.com', namespace: 'risk' },
        spec: {
          ref: {
            apiVersion: 'serving.knative.dev/v1',
            kind: 'Service',
            name: 'fraud',
            namespace: 'risk',
          },
        },
      },
    ]);
    expect(mapping.url).toBe('http://fraud.example.com');
    expect(mapping.claim).toBeUndefined();
  });

  test('uses https when the cluster provisions certificates for external domains, unless opted out', () => {
    // GIVEN
    const chart = modelsChart();
    new ServingSettings(chart, 'Settings', { network: { externalDomainTls: 'enabled' } });
    // WHEN
    const auto = new KnativeDomainMapping(chart, 'Auto', { domain: 'a.example.com', ref: route });
    const optOut = new KnativeDomainMapping(chart, 'OptOut', {
      domain: 'b.example.com',
      ref: route,
      annotations: { 'networking.knative.dev/disable-external-domain-tls': 'true' },
    });
    // THEN
    expect(auto.url).toBe('https://a.example.com');
    expect(optOut.url).toBe('http://b.example.com');
  });

  test('accepts a Kubernetes Service as the target', () => {
    expect(
      errorsOf({
        domain: 'legacy.example.com',
        ref: { apiVersion: 'v1', kind: 'Service', name: 'legacy' },
      }),
    ).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    [
      'a single label',
      'localhost',
      [
        `${P}.domain: domain 'localhost' is not fully qualified: it needs at least two labels separated by '.', such as 'credit-score.models.example.com'`,
      ],
    ],
    [
      'upper-case letters',
      'Credit.example.com',
      [
        `${P}.domain: domain 'Credit.example.com' has the label 'Credit', which is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
      ],
    ],
    [
      'a label over 63 characters',
      `${'a'.repeat(64)}.example.com`,
      [
        `${P}.domain: domain '${'a'.repeat(64)}.example.com' has the label '${'a'.repeat(64)}' of 64 characters; a DNS label has at most 63`,
      ],
    ],
    [
      'a name over 253 characters',
      `${Array(5).fill('a'.repeat(60)).join('.')}.com`,
      [
        `${P}.domain: domain '${Array(5).fill('a'.repeat(60)).join('.')}.com' is 308 characters; a domain name has at most 253`,
      ],
    ],
    [
      'an empty label',
      'credit..example.com',
      [
        `${P}.domain: domain 'credit..example.com' has the label '', which is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
      ],
    ],
    [
      'the cluster-local domain',
      'credit.models.svc.cluster.local',
      [
        `${P}.domain: domain 'credit.models.svc.cluster.local' is under the cluster-local domain 'cluster.local'; a DomainMapping serves an external domain, such as 'credit-score.models.example.com'`,
      ],
    ],
    [
      'no domain',
      '',
      [
        `${P}.domain: domain is required: a fully qualified domain name such as 'credit-score.models.example.com'`,
      ],
    ],
  ])('fails on a domain with %s', (_name, domain, messages) => {
    expect(errorsOf({ domain, ref: route })).toEqual(messages);
  });

  test('fails on a domain under a custom cluster domain, and passes with the default one', () => {
    expect(
      errorsOf({ domain: 'credit.corp.internal', ref: route, clusterDomain: 'corp.internal' }),
    ).toEqual([
      `${P}.domain: domain 'credit.corp.internal' is under the cluster-local domain 'corp.internal'; a DomainMapping serves an external domain, such as 'credit-score.models.example.com'`,
    ]);
    expect(checkDomain('credit.corp.internal', 'd')).toEqual([]);
  });

  test.each<[string, KReference, string[]]>([
    [
      'a target in another namespace',
      { ...route, namespace: 'other' },
      [
        `${P}.ref.namespace: ref namespace 'other' differs from the DomainMapping's namespace 'models'; a DomainMapping can only point at a target in its own namespace`,
      ],
    ],
    [
      'a kind that is not addressable by host',
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'credit-score' },
      [
        `${P}.ref: ref 'Deployment' ('apps/v1') cannot back a DomainMapping; point it at a Knative Service or Route (serving.knative.dev/v1) or a Kubernetes Service (v1)`,
      ],
    ],
    [
      'a Knative Configuration',
      { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'credit-score' },
      [
        `${P}.ref: ref 'Configuration' ('serving.knative.dev/v1') cannot back a DomainMapping; point it at a Knative Service or Route (serving.knative.dev/v1) or a Kubernetes Service (v1)`,
      ],
    ],
    [
      'a bad target name',
      { ...route, name: 'Credit_Score' },
      [
        `${P}.ref.name: ref name 'Credit_Score' is not a DNS-1035 label: use lower-case letters, digits and '-', start with a letter and end with a letter or digit`,
      ],
    ],
    [
      'a missing kind',
      { apiVersion: 'serving.knative.dev/v1', kind: '', name: 'credit-score' },
      [`${P}.ref.kind: ref kind is required`],
    ],
  ])('fails on %s', (_name, ref, messages) => {
    expect(errorsOf({ domain: 'credit.example.com', ref })).toEqual(messages);
  });

  test('fails on a bad TLS secret name, and passes with a good one', () => {
    expect(
      errorsOf({ domain: 'credit.example.com', ref: route, tlsSecretName: 'Credit TLS' }),
    ).toEqual([
      `${P}.tlsSecretName: tlsSecretName 'Credit TLS' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters`,
    ]);
    expect(
      errorsOf({ domain: 'credit.example.com', ref: route, tlsSecretName: 'credit-tls' }),
    ).toEqual([]);
  });

  test('fails when no namespace is known', () => {
    expect(errorsOf({ domain: 'credit.example.com', ref: route }, Testing.chart())).toEqual([
      `test/Domain.namespace: namespace is required: a DomainMapping lives in its target's namespace; set 'namespace', the chart's namespace or the ref's namespace`,
    ]);
  });

  test('fails when a domain is mapped twice in the App', () => {
    // GIVEN
    const chart = modelsChart();
    new KnativeDomainMapping(chart, 'First', { domain: 'credit.example.com', ref: route });
    // WHEN / THEN
    expect(
      () =>
        new KnativeDomainMapping(chart, 'Second', {
          domain: 'credit.example.com',
          ref: { ...route, name: 'other' },
        }),
    ).toThrow(
      "models/Second.domain: domain 'credit.example.com' is already mapped by 'models/First'; a domain maps to one target, so remove one of them",
    );
  });

  test('reports every problem at once', () => {
    expect(
      errorsOf({
        domain: 'Credit',
        ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', namespace: 'other' },
        tlsSecretName: '-tls',
        labels: { 'bad key!': 'x' },
      }),
    ).toEqual([
      `${P}.domain: domain 'Credit' is not fully qualified: it needs at least two labels separated by '.', such as 'credit-score.models.example.com'`,
      `${P}.domain: domain 'Credit' has the label 'Credit', which is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
      `${P}.ref: ref 'Deployment' ('apps/v1') cannot back a DomainMapping; point it at a Knative Service or Route (serving.knative.dev/v1) or a Kubernetes Service (v1)`,
      `${P}.ref.namespace: ref namespace 'other' differs from the DomainMapping's namespace 'models'; a DomainMapping can only point at a target in its own namespace`,
      `${P}.labels: label key 'bad key!' is not a qualified name: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
      `${P}.tlsSecretName: tlsSecretName '-tls' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters`,
    ]);
  });
});

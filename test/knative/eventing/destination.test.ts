import {
  checkDestination,
  Destination,
  destinationFeatures,
  renderDestination,
  toDestination,
} from '../../../lib/knative/eventing';

const scorer = {
  addressRef: {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    name: 'batch-score',
    namespace: 'models',
  },
};

describe('Destination', () => {
  test('Destination.to points at the addressable object', () => {
    // WHEN
    const d = Destination.to(scorer, { relativeUri: '/events' });
    // THEN
    expect(checkDestination(d.spec, 'd')).toEqual([]);
    expect(renderDestination(d.spec)).toEqual({
      ref: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Route',
        name: 'batch-score',
        namespace: 'models',
      },
      uri: '/events',
    });
  });

  test('a ref without a namespace gets the default namespace when rendered', () => {
    const d = Destination.ref({ apiVersion: 'v1', kind: 'Service', name: 'dlq' });
    expect(renderDestination(d.spec, 'models')).toEqual({
      ref: { apiVersion: 'v1', kind: 'Service', name: 'dlq', namespace: 'models' },
    });
  });

  test('toDestination accepts strings, addressables and destinations', () => {
    expect(toDestination('https://hooks.example.com/e').spec).toEqual({
      uri: 'https://hooks.example.com/e',
    });
    expect(toDestination(scorer).spec.ref?.kind).toBe('Route');
    const d = Destination.uri('https://x.example.com');
    expect(toDestination(d)).toBe(d);
  });

  test('an absolute uri with a host is valid alone', () => {
    expect(
      checkDestination(
        Destination.uri('http://broker-ingress.knative-eventing.svc.cluster.local/models/default')
          .spec,
        'd',
      ),
    ).toEqual([]);
  });

  test('fails with neither ref nor uri', () => {
    expect(checkDestination({}, 'd')).toEqual([
      {
        path: 'd',
        message:
          "destination needs a ref or a uri, got neither; use Destination.to(service), Destination.ref(...) or Destination.uri('https://...')",
      },
    ]);
  });

  test('fails with a ref and an absolute uri', () => {
    expect(
      checkDestination(
        Destination.ref(scorer.addressRef, 'https://other.example.com/x').spec,
        'd',
        'subscriber',
      ),
    ).toEqual([
      {
        path: 'd.uri',
        message:
          "subscriber uri 'https://other.example.com/x' is absolute, but a ref is set; with a ref the uri must be a relative path such as '/events', or drop the ref",
      },
    ]);
  });

  test('fails with a relative uri or one without a host and no ref', () => {
    const message = (u: string) =>
      `sink uri '${u}' must be an absolute URI with a host, such as 'https://hooks.example.com/events', when no ref is set`;
    expect(checkDestination(Destination.uri('/events').spec, 'd', 'sink')).toEqual([
      { path: 'd.uri', message: message('/events') },
    ]);
    expect(checkDestination(Destination.uri('mailto:ops').spec, 'd', 'sink')).toEqual([
      { path: 'd.uri', message: message('mailto:ops') },
    ]);
  });

  test('fails with every missing ref field at once', () => {
    expect(checkDestination({ ref: { kind: '', name: '' } }, 'd')).toEqual([
      { path: 'd.ref.kind', message: "ref kind is required, such as 'Service' or 'Broker'" },
      { path: 'd.ref.name', message: 'ref name is required' },
      {
        path: 'd.ref.apiVersion',
        message: "ref apiVersion is required, such as 'serving.knative.dev/v1'",
      },
    ]);
  });

  test('fails with an apiVersion and a group of different API groups', () => {
    const ref = { apiVersion: 'v1', group: 'serving.knative.dev', kind: 'Service', name: 'a' };
    expect(checkDestination({ ref }, 'd')).toEqual([
      {
        path: 'd.ref.group',
        message:
          "ref apiVersion 'v1' and group 'serving.knative.dev' name different API groups; set only one",
      },
    ]);
    expect(
      checkDestination({ ref: { ...ref, apiVersion: 'serving.knative.dev/v1' } }, 'd'),
    ).toEqual([]);
  });

  test('a ref with group needs kreference-group', () => {
    const spec = Destination.ref({ group: 'serving.knative.dev', kind: 'Service', name: 'a' }).spec;
    expect(checkDestination(spec, 'd')).toEqual([]);
    expect(destinationFeatures(spec, 'd')).toEqual([
      { flag: 'kreference-group', path: 'd.ref.group', field: 'ref.group' },
    ]);
  });

  test('fails with CA certificates that are not PEM', () => {
    expect(
      checkDestination(Destination.uri('https://a.example.com', { caCerts: 'abc' }).spec, 'd'),
    ).toEqual([
      {
        path: 'd.caCerts',
        message:
          "destination caCerts must hold PEM 'CERTIFICATE' blocks ('-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----')",
      },
    ]);
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(
      checkDestination(
        Destination.uri('https://a.example.com', { caCerts: pem, audience: 'a' }).spec,
        'd',
      ),
    ).toEqual([]);
  });
});

/** A Knative KReference (knative/pkg apis/duck/v1/knative_reference.go). */
export interface KReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Something that can receive requests or events: a Knative Service, a Route, a model's route.
 * Eventing destinations and DomainMappings point at it through `addressRef`.
 */
export interface IAddressable {
  readonly addressRef: KReference;
}

export function isAddressable(x: unknown): x is IAddressable {
  return typeof x === 'object' && x !== null && typeof (x as IAddressable).addressRef === 'object';
}

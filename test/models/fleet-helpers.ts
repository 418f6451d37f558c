import { App } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { ValidationError } from '../../lib/validation';

/** A test image of the credit-score model at version `v`. */
export const image = (v: string) => `registry.example.com/risk/credit-score:${v}`;

/** A fleet built from a catalog object in a fresh app. */
export const fleet = (catalog: unknown) => new ModelFleet(new App(), 'fleet', { catalog });

/** The `<path>: <message>` lines building the fleet fails with, or none when it builds. */
export function errorsOf(catalog: unknown): string[] {
  try {
    fleet(catalog);
  } catch (e) {
    if (e instanceof ValidationError) return e.message.split('\n');
    throw e;
  }
  return [];
}

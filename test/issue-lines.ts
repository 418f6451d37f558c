import { ValidationError } from '../lib/validation';

/** The `<path>: <message>` lines a call fails with; fails the test when it does not throw them. */
export function issueLines(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof ValidationError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a ValidationError');
}

import { ValidationError } from '../validation';

/** Where a command writes; the CLI passes the process streams, tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes of every command: 0 ok, 2 invalid input, 1 internal error. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INVALID = 2;

/** Runs a command body, turning ValidationErrors into `<path>: <message>` lines and exit 2. */
export function runCommand(io: Io, body: () => void): number {
  try {
    body();
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ValidationError) {
      io.stderr(`${e.message}\n`);
      io.stderr(
        `${e.issues.length.toLocaleString('en-US')} error${e.issues.length === 1 ? '' : 's'}; nothing was written\n`,
      );
      return EXIT_INVALID;
    }
    io.stderr(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

import { inspect } from 'node:util';

export type ErrorLogger = (message: string, error: unknown) => void;

/** Log an error with its stack, never throwing (the logger itself may fail on a dead connection). */
export function errorLogger(write: (text: string) => void): ErrorLogger {
  return (message, error) => {
    try {
      const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
      write(`${message}: ${detail}`);
    } catch {
      // nothing left to report to
    }
  };
}

/**
 * Wrap a handler so an exception (sync or async) becomes a logged error and
 * the fallback result: a bug in one request never takes the server down.
 */
export function guard<P extends unknown[], R>(
  name: string,
  log: ErrorLogger,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      log(`${name} failed`, error);
      return fallback;
    }
  };
}

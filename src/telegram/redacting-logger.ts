/** Wraps a Logger so that given secrets (the bot token) never reach it, whatever the wrapped logger does. */
import { type Logger, redact } from '../logger.js';

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redact(value.message, secrets),
      ...(value.cause === undefined ? {} : { cause: redactValue(value.cause, secrets) }),
    };
  }
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.parse(redact(JSON.stringify(value), secrets));
    } catch {
      return '[unserializable]';
    }
  }
  return value;
}

/** Returns a Logger that redacts `secrets` (and anything that looks like a bot token) from messages and fields. */
export function createRedactingLogger(logger: Logger, secrets: readonly string[]): Logger {
  const wrap =
    (write: Logger['info']) =>
    (message: string, fields?: Record<string, unknown>): void =>
      write(
        redact(message, secrets),
        fields && Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, redactValue(value, secrets)])),
      );
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
  };
}

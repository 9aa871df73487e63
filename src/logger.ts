/** Structured logging to stderr, one line per event; secrets are redacted before anything is written. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Replaces every occurrence of each secret (and Telegram bot tokens in URLs) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('***');
  }
  return out.replace(/bot\d+:[A-Za-z0-9_-]{20,}/g, 'bot***').replace(/sk-[A-Za-z0-9_-]{16,}/g, 'sk-***');
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const cause = value.cause === undefined ? undefined : describe(value.cause);
    return { name: value.name, message: value.message, ...(cause === undefined ? {} : { cause }) };
  }
  return value;
}

/** Creates a logger writing `level message {fields}` lines to `write` (stderr by default). */
export function createLogger(options: {
  level?: LogLevel;
  secrets?: readonly string[];
  write?: (line: string) => void;
}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const secrets = options.secrets ?? [];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const rendered = fields
      ? ` ${JSON.stringify(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, describe(v)])))}`
      : '';
    write(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${rendered}`, secrets));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests, library defaults). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

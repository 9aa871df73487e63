/** Base of every error this app raises: `message` is for developers, `userMessage` is safe to show people. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    message: string,
    readonly userMessage: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Configuration is missing or malformed; lists every problem at once. */
export class ConfigError extends AppError {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`, 'The bot is misconfigured. Please tell its operator.');
  }
}

/** The search index is absent, unreadable, or was built by another embedder/format; `reason` says which. */
export class IndexMissingError extends AppError {
  override name = 'IndexMissingError';
  constructor(
    message: string,
    readonly reason: 'missing' | 'corrupt' | 'mismatch' = 'missing',
    options?: ErrorOptions,
  ) {
    super(
      message,
      '索引尚未建立或已损坏，请运行 npm run ingest。The index is missing or broken: run `npm run ingest`.',
      options,
    );
  }
}

/** The question (or a command argument) cannot be answered as given. */
export class InvalidQuestionError extends AppError {
  override name = 'InvalidQuestionError';
}

/** An upstream service (LLM, embeddings, Telegram) failed; `reason` is a short machine-readable cause. */
export class UpstreamError extends AppError {
  override name = 'UpstreamError';
  constructor(
    message: string,
    userMessage: string,
    readonly reason: 'auth' | 'rate-limit' | 'server' | 'timeout' | 'network' | 'bad-response' | 'other',
    options?: ErrorOptions,
  ) {
    super(message, userMessage, options);
  }
}

/** A source document could not be read or decoded; carries the file path. */
export class DocumentError extends AppError {
  override name = 'DocumentError';
  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${message}`, `无法读取文档 ${file}`, options);
  }
}

/** Why a meeting could not be added or removed; `reason` is machine-readable, `userMessage` says exactly why. */
export class AddMeetingError extends AppError {
  override name = 'AddMeetingError';
  constructor(
    message: string,
    userMessage: string,
    readonly reason:
      | 'unsupported'
      | 'too-large'
      | 'no-text'
      | 'fetch-failed'
      | 'duplicate'
      | 'not-found'
      | 'ingest-failed',
    options?: ErrorOptions,
  ) {
    super(message, userMessage, options);
  }
}

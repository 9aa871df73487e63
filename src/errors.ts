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

/** Why an index cannot be used: absent, damaged, or built with other settings. */
export type IndexProblem = 'missing' | 'corrupt' | 'mismatch';

/** Base of the index errors below; `reason` says which one, for code that treats them alike. */
export class IndexError extends AppError {
  override name = 'IndexError';
  constructor(
    message: string,
    userMessage: string,
    readonly reason: IndexProblem,
    options?: ErrorOptions,
  ) {
    super(message, userMessage, options);
  }
}

/** No index has been built in the index folder yet (no manifest). */
export class IndexMissingError extends IndexError {
  override name = 'IndexMissingError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, '索引尚未建立，请运行 npm run ingest。No index yet: run `npm run ingest`.', 'missing', options);
  }
}

/** The index's files are unreadable or disagree with each other (damaged on disk, or removed while loading). */
export class IndexCorruptError extends IndexError {
  override name = 'IndexCorruptError';
  constructor(message: string, options?: ErrorOptions) {
    super(
      message,
      '索引已损坏，请重新运行 npm run ingest。The index is damaged: run `npm run ingest`.',
      'corrupt',
      options,
    );
  }
}

/** The index was built by another format version, embedder, dimension, chunking or HNSW setting. */
export class IndexMismatchError extends IndexError {
  override name = 'IndexMismatchError';
  constructor(message: string, options?: ErrorOptions) {
    super(
      message,
      '索引与当前设置不符，请运行 npm run ingest 重建。The index was built with other settings: run `npm run ingest` to rebuild it.',
      'mismatch',
      options,
    );
  }
}

/** Another ingest held the index lock for longer than this one would wait. */
export class IndexLockedError extends AppError {
  override name = 'IndexLockedError';
  constructor(message: string, options?: ErrorOptions) {
    super(
      message,
      '另一个索引任务正在运行，请稍后再试。Another ingest is running: try again when it is done.',
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

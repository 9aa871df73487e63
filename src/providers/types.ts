/** Our own chat-model interface: the engine never sees the openai package's types. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Stream the reply and assemble it (same result, lets slow servers start sooner). */
  stream?: boolean;
  /** Upper bound for sampling, in tokens. */
  maxTokens?: number;
  /** Ask the server for a JSON object reply. */
  json?: boolean;
  /** While streaming, called with the whole reply text received so far after each chunk. */
  onText?: (textSoFar: string) => void;
}

/**
 * A chat completion endpoint. `complete` throws UpstreamError (with `reason`) on any failure, including an empty
 * reply and a reply cut short (a stream that ends without a finish reason, or a reply stopped at the token limit).
 */
export interface ChatModel {
  /** Identifies the model for caches, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  complete(messages: ChatMessage[], options?: ChatOptions): Promise<string>;
}

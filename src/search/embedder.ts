import type { TextTokens } from './tokenize.js';

/** Turns texts into L2-normalized vectors of a fixed dimension. */
export interface Embedder {
  /** Identifies the embedder and its parameters; a change forces a rebuild of the index. */
  readonly id: string;
  readonly dimension: number;
  /** Embeds texts in order; throws UpstreamError when a remote provider fails after retries. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /**
   * Optional ingest fast path for embedders that work on our own tokens: embeds texts already segmented by
   * `tokenizeText`, each given as its parts (same vectors as `embed` on the parts joined by newlines).
   */
  embedTokens?(texts: TextTokens[][]): Float32Array[];
}

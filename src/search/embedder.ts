/** Turns texts into L2-normalized vectors of a fixed dimension. */
export interface Embedder {
  /** Identifies the embedder and its parameters; a change forces a rebuild of the index. */
  readonly id: string;
  readonly dimension: number;
  /** Embeds texts in order; throws UpstreamError when a remote provider fails after retries. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** A BM25 index over chunk labels; terms come from `lexicalTerms` (jieba words plus Han bigrams, simplified). */

export interface LexicalHit {
  label: number;
  score: number;
}

/** The persisted form: per-term postings as flat [label, tf, label, tf, …] arrays, and per-label lengths. */
export interface LexicalIndexData {
  lengths: Record<string, number>;
  postings: Record<string, number[]>;
}

const K1 = 1.2;
const B = 0.75;

/** An in-memory BM25 index that can add and remove chunks, search, and serialize. */
export class LexicalIndex {
  private readonly lengths = new Map<number, number>();
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;

  /** Restores an index from its persisted form. */
  static fromData(data: LexicalIndexData): LexicalIndex {
    const index = new LexicalIndex();
    for (const [label, length] of Object.entries(data.lengths)) {
      index.lengths.set(Number(label), length);
      index.totalLength += length;
    }
    for (const [term, flat] of Object.entries(data.postings)) {
      const posting = new Map<number, number>();
      for (let i = 0; i + 1 < flat.length; i += 2) posting.set(flat[i] as number, flat[i + 1] as number);
      index.postings.set(term, posting);
    }
    return index;
  }

  get size(): number {
    return this.lengths.size;
  }

  /** Adds a chunk's terms under its label. */
  add(label: number, terms: string[]): void {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = new Map();
        this.postings.set(term, posting);
      }
      posting.set(label, count);
    }
    this.lengths.set(label, terms.length);
    this.totalLength += terms.length;
  }

  /** Removes chunks by label (their postings go too). */
  remove(labels: Iterable<number>): void {
    const gone = new Set(labels);
    if (gone.size === 0) return;
    for (const label of gone) {
      this.totalLength -= this.lengths.get(label) ?? 0;
      this.lengths.delete(label);
    }
    for (const [term, posting] of this.postings) {
      for (const label of gone) posting.delete(label);
      if (posting.size === 0) this.postings.delete(term);
    }
  }

  /** Inverse document frequency of a term in this index (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.lengths.size - df + 0.5) / (df + 0.5));
  }

  /** Returns the top `k` chunks for the query terms, best first; `accept` filters labels. */
  search(terms: string[], k: number, accept?: (label: number) => boolean): LexicalHit[] {
    const averageLength = this.totalLength / Math.max(1, this.lengths.size);
    const scores = new Map<number, number>();
    for (const term of new Set(terms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      for (const [label, tf] of posting) {
        if (accept && !accept(label)) continue;
        const length = this.lengths.get(label) ?? averageLength;
        const score = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
        scores.set(label, (scores.get(label) ?? 0) + score);
      }
    }
    return [...scores.entries()]
      .map(([label, score]) => ({ label, score }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k);
  }

  /** The persisted form. */
  toData(): LexicalIndexData {
    const postings: Record<string, number[]> = {};
    for (const [term, posting] of this.postings) {
      const flat: number[] = [];
      for (const [label, tf] of posting) flat.push(label, tf);
      postings[term] = flat;
    }
    return { lengths: Object.fromEntries(this.lengths), postings };
  }
}

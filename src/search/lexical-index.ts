/** A BM25 index over chunk labels; terms come from `lexicalTerms` (jieba words plus Han bigrams, simplified). */
import { insertTop } from './top-k.js';

export interface LexicalHit {
  label: number;
  score: number;
}

/**
 * The persisted form, columnar: `terms[i]` owns the next `sizes[i]` entries of `labels`/`tfs` (labels ascending);
 * `lengths[label]` is the label's term count, -1 when absent. `fromData` keeps views into these arrays.
 */
export interface LexicalIndexData {
  terms: string[];
  sizes: Uint32Array<ArrayBufferLike>;
  lengths: Int32Array<ArrayBufferLike>;
  labels: Int32Array<ArrayBufferLike>;
  tfs: Uint16Array<ArrayBufferLike>;
}

/** Chunks grouped (into paragraphs): `groupOf[label]` is the label's group (-1: none), with group lengths in terms. */
export interface GroupMap {
  groupOf: Int32Array;
  groupLengths: Float64Array;
  groupCount: number;
  totalLength: number;
}

const K1 = 1.2;
const B = 0.75;

/** One term's postings: parallel label and term-frequency arrays (first `size` entries used), labels ascending. */
interface Posting {
  labels: Int32Array<ArrayBufferLike>;
  tfs: Uint16Array<ArrayBufferLike>;
  size: number;
}

function grow<T extends Int32Array | Uint16Array | Float64Array>(array: T, needed: number, make: (n: number) => T): T {
  if (needed <= array.length) return array;
  const bigger = make(Math.max(needed, array.length * 2, 8));
  bigger.set(array);
  return bigger;
}

/** Merges two postings with ascending labels into one (fresh arrays); a label in both keeps `b`'s tf. */
function mergePostings(a: Posting, b: Posting): Posting {
  const labels = new Int32Array(a.size + b.size);
  const tfs = new Uint16Array(a.size + b.size);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.size || j < b.size) {
    const left = i < a.size ? (a.labels[i] as number) : Number.POSITIVE_INFINITY;
    const right = j < b.size ? (b.labels[j] as number) : Number.POSITIVE_INFINITY;
    if (left < right) {
      labels[n] = left;
      tfs[n++] = a.tfs[i++] as number;
    } else {
      if (left === right) i++;
      labels[n] = right;
      tfs[n++] = b.tfs[j++] as number;
    }
  }
  return { labels, tfs, size: n };
}

/** An in-memory BM25 index that can add and remove chunks, search, and serialize. */
export class LexicalIndex {
  /** Term count per label; -1 for labels not (or no longer) in the index. */
  private lengths: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private readonly postings = new Map<string, Posting>();
  private totalLength = 0;
  private liveCount = 0;
  /** Scratch score accumulator indexed by label, kept all-zero between searches. */
  private scores = new Float64Array(0);
  /** Scratch per-group scores and term frequencies for `searchGroups`, kept all-zero between searches. */
  private groupScores = new Float64Array(0);
  private groupTfs = new Float64Array(0);

  /** Restores an index from its persisted form without copying postings; throws when the arrays disagree. */
  static fromData(data: LexicalIndexData): LexicalIndex {
    const index = new LexicalIndex();
    if (data.sizes.length !== data.terms.length || data.labels.length !== data.tfs.length) {
      throw new Error('lexical index arrays disagree in length');
    }
    index.lengths = data.lengths;
    for (const length of data.lengths) {
      if (length < 0) continue;
      index.totalLength += length;
      index.liveCount++;
    }
    let offset = 0;
    data.terms.forEach((term, i) => {
      const size = data.sizes[i] ?? 0;
      const end = offset + size;
      if (end > data.labels.length) throw new Error('lexical postings are truncated');
      index.postings.set(term, {
        labels: data.labels.subarray(offset, end),
        tfs: data.tfs.subarray(offset, end),
        size,
      });
      offset = end;
    });
    if (offset !== data.labels.length) throw new Error('lexical postings have trailing entries');
    return index;
  }

  get size(): number {
    return this.liveCount;
  }

  private setLength(label: number, length: number): void {
    if (label >= this.lengths.length) {
      const old = this.lengths.length;
      this.lengths = grow(this.lengths, label + 1, (n) => new Int32Array(n));
      this.lengths.fill(-1, old);
    }
    this.lengths[label] = length;
    this.totalLength += length;
    this.liveCount++;
  }

  /** Adds a chunk's terms under its label (labels are expected to grow; a smaller one is inserted in order). */
  add(label: number, terms: string[]): void {
    if ((this.lengths[label] ?? -1) >= 0) this.remove([label]);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { labels: new Int32Array(4), tfs: new Uint16Array(4), size: 0 };
        this.postings.set(term, posting);
      }
      posting.labels = grow(posting.labels, posting.size + 1, (n) => new Int32Array(n));
      posting.tfs = grow(posting.tfs, posting.size + 1, (n) => new Uint16Array(n));
      let i = posting.size++;
      while (i > 0 && (posting.labels[i - 1] ?? 0) > label) {
        posting.labels[i] = posting.labels[i - 1] ?? 0;
        posting.tfs[i] = posting.tfs[i - 1] ?? 0;
        i--;
      }
      posting.labels[i] = label;
      posting.tfs[i] = Math.min(count, 0xffff);
    }
    this.setLength(label, terms.length);
  }

  /** Removes chunks by label (their postings go too). */
  remove(labels: Iterable<number>): void {
    const gone = new Set<number>();
    for (const label of labels) {
      const length = this.lengths[label] ?? -1;
      if (length < 0) continue;
      gone.add(label);
      this.totalLength -= length;
      this.lengths[label] = -1;
      this.liveCount--;
    }
    if (gone.size === 0) return;
    for (const [term, posting] of this.postings) {
      let kept = 0;
      for (let i = 0; i < posting.size; i++) {
        const label = posting.labels[i] ?? 0;
        if (gone.has(label)) continue;
        posting.labels[kept] = label;
        posting.tfs[kept] = posting.tfs[i] ?? 0;
        kept++;
      }
      posting.size = kept;
      if (kept === 0) this.postings.delete(term);
    }
  }

  /** Inverse document frequency of a term in this index (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  /** Returns the top `k` chunks for the query terms, best first; `accept` filters labels. */
  search(terms: string[], k: number, accept?: (label: number) => boolean): LexicalHit[] {
    const averageLength = this.totalLength / Math.max(1, this.liveCount);
    if (this.scores.length < this.lengths.length) this.scores = new Float64Array(this.lengths.length);
    const scores = this.scores;
    const touched: number[] = [];
    for (const term of new Set(terms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      const { labels, tfs, size } = posting;
      for (let i = 0; i < size; i++) {
        const label = labels[i] ?? 0;
        if (accept && !accept(label)) continue;
        const tf = tfs[i] ?? 0;
        const length = this.lengths[label] ?? averageLength;
        const score = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
        if (scores[label] === 0) touched.push(label);
        scores[label] = (scores[label] ?? 0) + score;
      }
    }
    const topScores: number[] = [];
    const topLabels: number[] = [];
    for (const label of touched) {
      insertTop(topScores, topLabels, k, scores[label] ?? 0, label);
      scores[label] = 0;
    }
    return topLabels.map((label, i) => ({ label, score: topScores[i] ?? 0 }));
  }

  /** Term count per label (-1 when absent); a read-only view, for grouping chunks into paragraphs. */
  labelLengths(): Int32Array<ArrayBufferLike> {
    return this.lengths;
  }

  /**
   * BM25 over groups of chunks (paragraphs): a term's frequency in a group is the sum over its chunks, a group's
   * length the sum of theirs (exact when chunks do not overlap), df counts groups. Returns the top `k` groups, best
   * first; `only` filters groups. `terms` may carry per-term weights (default 1).
   */
  searchGroups(
    terms: string[],
    k: number,
    groups: GroupMap,
    options: { only?: (group: number) => boolean; weightOf?: (term: string) => number; k1?: number; b?: number } = {},
  ): LexicalHit[] {
    const k1 = options.k1 ?? K1;
    const b = options.b ?? B;
    const { groupOf, groupLengths, groupCount } = groups;
    const averageLength = groups.totalLength / Math.max(1, groupCount);
    if (this.groupScores.length < groupLengths.length) {
      this.groupScores = new Float64Array(groupLengths.length);
      this.groupTfs = new Float64Array(groupLengths.length);
    }
    const scores = this.groupScores;
    const tf = this.groupTfs;
    const touched: number[] = [];
    const termGroups: number[] = [];
    for (const term of new Set(terms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const weight = options.weightOf?.(term) ?? 1;
      if (weight <= 0) continue;
      termGroups.length = 0;
      const { labels, tfs, size } = posting;
      for (let i = 0; i < size; i++) {
        const group = groupOf[labels[i] ?? 0] ?? -1;
        if (group < 0 || (options.only && !options.only(group))) continue;
        if (tf[group] === 0) termGroups.push(group);
        tf[group] = (tf[group] ?? 0) + (tfs[i] ?? 0);
      }
      const idf = Math.log(1 + (groupCount - termGroups.length + 0.5) / (termGroups.length + 0.5)) * weight;
      for (const group of termGroups) {
        const count = tf[group] ?? 0;
        const length = groupLengths[group] ?? averageLength;
        if (scores[group] === 0) touched.push(group);
        scores[group] =
          (scores[group] ?? 0) + (idf * count * (k1 + 1)) / (count + k1 * (1 - b + (b * length) / averageLength));
        tf[group] = 0;
      }
    }
    const topScores: number[] = [];
    const topGroups: number[] = [];
    for (const group of touched) {
      insertTop(topScores, topGroups, k, scores[group] ?? 0, group);
      scores[group] = 0;
    }
    return topGroups.map((label, i) => ({ label, score: topScores[i] ?? 0 }));
  }

  /**
   * Adds the chunks of other indexes' persisted forms (e.g. built by workers over disjoint labels); each term's
   * postings are merged by label, so the result equals adding every chunk here. Throws when a label is already present.
   */
  addData(parts: readonly LexicalIndexData[]): void {
    const maxLength = Math.max(this.lengths.length, ...parts.map((part) => part.lengths.length));
    if (maxLength > this.lengths.length) {
      const old = this.lengths.length;
      this.lengths = grow(this.lengths, maxLength, (n) => new Int32Array(n));
      this.lengths.fill(-1, old);
    }
    const seen = new Set<number>();
    for (const part of parts) {
      part.lengths.forEach((length, label) => {
        if (length < 0) return;
        if ((this.lengths[label] ?? -1) >= 0 || seen.has(label))
          throw new Error(`lexical label ${label} is already indexed`);
        seen.add(label);
      });
    }
    for (const part of parts) {
      part.lengths.forEach((length, label) => {
        if (length >= 0) this.setLength(label, length);
      });
    }
    const incoming = new Map<string, Posting[]>();
    for (const part of parts) {
      let offset = 0;
      part.terms.forEach((term, i) => {
        const size = part.sizes[i] ?? 0;
        const slice = {
          labels: part.labels.subarray(offset, offset + size),
          tfs: part.tfs.subarray(offset, offset + size),
          size,
        };
        offset += size;
        const lists = incoming.get(term);
        if (lists) lists.push(slice);
        else incoming.set(term, [slice]);
      });
    }
    for (const [term, lists] of incoming) {
      const existing = this.postings.get(term);
      const merged = (existing ? [existing, ...lists] : lists).reduce(mergePostings);
      this.postings.set(term, merged);
    }
  }

  /** Every term's postings as views (no copy), in the order `toData` lists the terms; valid until the next change. */
  postingViews(): { term: string; labels: Int32Array<ArrayBufferLike>; tfs: Uint16Array<ArrayBufferLike> }[] {
    return [...this.postings].map(([term, posting]) => ({
      term,
      labels: posting.labels.subarray(0, posting.size),
      tfs: posting.tfs.subarray(0, posting.size),
    }));
  }

  /** The persisted form (fresh arrays, safe to write while the index keeps changing). */
  toData(): LexicalIndexData {
    const terms = [...this.postings.keys()];
    const sizes = new Uint32Array(terms.length);
    let total = 0;
    terms.forEach((term, i) => {
      const size = this.postings.get(term)?.size ?? 0;
      sizes[i] = size;
      total += size;
    });
    const labels = new Int32Array(total);
    const tfs = new Uint16Array(total);
    let offset = 0;
    for (const posting of this.postings.values()) {
      labels.set(posting.labels.subarray(0, posting.size), offset);
      tfs.set(posting.tfs.subarray(0, posting.size), offset);
      offset += posting.size;
    }
    return { terms, sizes, lengths: this.lengths.slice(), labels, tfs };
  }
}

/** A BM25 index over chunk labels; terms come from `lexicalTerms` (jieba words plus Han bigrams, simplified). */
import { lowerBound, type ScoredTerm, topKByMaxScore } from './max-score.js';
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
  /** Group → its chunk labels; without it `searchGroups` scans every posting in full. */
  labels?: readonly (readonly number[])[];
}

const K1 = 1.2;
const B = 0.75;

/** One term's postings: parallel label and term-frequency arrays (first `size` entries used), labels ascending. */
interface Posting {
  labels: Int32Array<ArrayBufferLike>;
  tfs: Uint16Array<ArrayBufferLike>;
  size: number;
}

/** BM25 of one term in one document: `idf` (already weighted), term frequency `tf`, document length over the average. */
function bm25(idf: number, tf: number, k1: number, b: number, length: number, averageLength: number): number {
  return (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / averageLength));
}

/** The term frequency of `label` in a posting (0 when absent), by binary search over its ascending labels. */
function tfOf(posting: Posting, label: number): number {
  const at = lowerBound(posting.labels, posting.size, label);
  return at < posting.size && posting.labels[at] === label ? (posting.tfs[at] as number) : 0;
}

const makeLabels = (n: number) => new Int32Array(n);
const makeTfs = (n: number) => new Uint16Array(n);

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
  /** Per grouping (see `groupingOf`). */
  private groupDfCache = new WeakMap<GroupMap, { dfs: Map<string, number>; largest: number }>();

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
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    this.addCounts(label, counts);
  }

  /** `add` from the chunk's term counts (e.g. `countTerms`); its length is their sum. */
  addCounts(label: number, counts: ReadonlyMap<string, number>): void {
    if ((this.lengths[label] ?? -1) >= 0) this.remove([label]);
    let length = 0;
    for (const [term, count] of counts) {
      length += count;
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { labels: new Int32Array(4), tfs: new Uint16Array(4), size: 0 };
        this.postings.set(term, posting);
      }
      if (posting.size === posting.labels.length) {
        posting.labels = grow(posting.labels, posting.size + 1, makeLabels);
        posting.tfs = grow(posting.tfs, posting.size + 1, makeTfs);
      }
      let i = posting.size++;
      while (i > 0 && (posting.labels[i - 1] ?? 0) > label) {
        posting.labels[i] = posting.labels[i - 1] ?? 0;
        posting.tfs[i] = posting.tfs[i - 1] ?? 0;
        i--;
      }
      posting.labels[i] = label;
      posting.tfs[i] = Math.min(count, 0xffff);
    }
    this.setLength(label, length);
    this.groupDfCache = new WeakMap();
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
    this.groupDfCache = new WeakMap();
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

  /** Returns the top `k` chunks for the query terms, best first (ties by label); `accept` filters labels. */
  search(terms: string[], k: number, accept?: (label: number) => boolean): LexicalHit[] {
    if (k <= 0) return [];
    const averageLength = this.totalLength / Math.max(1, this.liveCount);
    if (this.scores.length < this.lengths.length) this.scores = new Float64Array(this.lengths.length);
    const lengths = this.lengths;
    const scored: ScoredTerm[] = [];
    for (const term of new Set(terms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      const score = (tf: number, label: number) => bm25(idf, tf, K1, B, lengths[label] ?? averageLength, averageLength);
      scored.push({
        bound: idf * (K1 + 1),
        size: posting.size,
        scan(scores, touched, onlyTouched) {
          const { labels, tfs, size } = posting;
          let best = 0;
          for (let i = 0; i < size; i++) {
            const label = labels[i] as number;
            if (onlyTouched ? scores[label] === 0 : accept && !accept(label)) continue;
            if (scores[label] === 0) touched.push(label);
            const sum = (scores[label] as number) + score(tfs[i] as number, label);
            scores[label] = sum;
            if (sum > best) best = sum;
          }
          return best;
        },
        lookup(label) {
          const tf = tfOf(posting, label);
          return tf === 0 ? 0 : score(tf, label);
        },
      });
    }
    return topKByMaxScore(scored, k, this.scores);
  }

  /** Term count per label (-1 when absent); a read-only view, for grouping chunks into paragraphs. */
  labelLengths(): Int32Array<ArrayBufferLike> {
    return this.lengths;
  }

  /**
   * BM25 over groups of chunks (paragraphs): a term's frequency in a group is the sum over its chunks, a group's
   * length the sum of theirs (exact when chunks do not overlap), df counts groups. Returns the top `k` groups, best
   * first (ties by group); `only` filters groups. `terms` may carry per-term weights (default 1).
   */
  searchGroups(
    terms: string[],
    k: number,
    groups: GroupMap,
    options: { only?: (group: number) => boolean; weightOf?: (term: string) => number; k1?: number; b?: number } = {},
  ): LexicalHit[] {
    if (k <= 0) return [];
    const k1 = options.k1 ?? K1;
    const b = options.b ?? B;
    const { groupOf, groupLengths, groupCount } = groups;
    const averageLength = groups.totalLength / Math.max(1, groupCount);
    if (this.groupScores.length < groupLengths.length) {
      this.groupScores = new Float64Array(groupLengths.length);
      this.groupTfs = new Float64Array(groupLengths.length);
    }
    const tf = this.groupTfs;
    const only = options.only;
    // Bounds need every term's idf up front: without a filter, group df is a property of the groups, kept per term.
    const prunable = !only && groups.labels !== undefined && k1 >= 0 && b >= 0 && b <= 1;
    const labelsOf = groups.labels ?? [];
    const grouping = prunable ? this.groupingOf(groups) : { dfs: new Map<string, number>(), largest: 0 };
    const scored: ScoredTerm[] = [];
    for (const term of new Set(terms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const weight = options.weightOf?.(term) ?? 1;
      if (weight <= 0) continue;
      const termGroups: number[] = [];
      const gather = (scores: Float64Array | undefined) => {
        termGroups.length = 0;
        const { labels, tfs, size } = posting;
        for (let i = 0; i < size; i++) {
          const group = groupOf[labels[i] as number] ?? -1;
          if (group < 0 || (only && !only(group)) || (scores && scores[group] === 0)) continue;
          if (tf[group] === 0) termGroups.push(group);
          tf[group] = (tf[group] as number) + (tfs[i] as number);
        }
      };
      const idfOf = (df: number) => Math.log(1 + (groupCount - df + 0.5) / (df + 0.5)) * weight;
      // Unknown until the term is scanned or counted: its bound then comes from the fewest groups it can span.
      const known = prunable ? grouping.dfs.get(term) : undefined;
      let idf = known === undefined ? Number.NaN : idfOf(known);
      const exactIdf = () => {
        if (Number.isNaN(idf)) {
          gather(undefined);
          for (const group of termGroups) tf[group] = 0;
          grouping.dfs.set(term, termGroups.length);
          idf = idfOf(termGroups.length);
        }
      };
      const fewestGroups = grouping.largest > 0 ? Math.ceil(posting.size / grouping.largest) : 0;
      const score = (count: number, group: number) =>
        bm25(idf, count, k1, b, groupLengths[group] ?? averageLength, averageLength);
      scored.push({
        bound: prunable ? (known === undefined ? idfOf(fewestGroups) : idf) * (k1 + 1) : Number.POSITIVE_INFINITY,
        size: posting.size,
        scan(scores, touched, onlyTouched) {
          if (onlyTouched) exactIdf();
          gather(onlyTouched ? scores : undefined);
          if (!onlyTouched) {
            // A full scan sees every group of the term: its df (the filtered one under `only`, never kept then).
            idf = idfOf(termGroups.length);
            if (prunable) grouping.dfs.set(term, termGroups.length);
          }
          let best = 0;
          for (const group of termGroups) {
            if (scores[group] === 0) touched.push(group);
            const sum = (scores[group] as number) + score(tf[group] as number, group);
            scores[group] = sum;
            tf[group] = 0;
            if (sum > best) best = sum;
          }
          return best;
        },
        lookup(group) {
          exactIdf();
          let count = 0;
          for (const label of labelsOf[group] ?? []) count += tfOf(posting, label);
          return count === 0 ? 0 : score(count, group);
        },
      });
    }
    if (!prunable) return this.sumGroupsFully(scored, k);
    return topKByMaxScore(scored, k, this.groupScores);
  }

  /**
   * What the paragraph search keeps per grouping: each term's group df, computed on first use, and the most chunks
   * in one group (0 when some chunk has no group, so that no df lower bound is assumed); dropped on any change.
   */
  private groupingOf(groups: GroupMap): { dfs: Map<string, number>; largest: number } {
    let grouping = this.groupDfCache.get(groups);
    if (!grouping) {
      let largest = 0;
      for (const labels of groups.labels ?? []) largest = Math.max(largest, labels.length);
      this.lengths.forEach((length, label) => {
        if (length >= 0 && (groups.groupOf[label] ?? -1) < 0) largest = 0;
      });
      grouping = { dfs: new Map(), largest };
      this.groupDfCache.set(groups, grouping);
    }
    return grouping;
  }

  /** Every term scanned in query order (no bounds: a filter or an unprunable setting), top `k` by score then group. */
  private sumGroupsFully(scored: readonly ScoredTerm[], k: number): LexicalHit[] {
    const scores = this.groupScores;
    const touched: number[] = [];
    for (const term of scored) term.scan(scores, touched, false);
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
    this.groupDfCache = new WeakMap();
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

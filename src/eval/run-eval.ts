import type { Answer, Assistant, Exchange } from '../answer/types.js';
import { type CitationCheck, checkCitations } from './citation-check.js';
import { type CompletenessCheck, checkCompleteness } from './completeness.js';
import { type ParagraphRef, resolveGold, type UnresolvedItem } from './gold.js';
import { isOffTopic, type OnTopicQaItem, type QaItem } from './qa.js';
import { percentile, ratio, round } from './stats.js';

/** The eval summary; `recall` has one key per k asked for (ratios 0..1, latencies in ms). */
export interface EvalReport {
  questions: number;
  recall: Record<string, number>;
  mrr: number;
  abstain: { correct: number; total: number };
  citationValidity: number;
  latencyMs: { p50: number; p95: number };
  /** On-topic items left out because their key matches no paragraph. */
  unresolved: number;
  /** Share of the questions with `must` or `meetings` whose answer holds every phrase and cites every meeting. */
  completeness: number;
}

/** How one question went. */
export type QuestionOutcome = 'hit' | 'miss' | 'wrongly-abstained' | 'abstained' | 'answered-off-topic' | 'error';

/** What happened to one question, for listing misses. */
export interface QuestionDetail {
  id: string;
  question: string;
  offtopic: boolean;
  outcome: QuestionOutcome;
  found: boolean;
  latencyMs: number;
  /** 1-based position of the first gold paragraph among the citations ordered by n; 0 when not cited. */
  rank: number;
  gold: ParagraphRef[];
  /** Cited paragraphs ordered by citation number. */
  cited: ParagraphRef[];
  citations: CitationCheck[];
  answer: string;
  /** Against the item's `must` and `meetings`; undefined for items without them. */
  completeness?: CompletenessCheck;
  error?: string;
}

/** Per-question details plus the counts the JSON report leaves out. */
export interface EvalDetails {
  items: QuestionDetail[];
  onTopic: number;
  /** On-topic questions answered with `found: false`. */
  wronglyAbstained: number;
  citations: { valid: number; total: number };
  /** Items left out of the scores because no paragraph holds their key. */
  unresolved: UnresolvedItem[];
  /** Questions with `must` or `meetings`, and how many of them were answered completely. */
  completeness: { complete: number; total: number };
}

/** What `runEval` needs: the assistant under test, the questions, and the cut-offs for recall@k. */
export interface EvalOptions {
  assistant: Assistant;
  qa: readonly QaItem[];
  /** Cut-offs for recall@k (default 1, 3, 5). */
  ks?: readonly number[];
  /** Clock in ms (default `performance.now`). */
  now?: () => number;
}

type Asked = { answer: Answer; latencyMs: number } | { error: string; latencyMs: number };

/** Asks the item's earlier questions untimed, then times the question itself with that history. */
async function timedAsk(assistant: Assistant, item: QaItem, now: () => number): Promise<Asked> {
  const history: Exchange[] = [];
  const earlier = 'history' in item ? (item.history ?? []) : [];
  try {
    for (const question of earlier) history.push({ question, answer: await assistant.ask(question, { history }) });
  } catch (error) {
    return { error: `history: ${error instanceof Error ? error.message : String(error)}`, latencyMs: 0 };
  }
  const started = now();
  try {
    const answer = await assistant.ask(item.question, history.length > 0 ? { history } : {});
    return { answer, latencyMs: now() - started };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), latencyMs: now() - started };
  }
}

function judge(item: QaItem, gold: ParagraphRef[], asked: Asked, assistant: Assistant): QuestionDetail {
  const offtopic = isOffTopic(item);
  const base = { id: item.id, question: item.question, offtopic, latencyMs: asked.latencyMs, gold };
  const empty: Answer = { question: item.question, answer: '', mode: 'extractive', found: false, citations: [] };
  const expected = offtopic
    ? undefined
    : checkCompleteness(item as OnTopicQaItem, 'error' in asked ? empty : asked.answer);
  if ('error' in asked) {
    return {
      ...base,
      outcome: 'error',
      found: false,
      rank: 0,
      cited: [],
      citations: [],
      answer: '',
      ...(expected?.checked ? { completeness: expected } : {}),
      error: asked.error,
    };
  }
  const { answer } = asked;
  const ordered = [...answer.citations].sort((a, b) => a.n - b.n);
  const cited = ordered.map((c) => ({ meetingId: c.meeting.id, paragraph: c.paragraph }));
  const rank = 1 + cited.findIndex((c) => gold.some((g) => g.meetingId === c.meetingId && g.paragraph === c.paragraph));
  const citations = offtopic || !answer.found ? [] : checkCitations(answer, assistant);
  const outcome: QuestionOutcome = offtopic
    ? answer.found
      ? 'answered-off-topic'
      : 'abstained'
    : !answer.found
      ? 'wrongly-abstained'
      : rank > 0
        ? 'hit'
        : 'miss';
  return {
    ...base,
    outcome,
    found: answer.found,
    rank,
    cited,
    citations,
    answer: answer.answer,
    ...(expected?.checked ? { completeness: expected } : {}),
  };
}

function summarize(
  details: QuestionDetail[],
  ks: readonly number[],
  unresolved: UnresolvedItem[],
): { report: EvalReport; details: EvalDetails } {
  const onTopic = details.filter((d) => !d.offtopic);
  const offTopic = details.filter((d) => d.offtopic);
  const checks = onTopic.flatMap((d) => d.citations);
  const valid = checks.filter((c) => c.valid).length;
  const latencies = details.filter((d) => d.outcome !== 'error').map((d) => d.latencyMs);
  const measured = onTopic.filter((d) => d.completeness !== undefined);
  const complete = measured.filter((d) => d.completeness?.complete).length;
  const report: EvalReport = {
    questions: details.length,
    recall: Object.fromEntries(
      ks.map((k) => [String(k), round(ratio(onTopic.filter((d) => d.rank > 0 && d.rank <= k).length, onTopic.length))]),
    ),
    mrr: round(
      ratio(
        onTopic.reduce((sum, d) => sum + (d.rank > 0 ? 1 / d.rank : 0), 0),
        onTopic.length,
      ),
    ),
    abstain: { correct: offTopic.filter((d) => d.outcome === 'abstained').length, total: offTopic.length },
    citationValidity: round(ratio(valid, checks.length)),
    latencyMs: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) },
    unresolved: unresolved.length,
    completeness: round(ratio(complete, measured.length)),
  };
  const wronglyAbstained = onTopic.filter((d) => d.outcome === 'wrongly-abstained').length;
  return {
    report,
    details: {
      items: details,
      onTopic: onTopic.length,
      wronglyAbstained,
      citations: { valid, total: checks.length },
      unresolved,
      completeness: { complete, total: measured.length },
    },
  };
}

/**
 * Asks every QA question (after one untimed warm-up) and scores recall@k and MRR of the gold paragraph among the
 * citations, citation validity, completeness against `must`/`meetings` (earlier questions of `history` asked first,
 * untimed), abstention on off-topic items and ask latency (ms). An item whose gold paragraph cannot be found is
 * listed in `details.unresolved` and left out; a question whose ask throws is recorded with outcome `error`.
 */
export async function runEval(options: EvalOptions): Promise<{ report: EvalReport; details: EvalDetails }> {
  const { assistant, qa } = options;
  const ks = options.ks ?? [1, 3, 5];
  const now = options.now ?? (() => performance.now());
  const { gold, unresolved } = resolveGold(
    assistant,
    qa.filter((item): item is OnTopicQaItem => !isOffTopic(item)),
  );
  const scored = qa.filter((item) => isOffTopic(item) || gold.has(item.id));
  const first = scored[0];
  if (first) await assistant.ask(first.question);
  const details: QuestionDetail[] = [];
  for (const item of scored) {
    const asked = await timedAsk(assistant, item, now);
    details.push(judge(item, gold.get(item.id) ?? [], asked, assistant));
  }
  return summarize(details, ks, unresolved);
}

import type { ParagraphRef } from './gold.js';
import type { EvalDetails, EvalReport, QuestionDetail } from './run-eval.js';

const LABEL_WIDTH = 14;

function row(label: string, value: string): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${value}`;
}

function ref(paragraph: ParagraphRef): string {
  return `${paragraph.meetingId.slice(0, 12)}¶${paragraph.paragraph}`;
}

function list(paragraphs: ParagraphRef[]): string {
  return paragraphs.length === 0 ? 'none' : paragraphs.map(ref).join(', ');
}

function describeMiss(detail: QuestionDetail): string {
  const head = `  ${detail.id} ${detail.question}`;
  if (detail.outcome === 'error') return `${head}\n      error: ${detail.error ?? 'unknown'}`;
  if (detail.outcome === 'answered-off-topic')
    return `${head}\n      answered an off-topic question, citing ${list(detail.cited)}`;
  if (detail.outcome === 'wrongly-abstained') return `${head}\n      abstained; gold ${list(detail.gold)}`;
  const where = detail.rank > 0 ? `gold cited at position ${detail.rank}` : 'gold not cited';
  return `${head}\n      ${where}; gold ${list(detail.gold)}; cited ${list(detail.cited)}`;
}

function describeIncomplete(detail: QuestionDetail): string {
  const check = detail.completeness;
  const missing = [
    ...(check?.missingPhrases ?? []).map((phrase) => `"${phrase}"`),
    ...(check?.missingMeetings ?? []).map((prefix) => `meeting ${prefix}`),
  ];
  return `  ${detail.id} ${detail.question}\n      lacks ${missing.join(', ')}\n      answer: ${detail.answer.slice(0, 200)}`;
}

function describeInvalidCitations(detail: QuestionDetail): string[] {
  return detail.citations
    .filter((check) => !check.valid)
    .map(
      (check) =>
        `  ${detail.id} [${check.n}] ${ref(check)}: ${check.problem ?? 'invalid'}` +
        (check.problem === 'unsupported' ? ` (support ${check.support.toFixed(2)})` : ''),
    );
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : ['', `${title} (${lines.length}):`, ...lines];
}

/** Renders the eval report for people: the metrics as a table, then misses, late hits and invalid citations. */
export function formatEvalReport(report: EvalReport, details: EvalDetails): string {
  const offTopic = report.abstain.total;
  const lines = [
    `Eval over ${report.questions} questions (${details.onTopic} on-topic, ${offTopic} off-topic)`,
    ...Object.entries(report.recall).map(([k, value]) => row(`recall@${k}`, value.toFixed(3))),
    row('MRR', report.mrr.toFixed(3)),
    row(
      'citations',
      `${report.citationValidity.toFixed(3)} valid (${details.citations.valid} of ${details.citations.total})`,
    ),
    row('abstention', `${report.abstain.correct}/${offTopic} off-topic declined`),
    row('wrong abstain', `${details.wronglyAbstained}/${details.onTopic} on-topic declined`),
    row(
      'completeness',
      details.completeness.total === 0
        ? 'n/a (no question has must-phrases or meetings)'
        : `${report.completeness.toFixed(3)} (${details.completeness.complete} of ${details.completeness.total} answers hold every must-phrase and meeting)`,
    ),
    row('latency', `p50 ${report.latencyMs.p50.toFixed(1)} ms, p95 ${report.latencyMs.p95.toFixed(1)} ms`),
  ];
  const failed = details.items.filter((d) =>
    ['miss', 'wrongly-abstained', 'answered-off-topic', 'error'].includes(d.outcome),
  );
  const late = details.items.filter((d) => d.outcome === 'hit' && d.rank > 1);
  const incomplete = details.items.filter((d) => d.completeness && !d.completeness.complete);
  return [
    ...lines,
    ...section('Incomplete answers', incomplete.map(describeIncomplete)),
    ...section('Misses', failed.map(describeMiss)),
    ...section('Gold cited but not first', late.map(describeMiss)),
    ...section('Invalid citations', details.items.flatMap(describeInvalidCitations)),
    ...section(
      'Unresolved, not scored (key in no paragraph)',
      details.unresolved.map((item) => `  ${item.id}: ${item.reason}`),
    ),
  ].join('\n');
}

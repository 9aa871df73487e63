import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { checkCitations } from '../../src/eval/citation-check.js';
import { formatEvalReport } from '../../src/eval/format.js';
import { resolveGold } from '../../src/eval/gold.js';
import { isOffTopic, loadQa, type OnTopicQaItem } from '../../src/eval/qa.js';
import { type EvalDetails, type EvalReport, runEval } from '../../src/eval/run-eval.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const FIXTURE_QA = fileURLToPath(new URL('../fixtures/qa.jsonl', import.meta.url));
const QA_LINES = [
  '{"id":"river","question":"童子河的规划设计要求什么时候全面动工？","doc":"004","key":"童子河的规划设计"}',
  '{"id":"poverty","question":"東區如何推進扶貧幫困？","doc":"000","key":"三是把扶贫帮困抓在实处"}',
  '{"id":"weather","question":"今天天气怎么样？","offtopic":true}',
];

let dir = '';
let assistant: Assistant;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eval-'));
  assistant = await openAssistant({ seedsDir: SEEDS, indexDir: join(dir, 'index') });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runEval', () => {
  let report: EvalReport;
  let details: EvalDetails;

  beforeAll(async () => {
    const file = join(dir, 'qa.jsonl');
    await writeFile(file, `${QA_LINES.join('\n')}\n`);
    ({ report, details } = await runEval({ assistant, qa: await loadQa(file), ks: [1, 3, 5] }));
  }, 60_000);

  it('reports exactly the agreed JSON fields', () => {
    expect(Object.keys(report)).toEqual([
      'questions',
      'recall',
      'mrr',
      'abstain',
      'citationValidity',
      'latencyMs',
      'unresolved',
      'completeness',
    ]);
    expect(Object.keys(report.recall)).toEqual(['1', '3', '5']);
    expect(Object.keys(report.latencyMs)).toEqual(['p50', 'p95']);
  });

  it('counts every question and the off-topic ones separately', () => {
    expect(report.questions).toBe(3);
    expect(report.abstain.total).toBe(1);
    expect(details.onTopic).toBe(2);
  });

  it('declines the weather question', () => {
    expect(report.abstain.correct).toBe(1);
  });

  it('cites the paragraph that names the Tongzi River plan among the first five citations', () => {
    const river = details.items.find((item) => item.id === 'river');
    expect(river?.rank).toBeGreaterThan(0);
    expect(river?.rank).toBeLessThanOrEqual(5);
  });

  it('keeps recall monotonic in k', () => {
    expect(report.recall['1']).toBeLessThanOrEqual(report.recall['3'] ?? 0);
    expect(report.recall['3']).toBeLessThanOrEqual(report.recall['5'] ?? 0);
  });

  it('checks at least one citation and reports the valid share', () => {
    expect(details.citations.total).toBeGreaterThan(0);
    expect(report.citationValidity).toBe(details.citations.valid / details.citations.total);
  });
});

describe('runEval with an item whose key is in no paragraph', () => {
  it('lists the unresolvable item and scores the rest instead of aborting', async () => {
    const qa: OnTopicQaItem[] = [
      { id: 'river', question: '童子河的规划设计要求什么时候全面动工？', doc: '004', key: '童子河的规划设计' },
      { id: 'ghost', question: '火星移民计划是什么？', doc: '004', key: '火星移民计划' },
    ];
    const { report, details } = await runEval({ assistant, qa });
    expect(report.questions).toBe(1);
    expect(report.unresolved).toBe(1);
    expect(details.items.map((item) => item.id)).toEqual(['river']);
    expect(formatEvalReport(report, details)).toMatch(
      /Unresolved, not scored \(key in no paragraph\) \(1\):\n {2}ghost: key "火星移民计划" is in no paragraph of "004"/,
    );
  });
});

describe('runEval on a question the meetings cannot answer', () => {
  it('counts an on-topic question that abstained and lists it as a miss', async () => {
    const qa: OnTopicQaItem[] = [{ id: 'wrong', question: '今天天气怎么样？', doc: '004', key: '童子河的规划设计' }];
    const { report, details } = await runEval({ assistant, qa });
    expect(details.wronglyAbstained).toBe(1);
    expect(report.recall['5']).toBe(0);
    expect(formatEvalReport(report, details)).toMatch(/Misses \(1\):\n {2}wrong 今天天气怎么样？\n {6}abstained/);
  });
});

describe('resolveGold', () => {
  it('finds a gold paragraph for every on-topic item of the fixture QA set', async () => {
    const items = (await loadQa(FIXTURE_QA)).filter((item): item is OnTopicQaItem => !isOffTopic(item));
    expect(resolveGold(assistant, items).gold.size).toBe(items.length);
  });

  it('matches a key across scripts, quotes and spaces', () => {
    const { gold } = resolveGold(assistant, [
      { id: 'k', question: '?', doc: '004', key: '一是 精心組織文明城市創建活動' },
    ]);
    expect(gold.get('k')?.[0]?.meetingId).toMatch(/^004/);
  });

  it('matches a key copied from the raw page with its pinyin debris', () => {
    const { gold } = resolveGold(assistant, [{ id: 'p', question: '?', doc: '000', key: '把穩(wěn)定增長擺在首位' }]);
    expect(gold.get('p')?.[0]?.meetingId).toMatch(/^000/);
  });

  it('lists the item whose key is in no paragraph instead of throwing', () => {
    const { gold, unresolved } = resolveGold(assistant, [
      { id: 'ghost', question: '?', doc: '004', key: '火星移民计划' },
      { id: 'nodoc', question: '?', doc: '999', key: '招商引资' },
    ]);
    expect(gold.size).toBe(0);
    expect(unresolved).toEqual([
      { id: 'ghost', reason: expect.stringMatching(/key "火星移民计划" is in no paragraph of "004"/) },
      { id: 'nodoc', reason: expect.stringMatching(/no meeting id starts with "999"/) },
    ]);
  });
});

describe('checkCitations', () => {
  function answerCiting(text: string, paragraph: number): Answer {
    const meeting = assistant.meetings().find((m) => m.id.startsWith('004'));
    if (!meeting) throw new Error('seed 004 missing');
    const ref = { id: meeting.id, number: meeting.number, title: meeting.title, date: meeting.date };
    return {
      question: '?',
      answer: text,
      mode: 'extractive',
      found: true,
      citations: [{ n: 1, meeting: ref, paragraph, text: '' }],
    };
  }

  function quoteOf(paragraph: number): string {
    const meeting = assistant.meetings().find((m) => m.id.startsWith('004'));
    return assistant.paragraph(meeting?.id ?? '', paragraph)?.text.slice(0, 40) ?? '';
  }

  it('accepts a sentence quoted from the cited paragraph', () => {
    expect(checkCitations(answerCiting(`${quoteOf(3)}[1]。`, 3), assistant)[0]?.valid).toBe(true);
  });

  it('rejects a citation of a paragraph that does not exist', () => {
    expect(checkCitations(answerCiting('会议提出了要求[1]。', 999), assistant)[0]?.problem).toBe('missing-paragraph');
  });

  it('rejects a sentence the cited paragraph does not support', () => {
    expect(checkCitations(answerCiting('火星移民计划将于明年启动实施。[1]', 3), assistant)[0]?.problem).toBe(
      'unsupported',
    );
  });

  it('accepts a related passage that no sentence quotes', () => {
    const answer = answerCiting(`${quoteOf(3)}[1]。\n相关段落：[2]`, 3);
    const first = answer.citations[0];
    if (!first) throw new Error('no citation');
    answer.citations.push({ ...first, n: 2, paragraph: 4, related: true });

    expect(checkCitations(answer, assistant).map((check) => check.valid)).toEqual([true, true]);
  });

  it('rejects a citation no sentence carries', () => {
    expect(checkCitations(answerCiting(quoteOf(3), 3), assistant)[0]?.problem).toBe('not-cited-in-text');
  });
});

describe('runEval completeness', () => {
  it('scores must-phrases and meetings, asking a follow-up after its history', async () => {
    const file = join(dir, 'complete.jsonl');
    const lines = [
      '{"id":"list","question":"东区四季度要着重抓好哪三项工作？","doc":"000","key":"一是把稳定增长摆在首位","must":["把稳定增长摆在首位","把扶贫帮困抓在实处"],"meetings":["000"]}',
      '{"id":"follow","question":"那黔江区呢？","history":["大观区对一季度经济形势怎么判断？"],"doc":"003","key":"回升向好","must":["回升向好"],"meetings":["003"]}',
      '{"id":"wrong","question":"童子河什么时候全面动工？","doc":"004","key":"童子河的规划设计","must":["月球基地"]}',
      '{"id":"plain","question":"童子河什么时候全面动工？","doc":"004","key":"童子河的规划设计"}',
    ];
    await writeFile(file, `${lines.join('\n')}\n`);

    const { report, details } = await runEval({ assistant, qa: await loadQa(file) });

    expect(details.completeness).toEqual({ complete: 2, total: 3 });
    expect(report.completeness).toBe(0.667);
    expect(details.items.find((d) => d.id === 'wrong')?.completeness?.missingPhrases).toEqual(['月球基地']);
    expect(details.items.find((d) => d.id === 'plain')?.completeness).toBeUndefined();
    expect(formatEvalReport(report, details)).toContain('completeness  0.667 (2 of 3');
  }, 60_000);
});

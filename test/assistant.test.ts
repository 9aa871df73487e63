import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../src/answer/types.js';
import { openAssistant } from '../src/app.js';
import { MAX_QUESTION_CHARS } from '../src/assistant.js';
import { InvalidQuestionError } from '../src/errors.js';
import {
  buildSeedIndex,
  citedRuns,
  goldParagraphs,
  loadQaSet,
  matchForm,
  type OnTopicQuestion,
  paragraphKey,
  SEED_IDS,
  type SeedIndex,
} from './helpers/seed-index.js';

const ZHONGLOU_QUESTION = '钟楼区四月份要抓好哪五个精心组织？';

async function rejectionOf(promise: Promise<unknown>): Promise<InvalidQuestionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof InvalidQuestionError)) throw new Error(`expected InvalidQuestionError, got ${String(error)}`);
  return error;
}

describe('createAssistant', () => {
  let seed: SeedIndex;
  let assistant: Assistant;
  let qa: { onTopic: OnTopicQuestion[]; offTopic: { id: string; question: string }[] };

  beforeAll(async () => {
    seed = await buildSeedIndex();
    assistant = await openAssistant({ ...seed.engine });
    qa = await loadQaSet();
  });

  afterAll(async () => {
    await seed.remove();
  });

  it('cites the paragraph that answers first for at least 90% of the QA questions', async () => {
    let cited = 0;
    for (const item of qa.onTopic) {
      const gold = goldParagraphs(seed.index.meetings, item);
      const [first] = (await assistant.ask(item.question)).citations;
      if (first && gold.includes(paragraphKey(first.meeting.id, first.paragraph))) cited++;
    }

    expect(cited / qa.onTopic.length).toBeGreaterThanOrEqual(0.9);
  });

  it('declines off-topic questions without citations and names the closest meetings', async () => {
    for (const item of qa.offTopic) {
      const answer = await assistant.ask(item.question);

      expect(answer.found, item.id).toBe(false);
      expect(answer.citations, item.id).toEqual([]);
      expect(answer.answer, item.id).toMatch(/#[1-5]《[^》]+》/u);
    }
  });

  it('declines a question that shares only a district’s name with a meeting', async () => {
    for (const question of ['黔江区下周的气温是多少度？', '钟楼区今晚有什么电影？']) {
      const answer = await assistant.ask(question);

      expect(answer.found, question).toBe(false);
    }
  });

  it('answers a traditional question in traditional script', async () => {
    const answer = await assistant.ask('鐘樓區四月份要抓好哪五個精心組織？');

    expect(answer.answer).toContain('精心組織');
    expect(answer.answer).not.toContain('组织');
  });

  it('answers a simplified question in simplified script', async () => {
    const answer = await assistant.ask(ZHONGLOU_QUESTION);

    expect(answer.answer).toContain('精心组织');
    expect(answer.answer).not.toContain('組織');
  });

  it('quotes cited paragraphs in the script they were written in', async () => {
    const traditionalSource = (await assistant.ask(ZHONGLOU_QUESTION)).citations[0];
    const simplifiedSource = (await assistant.ask('如何持續改善空氣質量？')).citations[0];

    expect(traditionalSource?.text).toContain('要抓好五個“精心組織”');
    expect(traditionalSource?.text).toBe(assistant.paragraph(SEED_IDS['004'], 3)?.text);
    expect(simplifiedSource?.text).toContain('一是持续改善空气质量');
  });

  it('keeps most answers within about 300 characters with a citation after every sentence', async () => {
    let short = 0;
    for (const item of qa.onTopic) {
      const answer = await assistant.ask(item.question);
      const { runs, uncited } = citedRuns(answer.answer);

      // Only a closing line that names the meetings which do not say it may stand without a citation.
      expect(uncited.replace(/^[^\n]*没有(?:提到|写明)[^\n]*$/u, ''), item.id).toBe('');
      expect(Math.max(...runs.flatMap((run) => run.citations)), item.id).toBeLessThanOrEqual(answer.citations.length);
      if (answer.answer.replace(/\[\d+\]/g, '').length <= 300) short++;
    }

    expect(short / qa.onTopic.length).toBeGreaterThanOrEqual(0.9);
  });

  it('summarizes every seed meeting in 3 to 8 points citing at least 3 distinct paragraphs', async () => {
    for (const meeting of assistant.meetings()) {
      const summary = await assistant.summarize(String(meeting.number));

      expect(summary.mode).toBe('extractive');
      expect(summary.points.length, meeting.id).toBeGreaterThanOrEqual(3);
      expect(summary.points.length, meeting.id).toBeLessThanOrEqual(8);
      expect(new Set(summary.citations.map((c) => c.paragraph)).size, meeting.id).toBeGreaterThanOrEqual(3);
      for (const citation of summary.citations) {
        expect(citation.text).toBe(assistant.paragraph(meeting.id, citation.paragraph)?.text);
      }
      expect(summary.summary.startsWith(`《${meeting.title}》`)).toBe(true);
    }
  });

  it('summarizes parallel 要 tasks of a speech as one point citing their paragraph', async () => {
    const summary = await assistant.summarize('3');
    const tasks = summary.points.find((point) => point.text.includes('要以實的舉措'));

    expect(tasks?.text).toContain('要以拼的韌性');
    expect(tasks?.text).toContain('要以干的狀態');
    expect(summary.citations.find((c) => c.n === tasks?.citations[0])?.paragraph).toBe(4);
  });

  it('resolves a meeting by number, id and parts of its name in either script', () => {
    const refs = ['5', '#5', SEED_IDS['004'], '钟楼区', '鐘樓', '钟楼'];

    expect(refs.map((ref) => assistant.resolveMeeting(ref)?.number)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(assistant.resolveMeeting('黔江')?.id).toBe(SEED_IDS['003']);
  });

  it('reads a leading-zero reference as an id prefix and a plain number as a position', () => {
    expect(assistant.resolveMeeting('004')?.id).toBe(SEED_IDS['004']);
    expect(assistant.resolveMeeting('4')?.id).toBe(SEED_IDS['003']);
  });

  it('resolves nothing for an unknown or ambiguous reference', () => {
    expect(assistant.resolveMeeting('99')).toBeUndefined();
    expect(assistant.resolveMeeting('会议')).toBeUndefined();
    expect(assistant.resolveMeeting('   ')).toBeUndefined();
  });

  it('lists the seed meetings with their facts', () => {
    const meetings = assistant.meetings();

    expect(meetings.map((m) => m.number)).toEqual([1, 2, 3, 4, 5]);
    expect(meetings[4]).toMatchObject({
      title: '鐘樓區召開四套班子領導干部(擴大)會議',
      date: '4月1日上午',
      place: '鐘樓區',
      paragraphs: 8,
    });
    expect(meetings[4]?.people).toContain('區委書記徐偉南');
  });

  it('rejects an empty question with a message for the user', async () => {
    const error = await rejectionOf(assistant.ask('  \n '));

    expect(error.userMessage).toContain('请输入问题');
  });

  it('rejects a 10,000-character question with a message for the user', async () => {
    const error = await rejectionOf(assistant.ask('钟'.repeat(10_000)));

    expect(error.userMessage).toContain(String(MAX_QUESTION_CHARS));
  });

  it('accepts a 950-character emoji-heavy question that the Telegram bot accepts too (one length rule)', async () => {
    const question = `钟楼区四月份要抓好哪些工作？${'😀'.repeat(936)}`;
    expect([...question].length).toBe(950);

    const answer = await assistant.ask(question);

    expect(answer.question).toBeDefined();
  });

  it('rejects a question about a meeting that does not exist', async () => {
    const error = await rejectionOf(assistant.ask('有哪些要求？', { meeting: '99' }));

    expect(error.userMessage).toContain('/meetings');
  });

  it('lists the five sections a speech announces, each cited to its own paragraph', async () => {
    const answer = await assistant.ask('区政府全体会议提出了哪五点意见？');

    expect(answer.answer).toContain('我再强调五点意见。[1]');
    expect(answer.answer).toContain('五、落实一个“严”字,全面加强政府自身建设。[6]');
    expect(answer.citations.map((c) => c.paragraph)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('answers a list question from the list only when the list is about it', async () => {
    const answer = await assistant.ask('招商引资有哪些要求？');

    expect(answer.answer).not.toContain('一是全力以赴推进有效投入');
    expect(answer.answer).toContain('招商引资');
  });

  it('answers 那第二点具体怎么做？ after the 精心组织 question with the second item', async () => {
    const first = await assistant.ask(ZHONGLOU_QUESTION);

    const followUp = await assistant.ask('那第二点具体怎么做？', {
      history: [{ question: ZHONGLOU_QUESTION, answer: first }],
    });

    expect(followUp.found).toBe(true);
    expect(followUp.answer.startsWith('二是精心组织经济生产正常运行。[1]')).toBe(true);
    expect(followUp.answer).not.toMatch(/一是|三是/u);
    expect(followUp.citations.map((c) => [c.meeting.id, c.paragraph])).toEqual([[SEED_IDS['004'], 3]]);
  });

  // Known bug in src/answer/follow-up.ts (see test/answer/follow-up.test.ts): a short question is always read as a
  // follow-up, so this one is answered from the 钟楼区 meeting. Remove `.fails` once fixed.
  it('answers a short question about another meeting from that meeting, even right after a 钟楼区 answer', async () => {
    const first = await assistant.ask(ZHONGLOU_QUESTION);

    const next = await assistant.ask('黔江经济怎么样？', { history: [{ question: ZHONGLOU_QUESTION, answer: first }] });

    expect(next.citations[0]?.meeting.id).toBe(SEED_IDS['003']);
  });

  it('answers only from the meeting it is asked about', async () => {
    const answer = await assistant.ask('如何加大招商引资力度？', { meeting: '黔江' });

    expect(answer.found).toBe(true);
    expect(new Set(answer.citations.map((c) => c.meeting.id))).toEqual(new Set([SEED_IDS['003']]));
  });

  it('shows a paragraph with its neighbours, and nothing outside the meeting', () => {
    const view = assistant.paragraph(SEED_IDS['004'], 8);

    expect(view).toMatchObject({ paragraph: 8, hasPrevious: true, hasNext: false, meeting: { number: 5 } });
    expect(matchForm(view?.text ?? '')).toContain(matchForm('区发改局、经信局、科技局'));
    expect(assistant.paragraph(SEED_IDS['004'], 0)).toBeUndefined();
    expect(assistant.paragraph(SEED_IDS['004'], 9)).toBeUndefined();
    expect(assistant.paragraph('nope', 1)).toBeUndefined();
  });
});

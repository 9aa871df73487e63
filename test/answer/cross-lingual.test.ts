import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_TERMS_RULES } from '../../src/answer/cross-lingual.js';
import { meetingsNamedIn } from '../../src/answer/place-names.js';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { createOpenAIChat } from '../../src/providers/openai-chat.js';
import { type ChatRequestBody, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { buildSeedIndex, SEED_IDS, type SeedIndex } from '../helpers/seed-index.js';

const QUESTION = 'What five things must Zhonglou district organize carefully in April?';
const TERMS = '钟楼区四月份要抓好哪五个精心组织 钟楼区 精心组织';
const EVIDENCE = '一是精心组织文明城市创建活动';

/** The quoted passages of a request, in order. */
function passagesIn(body: ChatRequestBody): string[] {
  const user = body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  return [...user.matchAll(/^\[\d+\] [^\n]*\n<<<\n([\s\S]*?)\n>>>/gmu)].map((match) => match[1] ?? '');
}

/** A model that gives Chinese search terms when asked for them, and answers in English with Chinese evidence. */
function bilingualModel(answer: (passages: string[]) => string) {
  return (body: ChatRequestBody) =>
    body.messages[0]?.content === SEARCH_TERMS_RULES ? TERMS : answer(passagesIn(body));
}

function citing(passages: string[]): number {
  return passages.findIndex((passage) => passage.includes('一是精心組織文明城市創建活動')) + 1;
}

describe('English questions', () => {
  let fake: FakeOpenAI;
  let seed: SeedIndex;
  let llm: Assistant;
  let offline: Assistant;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    seed = await buildSeedIndex();
    const chat = createOpenAIChat({
      apiKey: 'sk-test',
      baseURL: fake.url,
      model: 'fake',
      timeoutMs: 800,
      maxRetries: 0,
    });
    llm = await openAssistant({ ...seed.engine, chat });
    offline = await openAssistant({ ...seed.engine });
  });

  beforeEach(() => {
    fake.setFailure(null);
    fake.requests.splice(0);
  });

  afterAll(async () => {
    await fake.close();
    await seed.remove();
  });

  it('are searched with the Chinese terms the model gives and answered in English with verified citations', async () => {
    fake.setChatReply(
      bilingualModel((passages) => `First, organize the civilized-city campaign 「${EVIDENCE}」.[${citing(passages)}]`),
    );

    const answer = await llm.ask(QUESTION);

    const [terms, answering] = fake.requests.map((request) => request.body as ChatRequestBody);
    expect(terms?.messages.at(-1)?.content).toBe(QUESTION);
    expect(passagesIn(answering as ChatRequestBody).some((p) => p.includes('五個“精心組織”'))).toBe(true);
    expect(answer).toMatchObject({ mode: 'llm', found: true });
    expect(answer.answer).toContain('civilized-city campaign');
    expect(answer.answer).toMatch(/\[1\]$/u);
    expect(answer.citations[0]).toMatchObject({ meeting: { id: SEED_IDS['004'] }, paragraph: 3 });
  });

  it('show no English sentence whose quoted evidence the cited paragraph lacks', async () => {
    fake.setChatReply(
      bilingualModel(
        (passages) =>
          `First, organize the civilized-city campaign 「${EVIDENCE}」.[${citing(passages)}] The district government moves to Mars 「区政府整体搬迁至火星」.[${citing(passages)}]`,
      ),
    );

    const answer = await llm.ask(QUESTION);

    expect(answer.answer).not.toContain('Mars');
    expect(answer.note).toContain('1 sentence');
  });

  it('are searched as asked when the model gives no search terms', async () => {
    fake.setFailure({ status: 500, times: 1 });
    fake.setChatReply(bilingualModel((passages) => `Organize it 「${EVIDENCE}」.[${Math.max(1, citing(passages))}]`));

    const answer = await llm.ask(QUESTION);

    expect(fake.requests).toHaveLength(2);
    expect(answer.question).toBe(QUESTION);
  });

  it('are declined offline, naming the meeting of the district they name in pinyin', async () => {
    const answer = await offline.ask('What did the Qianjiang meeting say about the fourth quarter?');

    expect(answer.found).toBe(false);
    expect(answer.answer).toContain('#4《');
    expect(answer.answer).toContain('try asking in Chinese');
  });
});

describe('meetingsNamedIn', () => {
  const meetings = [
    { id: 'a', title: '駱高燕:沖刺四季度 打好收官戰', place: '黔江區' },
    { id: 'b', title: '鐘樓區召開四套班子領導干部(擴大)會議', place: '鐘樓區' },
    { id: 'c', title: '区政府全体(扩大)会议', place: '' },
  ];

  it('matches district names written in pinyin, with or without tone marks, spaces or "qu"', () => {
    expect(meetingsNamedIn('Qiánjiāng district', meetings).map((m) => m.id)).toEqual(['a']);
    expect(meetingsNamedIn('what about zhong lou?', meetings).map((m) => m.id)).toEqual(['b']);
    expect(meetingsNamedIn('Zhongloùqu', meetings).map((m) => m.id)).toEqual(['b']);
  });

  it('matches district names written in characters of either script', () => {
    expect(meetingsNamedIn('What did 黔江 decide?', meetings).map((m) => m.id)).toEqual(['a']);
  });

  it('matches nothing for a place no meeting is about', () => {
    expect(meetingsNamedIn('What happened in Beijing and Shenzhen?', meetings)).toEqual([]);
  });
});

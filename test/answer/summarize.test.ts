import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toMeetingInfo } from '../../src/answer/citations.js';
import { SUMMARY_MAP_RULES, SUMMARY_REDUCE_RULES } from '../../src/answer/prompts.js';
import { createSummarizer, type Summarizer } from '../../src/answer/summarize.js';
import { loadCorpus, type Meeting } from '../../src/corpus/meeting.js';
import { silentLogger } from '../../src/logger.js';
import { createOpenAIChat } from '../../src/providers/openai-chat.js';
import { openPostgresStateStore } from '../../src/state/postgres/store.js';
import { type ChatRequestBody, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { startPgliteServer } from '../helpers/pglite-server.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

/** A model that does what the prompts ask: map → one point per paragraph (its first clause), reduce → the first eight. */
function summarizingModel(body: ChatRequestBody): string {
  const [system, user] = [body.messages[0]?.content, body.messages.at(-1)?.content ?? ''];
  if (system === SUMMARY_MAP_RULES) {
    const points = [...user.matchAll(/^¶(\d+) (.+)$/gmu)].map((match) => ({
      text: (match[2] ?? '').split(/[,，。；]/u)[0],
      paragraphs: [Number(match[1])],
    }));
    return JSON.stringify({ points: points.slice(0, 5) });
  }
  if (system === SUMMARY_REDUCE_RULES) {
    const partial = JSON.parse(user.slice(user.indexOf('{'))) as { points: unknown[] };
    return JSON.stringify({ points: partial.points.slice(0, 8) });
  }
  return 'unexpected request';
}

describe('createSummarizer', () => {
  let fake: FakeOpenAI;
  let meetings: Meeting[];
  let cache: TempDir;
  let summarizer: Summarizer;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ chatReply: summarizingModel });
    meetings = (await loadCorpus(SEEDS_DIR)).meetings;
  });

  beforeEach(async () => {
    fake.setFailure(null);
    fake.setChatReply(summarizingModel);
    fake.requests.splice(0);
    cache = await createTempDir();
    const chat = createOpenAIChat({
      apiKey: 'sk-test',
      baseURL: fake.url,
      model: 'fake-chat',
      timeoutMs: 2000,
      maxRetries: 0,
    });
    summarizer = createSummarizer({ chat, logger: silentLogger, cacheDir: cache.path });
  });

  afterEach(async () => {
    await cache.remove();
  });

  afterAll(async () => {
    await fake.close();
  });

  function meeting(number: number): Meeting {
    const found = meetings[number - 1];
    if (!found) throw new Error(`no meeting #${number}`);
    return found;
  }

  function mappedParagraphs(): number[] {
    return fake.requests
      .map((request) => request.body as ChatRequestBody)
      .filter((body) => body.messages[0]?.content === SUMMARY_MAP_RULES)
      .flatMap((body) => [...(body.messages.at(-1)?.content ?? '').matchAll(/^¶(\d+) /gmu)])
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
  }

  it('reads every paragraph of the meeting and cites only its paragraphs', async () => {
    const zhonglou = meeting(5);

    const summary = await summarizer.summarize(zhonglou, toMeetingInfo(zhonglou), 'traditional');

    expect(mappedParagraphs()).toEqual(zhonglou.paragraphs.map((p) => p.n));
    expect(summary.mode).toBe('llm');
    expect(summary.points.length).toBeGreaterThanOrEqual(3);
    expect(summary.points.length).toBeLessThanOrEqual(8);
    for (const citation of summary.citations) {
      expect(citation.text).toBe(zhonglou.paragraphs[citation.paragraph - 1]?.text);
    }
  });

  it('maps a long report in several requests covering every paragraph, then merges their points', async () => {
    const paragraphs = meetings.flatMap((m) => m.paragraphs).map((p, i) => ({ n: i + 1, text: p.text }));
    const long: Meeting = { ...meeting(5), id: 'all-seeds', hash: 'all-seeds', paragraphs };

    const summary = await summarizer.summarize(long, toMeetingInfo(long), 'traditional');

    const systems = fake.requests.map((request) => (request.body as ChatRequestBody).messages[0]?.content);
    expect(systems.filter((system) => system === SUMMARY_MAP_RULES).length).toBeGreaterThan(1);
    expect(systems.at(-1)).toBe(SUMMARY_REDUCE_RULES);
    expect(mappedParagraphs()).toEqual(paragraphs.map((p) => p.n));
    expect(summary.mode).toBe('llm');
    expect(summary.points).toHaveLength(8);
  });

  it('caches the summary, so summarizing again sends no request', async () => {
    const zhonglou = meeting(5);
    const first = await summarizer.summarize(zhonglou, toMeetingInfo(zhonglou), 'traditional');
    const requests = fake.requests.length;

    const second = await summarizer.summarize(zhonglou, toMeetingInfo(zhonglou), 'traditional');

    expect(fake.requests.length).toBe(requests);
    expect(second).toEqual(first);
  });

  it('shares a summary through the Postgres state, so another replica summarizing it sends no request', async () => {
    const server = await startPgliteServer();
    const [stateA, stateB] = await Promise.all([
      openPostgresStateStore({ databaseUrl: server.url }),
      openPostgresStateStore({ databaseUrl: server.url }),
    ]);
    try {
      const chat = createOpenAIChat({ apiKey: 'sk-test', baseURL: fake.url, model: 'fake-chat', timeoutMs: 2000 });
      const replicaA = createSummarizer({
        chat,
        logger: silentLogger,
        ...(stateA.summaries ? { cache: stateA.summaries } : {}),
      });
      const replicaB = createSummarizer({
        chat,
        logger: silentLogger,
        ...(stateB.summaries ? { cache: stateB.summaries } : {}),
      });
      const report = meeting(3);
      const first = await replicaA.summarize(report, toMeetingInfo(report), 'simplified');
      const requests = fake.requests.length;

      const second = await replicaB.summarize(report, toMeetingInfo(report), 'simplified');

      expect(requests).toBeGreaterThan(0);
      expect(fake.requests.length).toBe(requests);
      expect(second).toEqual(first);
    } finally {
      await stateA.close();
      await stateB.close();
      await server.stop();
    }
  });

  it('keeps only citations of paragraphs that exist and support the point', async () => {
    fake.setChatReply((body) => {
      const real = JSON.parse(summarizingModel(body)) as { points: { text: string; paragraphs: number[] }[] };
      const invented = [
        { text: '会议决定建设一座新的机场', paragraphs: [2] },
        { text: '区政府全体扩大会议', paragraphs: [99] },
      ];
      return JSON.stringify({ points: [...real.points, ...invented] });
    });
    const speech = meeting(2);

    const summary = await summarizer.summarize(speech, toMeetingInfo(speech), 'simplified');

    expect(summary.mode).toBe('llm');
    expect(summary.summary).not.toContain('机场');
    expect(summary.citations.every((c) => c.paragraph >= 1 && c.paragraph <= speech.paragraphs.length)).toBe(true);
  });

  it('leaves out a sentence no cited paragraph supports, keeping the rest of its point, and says so', async () => {
    fake.setChatReply((body) => {
      const real = JSON.parse(summarizingModel(body)) as { points: { text: string; paragraphs: number[] }[] };
      const [first, ...rest] = real.points;
      if (!first) return JSON.stringify(real);
      return JSON.stringify({ points: [{ ...first, text: `${first.text}。会议决定向火星移民一百万人。` }, ...rest] });
    });
    const speech = meeting(2);

    const summary = await summarizer.summarize(speech, toMeetingInfo(speech), 'simplified');

    expect(summary.mode).toBe('llm');
    expect(summary.summary).not.toContain('火星');
    expect(summary.points.length).toBeGreaterThanOrEqual(3);
    expect(summary.note).toMatch(/已删去 \d+ 句/u);
  });

  it('falls back to the extractive summary with a one-line note when the model fails', async () => {
    fake.setFailure({ status: 500 });
    const qianjiang = meeting(4);

    const summary = await summarizer.summarize(qianjiang, toMeetingInfo(qianjiang), 'traditional');

    expect(summary.mode).toBe('extractive');
    expect(summary.note).toMatch(/語言模型服務出錯/);
    expect(summary.note).not.toContain('\n');
    expect(summary.points.length).toBeGreaterThanOrEqual(3);
  });

  it('summarizes from the meeting’s own structure without a model', async () => {
    const offline = createSummarizer({ logger: silentLogger });
    const speech = meeting(2);

    const summary = await offline.summarize(speech, toMeetingInfo(speech), 'simplified');

    expect(summary.mode).toBe('extractive');
    expect(summary.points.map((p) => p.text)).toEqual([
      '坚持一个“稳”字,全力保持经济平稳发展',
      '聚焦一个“优”字,全面提升城市品质',
      '突出一个“绿”字,坚定不移走生态优先绿色发展之路',
      '强化一个“实”字,着力保障和改善民生',
      '落实一个“严”字,全面加强政府自身建设',
    ]);
    expect(fake.requests).toEqual([]);
  });
});

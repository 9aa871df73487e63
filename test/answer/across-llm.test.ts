import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { toSimplified } from '../../src/corpus/script.js';
import { createOpenAIChat } from '../../src/providers/openai-chat.js';
import { type ChatRequestBody, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { buildSeedIndex, type SeedIndex } from '../helpers/seed-index.js';

describe('questions across meetings in LLM mode', () => {
  let fake: FakeOpenAI;
  let seed: SeedIndex;
  let assistant: Assistant;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    seed = await buildSeedIndex();
    const chat = createOpenAIChat({
      apiKey: 'sk-test',
      baseURL: fake.url,
      model: 'fake-chat',
      timeoutMs: 800,
      maxRetries: 0,
    });
    assistant = await openAssistant({ ...seed.engine, chat });
  });

  afterAll(async () => {
    await fake.close();
    await seed.remove();
  });

  it('sends the model the passages of each meeting that says 招商引资 and none that do not', async () => {
    await assistant.ask('哪些会议提到了招商引资？');

    const body = fake.requests.at(-1)?.body as ChatRequestBody | undefined;
    const user = toSimplified(body?.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');
    for (const phrase of ['狠抓招商引资', '加大招商引资力度', '全力以赴推进招商引资工作'])
      expect(user).toContain(phrase);
  });
});

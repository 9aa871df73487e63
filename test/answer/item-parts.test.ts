import { describe, expect, it } from 'vitest';
import { asksForParts } from '../../src/answer/item-parts.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

describe('asksForParts', () => {
  it('reads 包括哪些 and 有哪几条 as asking for an item’s own list, in either script', () => {
    expect(asksForParts('第二点包括哪些？')).toBe(true);
    expect(asksForParts('第五點具體有哪幾條')).toBe(true);
  });

  it('reads 具体讲了什么 as asking what the item says', () => {
    expect(asksForParts('第二点具体讲了什么？')).toBe(false);
  });
});

describe('a follow-up asking for the parts of one item', () => {
  const suite = useSeedAssistant();
  const FIRST = '区政府全体会议上的讲话分成哪几部分？';

  it('lists the sub-items inside the section the ordinal points at, each once', async () => {
    const first = await suite.assistant.ask(FIRST);

    const next = await suite.assistant.ask('第二点包括哪些？', { history: [{ question: FIRST, answer: first }] });

    const text = normalizePhrase(next.answer);
    expect(text.startsWith(normalizePhrase('二、聚焦一个“优”字'))).toBe(true);
    for (const part of ['加快推进基础设施建设', '大力实施城市更新行动', '全面提升城市管理效能']) {
      expect(text).toContain(part);
    }
    expect(next.citations.map((c) => `${c.meeting.id.slice(0, 3)}¶${c.paragraph}`)).toEqual(['001¶4']);
  });

  it('still gives what the item says when the follow-up asks how', async () => {
    const first = await suite.assistant.ask(FIRST);

    const next = await suite.assistant.ask('第五点具体怎么说的？', { history: [{ question: FIRST, answer: first }] });

    expect(normalizePhrase(next.answer)).toContain('打铁还需自身硬');
  });
});

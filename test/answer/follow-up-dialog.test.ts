import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

function cited(answer: Answer): string[] {
  return answer.citations.filter((c) => !c.related).map((c) => `${c.meeting.id.slice(0, 3)}¶${c.paragraph}`);
}

describe('elliptic follow-ups over the seeds', () => {
  const suite = useSeedAssistant();

  async function dialog(first: string, next: string): Promise<{ before: Answer; after: Answer }> {
    const before = await suite.assistant.ask(first);
    const after = await suite.assistant.ask(next, { history: [{ question: first, answer: before }] });
    return { before, after };
  }

  it('answers 最后一项呢 with the last item of the list just given', async () => {
    const { after } = await dialog('钟楼区要抓好哪五个坚持不懈？', '最后一项呢');

    expect(normalizePhrase(after.answer).startsWith(normalizePhrase('五是坚持不懈地做好党委换届工作'))).toBe(true);
  });

  it('answers 具体呢 with sentences of the cited paragraph the first answer did not quote', async () => {
    const { before, after } = await dialog('黔江区大会由谁出席并讲话？', '具体呢');

    expect(after.found).toBe(true);
    const said = normalizePhrase(before.answer);
    const fresh = after.answer
      .split(/\[\d+\]/u)
      .map(normalizePhrase)
      .filter((sentence) => sentence.length > 0 && !said.includes(sentence));
    expect(fresh.length).toBeGreaterThan(0);
    expect(cited(after).every((c) => cited(before).includes(c))).toBe(true);
  });

  it('answers 还有呢 from paragraphs the first answer did not cite', async () => {
    const { before, after } = await dialog('钟楼区四月份要抓好哪五个全力以赴？', '还有呢');

    expect(after.found).toBe(true);
    expect(cited(after).some((c) => cited(before).includes(c))).toBe(false);
    expect(cited(after).every((c) => c.startsWith('004'))).toBe(true);
  });

  it('looks beyond the meeting just discussed when 那X呢 names someone it never mentions', async () => {
    const { after } = await dialog('钟楼区那次会是谁主持的？', '那金玉呢？');

    expect(after.found).toBe(true);
    expect(cited(after).some((c) => c.startsWith('002'))).toBe(true);
  });
});

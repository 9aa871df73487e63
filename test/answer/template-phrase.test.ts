import { describe, expect, it } from 'vitest';
import { templatePattern } from '../../src/answer/template-phrase.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

describe('templatePattern', () => {
  it('reads a shape of literals and ellipses, in either ellipsis form', () => {
    const pattern = templatePattern('讲话里的“以…的…”是哪些');
    expect(pattern?.test('以实的举措')).toBe(true);
    expect(pattern?.test('以更大力度加强各领域安全风险防范')).toBe(false);
    expect(templatePattern('讲话里的“以...的...”是哪些')?.test('以拼的韧性')).toBe(true);
    expect(templatePattern('讲话里的以……的……是哪些')).toBeUndefined();
  });

  it('reads a quoted opening with an ellipsis, but not a quoted word or a question without a shape', () => {
    expect(templatePattern('哪几句「以……」开头')?.test('以干的状态')).toBe(true);
    expect(templatePattern('围绕“稳”字提了什么')).toBeUndefined();
    expect(templatePattern('讲话提了哪几点要求')).toBeUndefined();
  });
});

describe('a question that quotes the shape of a formula', () => {
  const suite = useSeedAssistant();

  it('quotes every sentence of the speech built on 以…的…, in order', async () => {
    const answer = await suite.assistant.ask('大观区会上领导用了哪些「以……的……」句式');

    const text = normalizePhrase(answer.answer);
    const at = ['以实的举措', '以拼的韧性', '以干的状态', '以统的节奏'].map((phrase) => text.indexOf(phrase));
    expect(at.every((position) => position >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});

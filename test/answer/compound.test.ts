import { beforeAll, describe, expect, it } from 'vitest';
import { joinAnswers, partInContext, splitCompound } from '../../src/answer/compound.js';
import type { Answer, Citation } from '../../src/answer/types.js';
import { loadCorpus, type Meeting } from '../../src/corpus/meeting.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

function citation(n: number, paragraph: number, related = false): Citation {
  const meeting = { id: '004_e8e8e54d7c3c5c4e', number: 5, title: '钟楼区会议', date: '4月1日上午' };
  return { n, meeting, paragraph, text: `第${paragraph}段`, ...(related ? { related } : {}) };
}

function answer(text: string, citations: Citation[], found = true): Answer {
  return { question: '?', answer: text, mode: 'extractive', found, citations };
}

describe('splitCompound', () => {
  let meetings: Meeting[];

  beforeAll(async () => {
    meetings = (await loadCorpus(SEEDS_DIR)).meetings;
  });

  it('splits a question that asks for a date and for a speaker into its two asks', () => {
    expect(splitCompound('东区那次会是哪天开的 谁讲话', meetings)).toEqual(['东区那次会是哪天开的？', '谁讲话？']);
  });

  it('keeps a question whole when its second clause only asks for the items of the first', () => {
    const question = '钟楼区会上提了几方面要求？都是什么？';
    expect(splitCompound(question, meetings)).toEqual([question]);
  });

  it('keeps a clause that asks nothing with the clause it qualifies', () => {
    const question = '钟楼区招商要做到哪几点 那个十六字';
    expect(splitCompound(question, meetings)).toEqual([question]);
  });

  it('keeps two clauses that ask the same thing together', () => {
    const question = '大观区的会谁主持的，主持人是谁';
    expect(splitCompound(question, meetings)).toEqual([question]);
  });
});

describe('partInContext', () => {
  it('gives a later part the subject of the first part', () => {
    expect(partInContext('谁讲话？', '东区那次会是哪天开的？')).toContain('东区');
  });
});

describe('joinAnswers', () => {
  it('numbers each paragraph once across the parts and renumbers their markers', () => {
    const first = answer('甲[1]乙[2]', [citation(1, 3), citation(2, 5)]);
    const second = answer('丙[1]丁[2]', [citation(1, 5), citation(2, 7)]);

    const joined = joinAnswers('问题', [first, second]);

    expect(joined.answer).toBe('甲[1]乙[2]\n丙[2]丁[3]');
    expect(joined.citations.map((c) => [c.n, c.paragraph])).toEqual([
      [1, 3],
      [2, 5],
      [3, 7],
    ]);
    expect(joined.question).toBe('问题');
  });

  it('counts a paragraph one part quotes as a source even when another only listed it as related', () => {
    const first = answer('甲[1]\n相关段落：[2]', [citation(1, 3), citation(2, 5, true)]);
    const second = answer('乙[1]', [citation(1, 5)]);

    expect(joinAnswers('问题', [first, second]).citations[1]?.related).toBeUndefined();
  });

  it('is found when any part is', () => {
    expect(joinAnswers('问题', [answer('没有找到', [], false), answer('甲[1]', [citation(1, 3)])]).found).toBe(true);
  });
});

describe('a two-part question over the seeds', () => {
  const suite = useSeedAssistant();

  it('answers both asks: what the first part is about, and that the report names no speaker', async () => {
    const answer = await suite.assistant.ask('区政府全体扩大会议在哪个区开的，谁讲的话');

    const text = normalizePhrase(answer.answer);
    expect(text).toContain(normalizePhrase('召开区政府全体(扩大)会议'));
    expect(text).toContain('没有提到');
    const quoted = answer.citations.filter((c) => !c.related);
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.every((c) => c.meeting.id.startsWith('001'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { checkCompleteness, normalizePhrase } from '../../src/eval/completeness.js';

function answerCiting(text: string, meetingIds: string[]): Answer {
  return {
    question: 'q',
    answer: text,
    mode: 'extractive',
    found: true,
    citations: meetingIds.map((id, i) => ({
      n: i + 1,
      meeting: { id, number: i + 1, title: 't', date: '' },
      paragraph: 1,
      text: '',
    })),
  };
}

describe('checkCompleteness', () => {
  it('compares phrases script-normalized, without punctuation or citation markers', () => {
    expect(normalizePhrase('坚持一个“稳”字,[1]全力')).toBe('坚持一个稳字全力');
    expect(normalizePhrase('會議報告沒有提到')).toBe('会议报告没有提到');
  });

  it('repairs scraping debris in a phrase copied from the raw page, as ingest repairs the paragraph', () => {
    const answer = answerCiting('一是把穩定增長擺在首位。[1]', ['000_aa']);

    expect(normalizePhrase('把穩(wěn)定增長擺在首位')).toBe('把稳定增长摆在首位');
    expect(checkCompleteness({ must: ['把穩(wěn)定增長擺在首位'] }, answer).complete).toBe(true);
  });

  it('is complete when every phrase is in the answer and every meeting prefix is cited', () => {
    const answer = answerCiting('一是把穩定增長擺在首位。[1]', ['000_aa', '003_bb']);

    expect(checkCompleteness({ must: ['把稳定增长摆在首位'], meetings: ['000', '003'] }, answer)).toEqual({
      complete: true,
      checked: true,
      missingPhrases: [],
      missingMeetings: [],
    });
  });

  it('names the phrases and meetings an answer lacks', () => {
    const check = checkCompleteness(
      { must: ['北京', '无锡'], meetings: ['004', '002'] },
      answerCiting('北京[1]', ['004_x']),
    );

    expect(check.complete).toBe(false);
    expect(check.missingPhrases).toEqual(['无锡']);
    expect(check.missingMeetings).toEqual(['002']);
  });

  it('marks an item without must or meetings as unchecked', () => {
    expect(checkCompleteness({}, answerCiting('x', [])).checked).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isQuestionTooLong, MAX_QUESTION_CHARS, questionLength } from '../../src/answer/question-length.js';

describe('questionLength', () => {
  it('counts an emoji as one character and collapses whitespace', () => {
    expect(questionLength('  会议😀\n\n 决定？ ')).toBe(7);
  });

  it('accepts a 950-character emoji-heavy question that is 1,900 UTF-16 units long', () => {
    const question = '😀'.repeat(950);
    expect(question.length).toBe(1900);
    expect(isQuestionTooLong(question)).toBe(false);
    expect(isQuestionTooLong('问'.repeat(MAX_QUESTION_CHARS + 1))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { detectReplyLanguage, say } from '../../src/answer/language.js';

describe('detectReplyLanguage', () => {
  it('answers a traditional question in traditional, a simplified one in simplified, and English in English', () => {
    expect(detectReplyLanguage('鐘樓區四月份要抓好哪五個精心組織？')).toBe('zh-Hant');
    expect(detectReplyLanguage('钟楼区四月份要抓好哪五个精心组织？')).toBe('zh-Hans');
    expect(detectReplyLanguage('When does the Tongzi River work start?')).toBe('en');
  });
});

describe('say', () => {
  it('converts a simplified message for traditional readers', () => {
    expect(say('zh-Hant', '这些会议记录中没有找到相关内容。', 'Not found.')).toBe('這些會議記錄中沒有找到相關內容。');
    expect(say('en', '没有找到。', 'Not found.')).toBe('Not found.');
  });
});

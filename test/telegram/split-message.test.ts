import { describe, expect, it } from 'vitest';
import { splitHtmlMessage } from '../../src/telegram/split-message.js';

describe('splitHtmlMessage', () => {
  it('keeps a message that fits as it is', () => {
    expect(splitHtmlMessage('短消息。', 4096)).toEqual(['短消息。']);
  });

  it('cuts after the last sentence end that fits', () => {
    expect(splitHtmlMessage('第一句话。第二句话！第三句话？', 12)).toEqual(['第一句话。第二句话！', '第三句话？']);
  });

  it('cuts at newlines and drops the whitespace at the start of the next part', () => {
    expect(splitHtmlMessage('line one\nline two\nline three', 20)).toEqual(['line one\nline two', 'line three']);
  });

  it('never cuts inside an HTML entity', () => {
    const parts = splitHtmlMessage(`${'a'.repeat(8)}&amp;&lt;&gt;${'b'.repeat(8)}`, 12);
    for (const part of parts) expect(part).not.toMatch(/&[a-z]*$|^[a-z]*;/);
    expect(parts.join('')).toBe(`${'a'.repeat(8)}&amp;&lt;&gt;${'b'.repeat(8)}`);
  });

  it('closes an open tag at the cut and reopens it in the next part', () => {
    const parts = splitHtmlMessage('<i>第一句话。第二句话。</i>', 15);
    expect(parts).toEqual(['<i>第一句话。</i>', '<i>第二句话。</i>']);
  });

  it('never exceeds the limit, even without any sentence end', () => {
    const parts = splitHtmlMessage('字'.repeat(10_000));
    expect(parts.map((part) => part.length)).toEqual([4096, 4096, 1808]);
  });

  it('keeps tags with attributes whole', () => {
    const html = `${'句子。'.repeat(5)}<blockquote expandable>${'引文。'.repeat(5)}</blockquote>`;
    const parts = splitHtmlMessage(html, 40);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(40);
      expect(part.match(/<blockquote expandable>/g)?.length ?? 0).toBe(part.match(/<\/blockquote>/g)?.length ?? 0);
    }
  });
});

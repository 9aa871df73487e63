import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Encodings we accept for documents; anything else is reported as unreadable. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Share of decoded characters that are common CJK or ASCII text (higher is more plausible). */
function plausibility(text: string): number {
  if (text.length === 0) return 0;
  let good = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x20 && code < 0x7f) ||
      /[\s，。、；：？！“”‘’（）《》—…·]/.test(ch)
    ) {
      good++;
    }
  }
  return good / text.length - (text.includes('\uFFFD') ? 0.5 : 0);
}

/** Decodes a document: BOMs, strict UTF-8, then GB18030 or Big5 (whichever reads more plausibly). Returns the encoding used. */
export function decodeDocument(buffer: Buffer): { text: string; encoding: TextEncoding } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: UTF8.decode(buffer.subarray(3)), encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (buffer.includes(0)) throw new Error('binary content (NUL bytes), not a text document');
  try {
    return { text: UTF8.decode(buffer), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a legacy Chinese encoding.
  }
  const guess = chardet.detect(buffer)?.toLowerCase();
  const candidates: TextEncoding[] = guess === 'big5' ? ['big5', 'gb18030'] : ['gb18030', 'big5'];
  const decoded = candidates.map((encoding) => ({ encoding, text: iconv.decode(buffer, encoding) }));
  decoded.sort((a, b) => plausibility(b.text) - plausibility(a.text));
  const best = decoded[0];
  if (!best || plausibility(best.text) < 0.6)
    throw new Error('unrecognised text encoding (not UTF-8, GB18030/GBK or Big5)');
  return best;
}

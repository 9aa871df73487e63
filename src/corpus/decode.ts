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

/** A decoded document, the encoding used, and what was repaired on the way (e.g. stray NUL bytes dropped). */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  warnings: string[];
}

/** At most this share of NUL bytes is taken for stray debris in a text file; more means binary content. */
const MAX_STRAY_NUL_SHARE = 0.01;

/** Maps a declared charset label (HTTP header, `<meta>`) to one of our encodings; undefined when unknown. */
export function encodingFromLabel(label: string | undefined): TextEncoding | undefined {
  const name = label
    ?.trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!name) return undefined;
  if (name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn'].includes(name)) return 'gb18030';
  if (['big5', 'big5-hkscs', 'x-x-big5', 'cp950'].includes(name)) return 'big5';
  if (name === 'utf-16le') return 'utf-16le';
  if (name === 'utf-16be') return 'utf-16be';
  return undefined;
}

/** Decodes bytes in a declared encoding (no guessing); replacement characters mark bytes that did not fit. */
export function decodeAs(buffer: Buffer, encoding: TextEncoding): string {
  return iconv.decode(buffer, encoding);
}

/** Drops a few stray NUL bytes from what is otherwise UTF-8 text; undefined when the bytes are binary. */
function withoutStrayNuls(buffer: Buffer): { text: string; dropped: number } | undefined {
  let nuls = 0;
  for (const byte of buffer) if (byte === 0) nuls++;
  if (nuls / buffer.length > MAX_STRAY_NUL_SHARE) return undefined;
  try {
    return { text: UTF8.decode(buffer.filter((byte) => byte !== 0)), dropped: nuls };
  } catch {
    return undefined;
  }
}

/**
 * Decodes a document: BOMs, strict UTF-8 (dropping a few stray NUL bytes with a warning), then GB18030 or Big5
 * (whichever reads more plausibly). Throws when the bytes are binary or no encoding reads as text.
 */
export function decodeDocument(buffer: Buffer): DecodedText {
  const { warnings = [], ...decoded } = decodeBytes(buffer);
  return { ...decoded, warnings };
}

function decodeBytes(buffer: Buffer): { text: string; encoding: TextEncoding; warnings?: string[] } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: UTF8.decode(buffer.subarray(3)), encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (buffer.includes(0)) {
    const kept = withoutStrayNuls(buffer);
    if (!kept) throw new Error('binary content (NUL bytes), not a text document');
    return { text: kept.text, encoding: 'utf-8', warnings: [`dropped ${kept.dropped} stray NUL byte(s)`] };
  }
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

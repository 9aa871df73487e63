import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/corpus/clean.js';
import { decodeDocument, encodingFromLabel } from '../../src/corpus/decode.js';
import { readSeed } from '../helpers/seed-index.js';

/** A few bytes of a PNG file: the kind of binary that ends up in a documents folder by mistake. */
const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256)),
]);

describe('decodeDocument', () => {
  it('reads a GBK copy of seed 001 as the same paragraphs as the UTF-8 original', async () => {
    const original = await readSeed('001');

    const decoded = decodeDocument(iconv.encode(original, 'gbk'));

    expect(decoded.encoding).toBe('gb18030');
    expect(cleanText(decoded.text).paragraphs).toEqual(cleanText(original).paragraphs);
  });

  it('reads a Big5 copy of seed 004 paragraphs as the same traditional text', async () => {
    const paragraphs = cleanText(await readSeed('004')).paragraphs;
    const text = paragraphs.join('\n');
    expect(iconv.decode(iconv.encode(text, 'big5'), 'big5')).toBe(text);

    const decoded = decodeDocument(iconv.encode(text, 'big5'));

    expect(decoded.encoding).toBe('big5');
    expect(decoded.text).toBe(text);
  });

  it('reads UTF-8 with a byte-order mark without keeping the mark', () => {
    const decoded = decodeDocument(Buffer.from('\uFEFF区政府全体(扩大)会议', 'utf8'));

    expect(decoded).toEqual({ text: '区政府全体(扩大)会议', encoding: 'utf-8', warnings: [] });
  });

  it('reads UTF-16 little-endian text that starts with a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('鐘樓區召開會議', 'utf-16le')]);

    expect(decodeDocument(bytes)).toEqual({ text: '鐘樓區召開會議', encoding: 'utf-16le', warnings: [] });
  });

  it('rejects binary content such as an image', () => {
    expect(() => decodeDocument(PNG_BYTES)).toThrow(/binary/);
  });

  it('rejects a zero-filled file, although its bytes are valid UTF-8', () => {
    expect(() => decodeDocument(Buffer.alloc(4096))).toThrow(/binary/);
  });

  it('keeps the text of a UTF-8 document with a few stray NUL bytes and says how many it dropped', () => {
    const text = '钟楼区召开区委常委会议，研究部署招商引资工作。'.repeat(20);
    const bytes = Buffer.from(text, 'utf8');
    const withNuls = Buffer.concat([bytes.subarray(0, 30), Buffer.from([0, 0]), bytes.subarray(30), Buffer.from([0])]);

    const decoded = decodeDocument(withNuls);

    expect(decoded.text).toBe(text);
    expect(decoded.warnings).toEqual(['dropped 3 stray NUL byte(s)']);
  });

  it('maps declared charsets such as GB2312 and Big5 to the decoder that reads them', () => {
    expect(encodingFromLabel('GB2312')).toBe('gb18030');
    expect(encodingFromLabel('"gbk"')).toBe('gb18030');
    expect(encodingFromLabel('Big5')).toBe('big5');
    expect(encodingFromLabel('windows-1252')).toBeUndefined();
  });

  it('rejects bytes that read as no plausible Chinese text in any encoding', () => {
    let state = 777;
    const nextByte = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 0x80 | (state >>> 24);
    };
    const noise = Buffer.from(Array.from({ length: 800 }, nextByte));

    expect(() => decodeDocument(noise)).toThrow(/unrecognised text encoding/);
  });
});

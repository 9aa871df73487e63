import { beforeAll, describe, expect, it } from 'vitest';
import { type Chunk, chunkMeeting, splitClauses, splitSentences } from '../../src/corpus/chunk.js';
import { loadCorpus, type Meeting } from '../../src/corpus/meeting.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

const SETTINGS = [
  { chunkSize: 200, chunkOverlap: 0 },
  { chunkSize: 80, chunkOverlap: 20 },
  { chunkSize: 40, chunkOverlap: 0 },
];

describe('chunkMeeting', () => {
  let meetings: Meeting[];
  const chunked = new Map<string, { meeting: Meeting; chunks: Chunk[] }[]>();

  beforeAll(async () => {
    meetings = (await loadCorpus(SEEDS_DIR)).meetings;
    for (const options of SETTINGS) {
      const results = [];
      for (const meeting of meetings) results.push({ meeting, chunks: await chunkMeeting(meeting, options) });
      chunked.set(JSON.stringify(options), results);
    }
  });

  it.each(SETTINGS)(
    'never crosses a paragraph and its offsets slice the paragraph back to the chunk text (size $chunkSize)',
    (options) => {
      for (const { meeting, chunks } of chunked.get(JSON.stringify(options)) ?? []) {
        for (const chunk of chunks) {
          const paragraph = meeting.paragraphs[chunk.paragraph - 1];
          expect(chunk.meetingId).toBe(meeting.id);
          expect(paragraph?.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
        }
      }
    },
  );

  it.each(SETTINGS)('keeps every chunk within chunkSize characters (size $chunkSize)', (options) => {
    const lengths = (chunked.get(JSON.stringify(options)) ?? []).flatMap(({ chunks }) =>
      chunks.map((c) => c.text.length),
    );

    expect(lengths.length).toBeGreaterThan(0);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(options.chunkSize);
  });

  it.each(SETTINGS)(
    'covers every paragraph, leaving out at most the comma a split fell on (size $chunkSize)',
    (options) => {
      for (const { meeting, chunks } of chunked.get(JSON.stringify(options)) ?? []) {
        for (const paragraph of meeting.paragraphs) {
          const own = chunks.filter((c) => c.paragraph === paragraph.n);
          expect(own.length).toBeGreaterThan(0);
          let covered = 0;
          for (const chunk of own) {
            expect(paragraph.text.slice(covered, chunk.start)).toMatch(/^[,，、\s]*$/u);
            covered = Math.max(covered, chunk.end);
          }
          expect(covered).toBe(paragraph.text.length);
        }
      }
    },
  );

  it('keeps sentence-ending punctuation with the sentence before it', () => {
    const chunks = (chunked.get(JSON.stringify(SETTINGS[2])) ?? []).flatMap((r) => r.chunks);

    expect(chunks.filter((c) => /^[。！？；”]/u.test(c.text))).toEqual([]);
    expect(chunks.some((c) => c.text.endsWith('。'))).toBe(true);
  });

  it('overlaps consecutive chunks of a long paragraph by at most chunkOverlap characters', () => {
    const options = SETTINGS[1] ?? { chunkSize: 80, chunkOverlap: 20 };
    for (const { chunks } of chunked.get(JSON.stringify(options)) ?? []) {
      for (let i = 1; i < chunks.length; i++) {
        const [previous, current] = [chunks[i - 1], chunks[i]];
        if (previous?.paragraph !== current?.paragraph) continue;
        expect((previous?.end ?? 0) - (current?.start ?? 0)).toBeLessThanOrEqual(options.chunkOverlap);
      }
    }
  });
});

describe('splitSentences', () => {
  it('ends sentences at 。！？； and keeps the mark with its sentence', () => {
    expect(splitSentences('会议召开。要抓落实！怎么抓？一要稳；二要进')).toEqual([
      '会议召开。',
      '要抓落实！',
      '怎么抓？',
      '一要稳；',
      '二要进',
    ]);
  });

  it('keeps a closing quotation mark with the sentence it closes', () => {
    expect(splitSentences('“将蓝图逐步变现实。”罗军说。')).toEqual(['“将蓝图逐步变现实。”', '罗军说。']);
  });

  it('ends sentences at ASCII ;!? only between Chinese characters', () => {
    expect(splitSentences('要稳;要进!好吗?是的')).toEqual(['要稳;', '要进!', '好吗?', '是的']);
    expect(splitSentences('互联网+ a;b Hello! World?')).toEqual(['互联网+ a;b Hello! World?']);
  });

  it('loses no text', () => {
    const text = '徐偉南指出,當前,要抓好五個“精心組織”。一是精心組織文明城市創建活動。二是…';

    expect(splitSentences(text).join('')).toBe(text);
  });
});

describe('splitClauses', () => {
  it('also breaks after a colon that introduces a numbered list', () => {
    expect(splitClauses('要着重抓好三项工作:一是把稳定增长摆在首位。')).toEqual([
      '要着重抓好三项工作:',
      '一是把稳定增长摆在首位。',
    ]);
  });
});

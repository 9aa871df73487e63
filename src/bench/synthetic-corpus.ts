import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { splitSentences } from '../corpus/chunk.js';
import { loadCorpus } from '../corpus/meeting.js';
import { createRandom, type Random } from './random.js';

/** Building blocks taken from the cleaned seed meetings: clauses (original script) and meeting titles. */
export interface Vocabulary {
  clauses: string[];
  titles: string[];
}

/** Where to write a synthetic corpus and how big to make it. */
export interface SyntheticCorpusOptions {
  vocabulary: Vocabulary;
  dir: string;
  /** Number of chunks the corpus must yield (each generated paragraph fits in one chunk). */
  chunks: number;
  /** The chunker's `chunkSize` in characters; paragraphs stay below it. */
  chunkSize: number;
  /** Paragraphs per document, title line included (default 30). */
  paragraphsPerDocument?: number;
  /** Share of documents written as GB18030 instead of UTF-8, to exercise legacy decoding (default 0.1). */
  legacyEncodingShare?: number;
  seed?: number;
}

const CLAUSE_BREAK = /[，,、；;：:。！？!?]+/u;

/** Reads the seed meetings and cuts their cleaned paragraphs into clauses; throws when the seeds yield none. */
export async function loadVocabulary(seedsDir: string): Promise<Vocabulary> {
  const { meetings } = await loadCorpus(seedsDir);
  const clauses = new Set<string>();
  for (const meeting of meetings) {
    for (const paragraph of meeting.paragraphs) {
      for (const sentence of splitSentences(paragraph.text)) {
        for (const clause of sentence.split(CLAUSE_BREAK)) {
          const trimmed = clause.trim();
          if (trimmed.length >= 4 && trimmed.length <= 40 && /\p{Script=Han}/u.test(trimmed)) clauses.add(trimmed);
        }
      }
    }
  }
  if (clauses.size === 0) throw new Error(`no usable text in the seeds at ${seedsDir}`);
  return { clauses: [...clauses], titles: meetings.map((meeting) => meeting.title).filter(Boolean) };
}

/** A sentence of two to four random clauses. */
function makeSentence(vocabulary: Vocabulary, random: Random): string {
  const count = random.int(2, 4);
  return `${Array.from({ length: count }, () => random.pick(vocabulary.clauses)).join('，')}。`;
}

/**
 * A paragraph of realistic length that still makes exactly one chunk: the chunker joins sentences with a newline,
 * so the text plus one character per sentence stays within `chunkSize`.
 */
export function makeParagraph(vocabulary: Vocabulary, random: Random, chunkSize: number): string {
  const target = random.int(Math.floor(chunkSize * 0.4), Math.floor(chunkSize * 0.9));
  const sentences: string[] = [];
  let length = 0;
  for (let attempt = 0; attempt < 20 && length < target; attempt++) {
    const sentence = makeSentence(vocabulary, random);
    if (length + sentence.length + sentences.length + 1 > chunkSize) continue;
    sentences.push(sentence);
    length += sentence.length;
  }
  return sentences.length > 0 ? sentences.join('') : `${random.pick(vocabulary.clauses)}。`;
}

/**
 * Writes `chunks` paragraphs as numbered `.txt` documents (a title line, then body paragraphs) built from the seed
 * vocabulary with a seeded PRNG; returns the number of files written.
 */
export async function writeSyntheticCorpus(options: SyntheticCorpusOptions): Promise<number> {
  const random = createRandom(options.seed ?? 20240506);
  const perDocument = Math.max(2, options.paragraphsPerDocument ?? 30);
  const legacyShare = options.legacyEncodingShare ?? 0.1;
  await mkdir(options.dir, { recursive: true });
  let files = 0;
  for (let written = 0; written < options.chunks; files++) {
    const count = Math.min(perDocument, options.chunks - written);
    const title = `${random.pick(options.vocabulary.titles.length > 0 ? options.vocabulary.titles : ['会议'])}（${files + 1}）`;
    const lines = [title.slice(0, options.chunkSize - 1)];
    while (lines.length < count) lines.push(makeParagraph(options.vocabulary, random, options.chunkSize));
    const text = `${lines.join('\n')}\n`;
    const bytes = random.next() < legacyShare ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    await writeFile(join(options.dir, `synthetic_${String(files).padStart(6, '0')}.txt`), bytes);
    written += count;
  }
  return files;
}

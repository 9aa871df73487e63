import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Meeting } from './meeting.js';

/** A piece of one paragraph: the unit that is embedded and searched. */
export interface Chunk {
  meetingId: string;
  paragraph: number;
  /** Character offsets into the paragraph text, end exclusive. */
  start: number;
  end: number;
  text: string;
}

/** Sentence ends: Chinese 。！？；, and ASCII ;!? only between CJK characters; the mark stays with its sentence. */
const SENTENCE_END = /(?<=[。！？；]["”’』」)）]*)(?!["”’』」)）])|(?<=\p{Script=Han}[;!?])(?=\p{Script=Han})/u;

/** Splits text into sentences, keeping each end mark (and a closing quote) on its own sentence. */
export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).filter((sentence) => sentence.length > 0);
}

/** Sentences, with a colon that introduces a numbered list (`抓好三项工作:一是…`) also ending a clause. */
export function splitClauses(text: string): string[] {
  return splitSentences(text).flatMap((sentence) =>
    sentence.split(/(?<=[:：])(?=\s*[一二三四五六七八九十]+(?:是|要))/u).filter((clause) => clause.length > 0),
  );
}

/** Splitting parameters, in characters. */
export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}

const SENTENCE_JOINT = '\n';

/** Chunks every paragraph of a meeting (never across paragraphs) with LangChain's recursive splitter over sentences. */
export async function chunkMeeting(meeting: Meeting, options: ChunkOptions): Promise<Chunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    separators: [SENTENCE_JOINT, ',', '，', '、', ''],
    keepSeparator: false,
  });
  const chunks: Chunk[] = [];
  for (const paragraph of meeting.paragraphs) {
    const pieces = await splitter.splitText(splitSentences(paragraph.text).join(SENTENCE_JOINT));
    let cursor = 0;
    for (const piece of pieces) {
      const text = piece.split(SENTENCE_JOINT).join('');
      const start = paragraph.text.indexOf(text, Math.max(0, cursor - options.chunkOverlap - 1));
      if (start < 0 || text.length === 0) continue;
      chunks.push({ meetingId: meeting.id, paragraph: paragraph.n, start, end: start + text.length, text });
      cursor = start + text.length;
    }
  }
  return chunks;
}

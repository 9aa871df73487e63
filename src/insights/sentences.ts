/** Splits paragraphs into sentences and clauses, keeping offsets so extracted text stays a slice of the paragraph. */

/** A slice of a paragraph: `text === paragraph.slice(start, end)`. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/** Sentences end at 。！？ and at semicolons (the reports chain tasks with ；); the end mark stays with its sentence. */
export function splitSentences(paragraph: string): Span[] {
  const spans: Span[] = [];
  const pattern = /[^。！？!?；;]+[。！？!?；;]*[”"」]?/gu;
  for (const match of paragraph.matchAll(pattern)) {
    const raw = match[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) spans.push({ text, start: match.index + lead, end: match.index + lead + text.length });
  }
  return spans;
}

/** Splits a sentence at commas and colons into clauses (offsets relative to the sentence). */
export function splitClauses(sentence: string): Span[] {
  const spans: Span[] = [];
  const pattern = /[^，,：:]+[，,：:]?/gu;
  for (const match of sentence.matchAll(pattern)) {
    spans.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

/** Drops trailing commas, colons and semicolons from a cut piece of text. */
export function trimPunctuation(text: string): string {
  return text.replace(/[，,：:；;、\s]+$/u, '').replace(/^[，,：:；;、\s]+/u, '');
}

/** Titles and subtitles (short, without a sentence end) repeat the body: never tasks or statements themselves. */
export function isHeadline(text: string): boolean {
  return text.length <= 40 && !/[。；;！？!?]/u.test(text);
}

import type { Meeting, Paragraph } from '../corpus/meeting.js';
import { toScript } from '../corpus/script.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';

/** A paragraph an answer cites: the meeting and its paragraph. */
export interface Source {
  meeting: Meeting;
  paragraph: Paragraph;
}

/** A sentence quoted from a paragraph, in the document's wording. */
export interface Quote extends Source {
  text: string;
}

/** An extractive answer: quoted sentences with `[n]` markers, and the paragraphs cited, in citation order. */
export interface ExtractiveAnswer {
  text: string;
  sources: Source[];
}

/** Options of `renderQuotes`: a line of text before the quotes, and headings that start a new line per group. */
export interface RenderOptions {
  /** Said before the quotes (already in the reader's language). */
  intro?: string;
  /** Said after the quotes (already in the reader's language). */
  outro?: string;
  /** One heading per quote index that starts a group on its own line (`#4《…》：`). */
  headings?: ReadonlyMap<number, string>;
}

/** Renders quotes with `[n]` markers numbered by first use (one number per paragraph), in the reader's script. */
export function renderQuotes(
  quotes: readonly Quote[],
  language: ReplyLanguage,
  options: RenderOptions = {},
): ExtractiveAnswer {
  const sources: Source[] = [];
  const script = scriptOf(language);
  const separator = language === 'en' ? ' ' : '';
  const parts: string[] = [];
  quotes.forEach((quote, i) => {
    let n = sources.findIndex((s) => s.meeting.id === quote.meeting.id && s.paragraph.n === quote.paragraph.n);
    if (n < 0) n = sources.push({ meeting: quote.meeting, paragraph: quote.paragraph }) - 1;
    const heading = options.headings?.get(i);
    const sentence = `${toScript(quote.text, script)}[${n + 1}]`;
    parts.push(
      heading !== undefined ? `${parts.length > 0 ? '\n' : ''}${heading}${sentence}` : `${separator}${sentence}`,
    );
  });
  const english = language === 'en' ? say(language, '', 'The meetings say (quoted in Chinese): ') : '';
  const intro = options.intro ? `${options.intro}${options.headings ? '\n' : ''}` : english;
  const body = parts.join('').replace(/^ /u, '');
  const outro = options.outro ? `${options.headings ? '\n' : ''}${options.outro}` : '';
  return { text: `${intro}${body}${outro}`, sources };
}

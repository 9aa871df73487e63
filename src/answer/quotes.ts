import type { Meeting, Paragraph } from '../corpus/meeting.js';
import { toScript } from '../corpus/script.js';
import { type ReplyLanguage, say, scriptOf } from './language.js';

/** A paragraph an answer cites: the meeting and its paragraph. */
export interface Source {
  meeting: Meeting;
  paragraph: Paragraph;
  /** A further passage listed under "related passages": shown as a source, not quoted as a claim. */
  related?: boolean;
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
  /** Further passages cited after the quotes under a "related passages" label (not quoted, so no claim). */
  related?: readonly Source[];
}

/** Related passages are added only while an answer cites fewer paragraphs than this. */
export const MAX_CITED_PARAGRAPHS = 5;

/** The label before the related passages' markers, per reply language. */
function relatedLabel(language: ReplyLanguage): string {
  return say(language, '相关段落：', 'Related passages: ');
}

/**
 * Renders quotes with `[n]` markers numbered by first use (one number per paragraph), in the reader's script; then,
 * on a line of their own under "相关段落：", markers for the related passages not quoted, up to `MAX_CITED_PARAGRAPHS`
 * citations in all.
 */
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
  const related = (options.related ?? [])
    .filter(
      (source) => !sources.some((s) => s.meeting.id === source.meeting.id && s.paragraph.n === source.paragraph.n),
    )
    .slice(0, Math.max(0, MAX_CITED_PARAGRAPHS - sources.length));
  const markers = related.map((source) => `[${sources.push({ ...source, related: true })}]`).join('');
  const seeAlso = markers ? `\n${toScript(relatedLabel(language), script)}${markers}` : '';
  return { text: `${intro}${body}${outro}${seeAlso}`, sources };
}

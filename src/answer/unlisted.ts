import { splitClauses } from '../corpus/chunk.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import { NUMERALS } from './enumerations.js';
import { type ReplyLanguage, say } from './language.js';
import type { Quote } from './quotes.js';

/** A named set with its size in its name: 三大片区, 「文明创建八大行动」. */
const COUNTED_NAME = /[一二三四五六七八九十两]大[\p{Script=Han}]{1,4}/u;
/** A quoted name may also count in 项 or in hundreds: 「百项攻坚」 (unquoted, 三项工作 is too common to be a name). */
const QUOTED_COUNTED_NAME = /[一二三四五六七八九十两百千](?:大|项)[\p{Script=Han}]{1,4}/u;
const QUOTED = /[“「"『]([^”」"』]{2,16})[”」"』]/gu;

/**
 * The set a list question names with its size in its name (“三大片区”, 「文明创建八大行动」, 八大行动): the quoted
 * name when there is one, else the counted words. Undefined when the question names no such set.
 */
export function namedSetOf(question: string): string | undefined {
  const normalized = normalizeText(question);
  const quoted = [...normalized.matchAll(QUOTED)].map((m) => m[1] ?? '').find((name) => QUOTED_COUNTED_NAME.test(name));
  return quoted ?? normalized.match(COUNTED_NAME)?.[0];
}

/** The longest start of `name` (at least its size and two characters) that the passages contain: 三大片区 of 三大片区分别. */
function nameInPassages(name: string, passages: readonly Passage[]): string | undefined {
  const texts = passages.slice(0, 3).map((p) => normalizeText(p.paragraph.text));
  const shortest = (name.match(QUOTED_COUNTED_NAME)?.index ?? 0) + 4;
  for (let end = name.length; end >= shortest; end--) {
    const start = name.slice(0, end);
    if (texts.some((text) => text.includes(start))) return start;
  }
  return undefined;
}

/** What a set's answer says: that the reports do not list it (no intro when one sentence does), then the quotes. */
export interface UnlistedAnswer {
  intro?: string;
  quotes: Quote[];
}

/** True when the sentence lists the set's items just before naming it (“新城建设、房地产新政、日本大地震”这三大机遇). */
function listsInline(sentence: string, name: string): boolean {
  const size = NUMERALS[name.match(/([一二三四五六七八九十两])大/u)?.[1] ?? ''];
  const at = sentence.indexOf(name);
  const before = sentence.slice(0, at).match(/[“"]([^”"]+)[”"](?:这|等)?$/u)?.[1];
  return size !== undefined && before !== undefined && before.split('、').length === size;
}

/**
 * When the reports mention a named set without listing it (组织好文明创建八大行动, and nothing more): says so first
 * (`没有提到`), then quotes the sentences that mention it, from the best three passages; a sentence that lists the
 * items inline before the name is the answer itself. Undefined when the `list` found leads with the set's name or no
 * sentence mentions the set.
 */
export function composeUnlisted(
  asked: string,
  list: readonly Quote[] | undefined,
  passages: Passage[],
  language: ReplyLanguage,
): UnlistedAnswer | undefined {
  const name = nameInPassages(asked, passages);
  // The list found leads with the set's name: it is the set's own list.
  if (!name || (list?.[0] && normalizeText(list[0].text).includes(name))) return undefined;
  const quotes: Quote[] = [];
  for (const { meeting, paragraph } of passages.slice(0, 3)) {
    for (const sentence of splitClauses(paragraph.text)) {
      const text = sentence.trim();
      if (normalizeText(text).includes(name) && !quotes.some((q) => q.text === text))
        quotes.push({ meeting, paragraph, text });
    }
  }
  if (quotes.length === 0) return undefined;
  const listing = quotes.find((quote) => listsInline(normalizeText(quote.text), name));
  if (listing) return { quotes: [listing] };
  const intro = say(
    language,
    `会议报告没有提到“${name}”具体是哪些。相关内容：`,
    `The reports do not list what “${name}” consists of. What they say (quoted in Chinese): `,
  );
  return { intro, quotes: quotes.slice(0, 2) };
}

/** `“A”、“B”…等N个方面`: a list of quoted items, then its size. */
const INLINE_LIST =
  /((?:[“"][^”"]{2,16}[”"][、,，]?){2,})(?:等|这)?([一二三四五六七八九十两])(?:个)?(?:方面|项|点|条|大)/u;

/**
 * The sentence of the best three passages that lists the asked number (any, when `count` is undefined) of quoted items inline (要从“统一政策、严格执行”、
 * …等五个方面做好拆迁工作) and says more of the question's `words` than the list found (whose lead or items may only
 * touch them). Undefined when there is none.
 */
export function inlineListQuote(
  count: number | undefined,
  words: readonly string[],
  list: readonly Quote[] | undefined,
  passages: Passage[],
): Quote | undefined {
  if (words.length === 0) return undefined;
  const said = (text: string) => words.filter((word) => normalizeText(text).includes(word)).length;
  const listSays = list?.[0] ? said(list[0].text) : 0;
  for (const { meeting, paragraph } of passages.slice(0, 3)) {
    for (const sentence of splitClauses(paragraph.text)) {
      const match = normalizeText(sentence).match(INLINE_LIST);
      const items = match?.[1]?.match(/[“"][^”"]+[”"]/gu)?.length ?? 0;
      const size = NUMERALS[match?.[2] ?? ''];
      if (match && size === items && (count === undefined || size === count) && said(sentence) > listSays)
        return { meeting, paragraph, text: sentence.trim() };
    }
  }
  return undefined;
}

import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';
import type { Passage } from '../search/retriever.js';
import type { QuestionIntent } from './classify.js';
import { composeAcross, type SearchMeeting } from './compose-across.js';
import { composeList } from './compose-list.js';
import { composePattern } from './compose-pattern.js';
import { composePeople } from './compose-people.js';
import { countedPhraseQuote } from './counted-phrase.js';
import { ordinalOf } from './enumerations.js';
import { pickFactQuotes } from './extractive.js';
import { growthQuote } from './indicators.js';
import type { ReplyLanguage } from './language.js';
import { askedDetail, detailQuote, missingIntro, onTopicQuotes, topicWords } from './missing.js';
import { composeNamedList } from './named-list.js';
import { type ExtractiveAnswer, type Quote, renderQuotes, type Source } from './quotes.js';
import { relevantPassages } from './relevance.js';
import { sentenceListQuote } from './sentence-list.js';
import { composeUnlisted, inlineListQuote, namedSetOf } from './unlisted.js';

/** A list question that asks for aspects without a number (从哪几个方面, 哪些方面). */
const ASKS_ASPECTS = /(?:哪几|哪些|几)个?方面/u;

/** What the offline composers need: the question read once, its passages, the meetings and a per-meeting search. */
export interface ComposeContext {
  question: string;
  intent: QuestionIntent;
  passages: Passage[];
  /** Where related passages are picked from, best first (default `passages`; may reach deeper). */
  candidates?: Passage[];
  meetings: readonly Meeting[];
  search: SearchMeeting;
  language: ReplyLanguage;
}

/**
 * The retrieved passages the quotes do not cite, best first, listed after the answer as related passages: those of
 * a quoted meeting, and those of other meetings that are about the question (`relevantPassages`) unless the question
 * names its meeting.
 */
function relatedSources({ intent, passages, candidates }: ComposeContext, quotes: readonly Quote[]): Source[] {
  const quoted = new Set(quotes.map((quote) => quote.meeting.id));
  const pool = candidates ?? passages;
  const relevant = new Set(intent.namedByPlace ? [] : relevantPassages(intent.topic, pool));
  return pool
    .filter((passage) => quoted.has(passage.meeting.id) || relevant.has(passage))
    .map(({ meeting, paragraph }) => ({ meeting, paragraph }));
}

/**
 * A single fact: the best sentences, the one that states the asked detail first, or prefixed with "the reports do
 * not say …" when none states it.
 */
function composeFact(context: ComposeContext): ExtractiveAnswer {
  const { intent, passages, language } = context;
  const quotes = pickFactQuotes(intent.topic, passages, { oneMeeting: intent.namedByPlace });
  const first = quotes[0];
  const related = relatedSources(context, quotes);
  const detail = askedDetail(context.question, intent.detail);
  if (!detail || !first) return renderQuotes(quotes, language, { related });
  const heading = `${first.meeting.title} ${first.meeting.place}`;
  // The sentence that states the asked date or figure leads (and is cited first); the others follow in their order.
  const stating = detailQuote(detail, quotes, intent.topic, heading);
  if (stating) return renderQuotes([stating, ...quotes.filter((q) => q !== stating)], language, { related });
  const intro = missingIntro(detail, language);
  // Asked the growth figure the report does not give (GDP增长了多少), its words on how the economy did lead.
  const growth = detail === 'amount' ? growthQuote(intent.topic, passages, first.meeting.id) : undefined;
  const rest = onTopicQuotes(quotes, intent.topic).filter((q) => !growth || q.text !== growth.text);
  return renderQuotes(growth ? [growth, ...rest.slice(0, 2)] : rest, language, { intro, related });
}

/**
 * Composes the offline answer with the composer of the question's kind (across meetings, people, list, single
 * fact); a kind whose composer finds nothing falls back to the single-fact answer.
 */
export async function composeOffline(context: ComposeContext): Promise<ExtractiveAnswer> {
  const { intent, passages, language } = context;
  if (intent.kind === 'across') {
    const across = await composeAcross(intent, context.meetings, context.search, language);
    if (across) return renderQuotes(across.quotes, language, across.options);
    // No meeting says it: nothing to quote (the caller declines), rather than a tangential sentence.
    return { text: '', sources: [] };
  }
  // Items asked for by their shape (哪几个“以……”): the clauses of that shape, whatever the question's kind.
  const shaped = composePattern(context.question, intent.named, passages);
  if (shaped) return renderQuotes(shaped, language);
  if (intent.kind === 'people') {
    const top = passages[0]?.meeting;
    const scope = intent.named.length > 0 ? intent.named : top ? [top] : [];
    const people = composePeople(intent, context.question, scope, language, passages[0]?.paragraph.text);
    if (people && people.quotes.length > 0)
      return renderQuotes(people.quotes, language, people.intro ? { intro: people.intro } : {});
  }
  // 那个十六字: the formula of that length answers, whatever kind of question frames it.
  const formula = countedPhraseQuote(context.question, passages);
  if (formula) return renderQuotes([formula], language, { related: relatedSources(context, [formula]) });
  if (intent.kind === 'list') {
    const list = composeList(intent, passages, ordinalOf(normalizeText(context.question)));
    // A set named with its size (“三大片区”) that no list leads with is mentioned, not listed: say so.
    const set = namedSetOf(context.question);
    const unlisted = set ? composeUnlisted(set, list, passages, language) : undefined;
    if (unlisted) return renderQuotes(unlisted.quotes, language, unlisted.intro ? { intro: unlisted.intro } : {});
    // The asked number of quoted items in one sentence about the topic beats a list that only touches it; asked
    // 哪几个方面 with no number, such a sentence answers when no list does.
    const words = topicWords(intent.topic, intent.named.map((m) => `${m.title} ${m.place}`).join(' '));
    const asksAspects = !list && ASKS_ASPECTS.test(normalizeText(context.question));
    const inline = intent.count || asksAspects ? inlineListQuote(intent.count, words, list, passages) : undefined;
    if (inline) return renderQuotes([inline], language);
    if (list) return renderQuotes(list, language);
    // 哪几个工作专班: a list run inside one sentence (names joined by 、, parallel pairs) answers when no list does.
    const sentence = sentenceListQuote(intent, passages);
    if (sentence) return renderQuotes([sentence], language, { related: relatedSources(context, [sentence]) });
  }
  // 五个全力以赴具体指什么: the list the text names by that count and phrase answers, however the question reads.
  const named = composeNamedList(context.question, intent.named, passages, ordinalOf(normalizeText(context.question)));
  if (named) return renderQuotes(named, language);
  return composeFact(context);
}

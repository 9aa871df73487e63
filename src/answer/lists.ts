import { splitClauses } from '../corpus/chunk.js';
import { normalizeText } from '../corpus/script.js';
import { isEnumeration, type Passage, queryCoverage } from '../search/retriever.js';

/** A sentence of a retrieved paragraph, scored against the question. */
export interface Candidate {
  passage: Passage;
  passageRank: number;
  position: number;
  text: string;
  score: number;
}

const LIST_QUESTION = /哪(?:些|几|[一二三四五六七八九十两\d]+)|包括|分别|有几|几项|几点|几个方面/u;
const ITEM_HEAD =
  /^\s*(?:[一二三四五六七八九十]+(?:是|要)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/u;
const SECTION_HEAD = /^\s*[一二三四五六七八九十]+、/u;
const ANNOUNCES_LIST = /[一二三四五六七八九十两\d]+(?:点|个方面|项|条)/u;

/** True for questions that ask for a list (哪五个, 哪些, 包括, 分别, 几点). */
export function isListQuestion(question: string): boolean {
  return LIST_QUESTION.test(normalizeText(question));
}

/** A list answers the question when its lead does, or when most of its items share the question's words. */
function isOnTopic(lead: Candidate | undefined, items: Candidate[], words: string[]): boolean {
  if (lead && queryCoverage(words, lead.text) >= 0.5) return true;
  return items.filter((item) => queryCoverage(words, item.text) > 0).length * 2 >= items.length;
}

/** Item heads within one paragraph (一是…二是…), preceded by the sentence that introduces them. */
function listInParagraph(best: Candidate, candidates: Candidate[], words: string[]): Candidate[] | undefined {
  if (!isEnumeration(normalizeText(best.passage.paragraph.text))) return undefined;
  const siblings = candidates.filter((c) => c.passage === best.passage);
  const items = siblings.filter((c) => ITEM_HEAD.test(c.text));
  if (items.length < 2) return undefined;
  const lead = siblings[siblings.indexOf(items[0] as Candidate) - 1];
  if (!isOnTopic(lead, items, words)) return undefined;
  return lead && lead.score > 0 ? [lead, ...items] : items;
}

/** Numbered sections of the meeting (一、…) announced by the best sentence (我再强调五点意见): their headings. */
function listOfSections(best: Candidate): Candidate[] | undefined {
  const { meeting } = best.passage;
  const sections = meeting.paragraphs.filter((p) => SECTION_HEAD.test(p.text));
  const first = sections[0];
  if (!first || sections.length < 2) return undefined;
  if (best.passage.paragraph.n !== first.n - 1 || !ANNOUNCES_LIST.test(normalizeText(best.text))) return undefined;
  const headings = sections.map((paragraph) => ({
    ...best,
    passage: { ...best.passage, paragraph, chunk: { start: 0, end: paragraph.text.length, text: paragraph.text } },
    text: (splitClauses(paragraph.text)[0] ?? paragraph.text).trim(),
  }));
  return [best, ...headings];
}

/** For list questions: the best-matching list (its lead, then its items in order), or undefined to answer normally. */
export function pickList(candidates: Candidate[], ranked: Candidate[], words: string[]): Candidate[] | undefined {
  const floor = (ranked[0]?.score ?? 0) * 0.7;
  for (const best of ranked) {
    if (best.score < floor) break;
    const list = listInParagraph(best, candidates, words) ?? listOfSections(best);
    if (list) return list;
  }
  return undefined;
}

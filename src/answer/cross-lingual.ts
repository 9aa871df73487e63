import { UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';

/** Rules of the search-terms step: a non-Chinese question becomes Chinese words to search the reports with. */
export const SEARCH_TERMS_RULES = [
  'You turn a question about Chinese local-government meeting reports into Chinese search terms.',
  'Reply with ONE line: the question translated into simplified Chinese, then its key terms, separated by spaces.',
  'Write place names in Chinese characters (Qianjiang → 黔江区, Zhonglou → 钟楼区). No explanations.',
].join('\n');

/** Longest search-terms line kept, in characters. */
const MAX_TERMS_CHARS = 200;

/**
 * Asks the model for Chinese search terms of a non-Chinese question (the first line with Han characters of its
 * reply), or undefined when it gives none. Throws UpstreamError when the call fails.
 */
export async function toChineseSearchTerms(chat: ChatModel, question: string): Promise<string | undefined> {
  const reply = await chat.complete(
    [
      { role: 'system', content: SEARCH_TERMS_RULES },
      { role: 'user', content: question },
    ],
    { maxTokens: 200 },
  );
  const line = reply
    .split('\n')
    .map((text) => text.trim())
    .find((text) => /\p{Script=Han}/u.test(text));
  return line?.slice(0, MAX_TERMS_CHARS);
}

/**
 * The query to search with for a non-Chinese question: the model's Chinese search terms, or `fallback` (logged)
 * when the model fails or gives none; never throws UpstreamError.
 */
export async function searchQueryFor(
  chat: ChatModel,
  question: string,
  fallback: string,
  logger: Logger,
): Promise<string> {
  try {
    const terms = await toChineseSearchTerms(chat, question);
    if (terms) return terms;
    logger.warn('LLM gave no Chinese search terms; searching with the question as asked');
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    logger.warn(`LLM search terms failed (${error.reason}); searching with the question as asked`, { error });
  }
  return fallback;
}

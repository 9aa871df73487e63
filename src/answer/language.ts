import { detectScript, isMostlyHan, type Script, toScript } from '../corpus/script.js';

/** How to reply: Chinese in the question's script, or English. */
export type ReplyLanguage = 'zh-Hans' | 'zh-Hant' | 'en';

/** Picks the reply language from the question: traditional, simplified, or English for non-Chinese text. */
export function detectReplyLanguage(question: string): ReplyLanguage {
  if (!isMostlyHan(question)) return 'en';
  return detectScript(question) === 'traditional' ? 'zh-Hant' : 'zh-Hans';
}

/** The Chinese script of a reply language (`none` for English: quotes stay as written). */
export function scriptOf(language: ReplyLanguage): Script {
  if (language === 'zh-Hant') return 'traditional';
  if (language === 'zh-Hans') return 'simplified';
  return 'none';
}

/** Picks the message for the language; the simplified text is converted for traditional readers. */
export function say(language: ReplyLanguage, simplified: string, english: string): string {
  if (language === 'en') return english;
  return toScript(simplified, scriptOf(language));
}

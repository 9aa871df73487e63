import * as OpenCC from 'opencc-js';

/** Which Chinese script a text is written in; `none` when it has no convertible Han characters. */
export type Script = 'simplified' | 'traditional' | 'none';

const toSimplifiedConverter = OpenCC.Converter({ from: 't', to: 'cn' });
const toTraditionalConverter = OpenCC.Converter({ from: 'cn', to: 't' });

/** Converts traditional Chinese to simplified; length-preserving for the seed texts (OpenCC character tables). */
export function toSimplified(text: string): string {
  return toSimplifiedConverter(text);
}

/** Converts simplified Chinese to traditional (OpenCC standard traditional). */
export function toTraditional(text: string): string {
  return toTraditionalConverter(text);
}

/** The form every index and comparison uses: simplified script, NFKC width folding, lower case. */
export function normalizeText(text: string): string {
  return toSimplified(text).normalize('NFKC').toLowerCase();
}

const normalizedCache = new Map<string, string>();
const NORMALIZED_CACHE_SIZE = 20_000;

/** `normalizeText` memoized for texts seen again and again at query time (paragraphs, sentences); bounded. */
export function normalizeCached(text: string): string {
  let normalized = normalizedCache.get(text);
  if (normalized === undefined) {
    if (normalizedCache.size >= NORMALIZED_CACHE_SIZE) normalizedCache.clear();
    normalized = normalizeText(text);
    normalizedCache.set(text, normalized);
  }
  return normalized;
}

/** Tells the script by counting characters each conversion would change. */
export function detectScript(text: string): Script {
  let traditional = 0;
  let simplified = 0;
  const simple = toSimplified(text);
  const trad = toTraditional(text);
  for (let i = 0; i < text.length; i++) {
    if (simple[i] !== text[i]) traditional++;
    if (trad[i] !== text[i]) simplified++;
  }
  if (traditional === 0 && simplified === 0) return /\p{Script=Han}/u.test(text) ? 'simplified' : 'none';
  return traditional > simplified ? 'traditional' : 'simplified';
}

/** Renders text in the given script; `none` leaves it unchanged. */
export function toScript(text: string, script: Script): string {
  if (script === 'traditional') return detectScript(text) === 'traditional' ? text : toTraditional(text);
  if (script === 'simplified') return toSimplified(text);
  return text;
}

/** True when the text is mostly Han characters (so character overlap is meaningful). */
export function isMostlyHan(text: string): boolean {
  const letters = text.match(/[\p{L}]/gu) ?? [];
  if (letters.length === 0) return false;
  const han = letters.filter((ch) => /\p{Script=Han}/u.test(ch)).length;
  return han / letters.length >= 0.5;
}

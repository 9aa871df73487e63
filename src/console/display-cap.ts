/** Caps how much of a paragraph `search`/`ask` print: the full text stays one `/source N` (or `--full`) away. */

/** Characters (code points) of a paragraph shown in search results and answer citations. */
export const DISPLAY_MAX_CHARS = 1000;

/** A paragraph's text as displayed: at most `maxChars` code points then `…`; `length` is the whole paragraph's. */
export interface DisplayText {
  text: string;
  truncated: boolean;
  length: number;
}

/** Cuts `text` to `maxChars` code points (never splitting a surrogate pair), saying whether it did and how long it was. */
export function capDisplayText(text: string, maxChars = DISPLAY_MAX_CHARS): DisplayText {
  let length = 0;
  let cut = text.length;
  for (let i = 0; i < text.length; ) {
    if (length === maxChars) cut = i;
    const code = text.codePointAt(i) ?? 0;
    i += code > 0xffff ? 2 : 1;
    length += 1;
  }
  const truncated = length > maxChars;
  return { text: truncated ? `${text.slice(0, cut)}…` : text, truncated, length };
}

/** The terminal line that follows a capped paragraph. */
export function truncationNote(display: DisplayText, howToSeeAll: string): string {
  return `（已截断，全文 ${display.length} 字，${howToSeeAll} · truncated, ${display.length} characters in full）`;
}

/**
 * Caps an answer that quotes a huge paragraph: keeps the first `maxChars` code points and appends `…` plus the `[n]`
 * markers of the part cut off, so every citation stays visible (and `/source N` shows the whole paragraph).
 */
export function capAnswerText(answer: string, maxChars = DISPLAY_MAX_CHARS): DisplayText {
  const capped = capDisplayText(answer, maxChars);
  if (!capped.truncated) return capped;
  const head = capped.text.slice(0, -1);
  const shown = new Set(head.match(/\[\d+\]/g) ?? []);
  const cutMarkers = [...new Set(answer.slice(head.length).match(/\[\d+\]/g) ?? [])].filter((m) => !shown.has(m));
  return { ...capped, text: `${capped.text}${cutMarkers.join('')}` };
}

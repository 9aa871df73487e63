/** Small helpers for Telegram's HTML parse mode. */

/** Escapes `&`, `<` and `>` (and `"`) so any text is safe inside Telegram HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Shortens `text` to at most `maxChars` code points, ending with `…` when cut (default 20). */
export function shorten(text: string, maxChars = 20): string {
  const chars = [...text.trim()];
  return chars.length <= maxChars ? chars.join('') : `${chars.slice(0, maxChars - 1).join('')}…`;
}

/**
 * Escapes `text` like `escapeHtml`, keeping the result within `maxLength` UTF-16 units: when it would not fit, it is
 * cut between code points (never inside an escape or a surrogate pair) and ends with `…`.
 */
export function escapeHtmlWithin(text: string, maxLength: number): string {
  const escaped = escapeHtml(text);
  if (escaped.length <= maxLength) return escaped;
  const budget = maxLength - 1;
  let out = '';
  for (const char of text) {
    const piece = escapeHtml(char);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return `${out}…`;
}

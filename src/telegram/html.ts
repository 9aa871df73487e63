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

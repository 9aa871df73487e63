/** Splits Telegram HTML into messages that fit the 4096-character limit without breaking tags or entities. */

/** Telegram's maximum message length in UTF-16 code units. */
export const MAX_MESSAGE_LENGTH = 4096;

interface Token {
  text: string;
  /** Tag name for tags, '' for text and entities. */
  tag: string;
  closing: boolean;
}

interface Cut {
  /** Number of tokens of the current chunk before the cut. */
  index: number;
  open: Token[];
}

const TOKEN_PATTERN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&[#a-zA-Z0-9]+;|[\s\S]/gu;
const SENTENCE_END = /^[。！？.!?\n]$/u;

function tokenize(html: string): Token[] {
  return [...html.matchAll(TOKEN_PATTERN)].map((match) => ({
    text: match[0],
    tag: match[1]?.toLowerCase() ?? '',
    closing: match[0].startsWith('</'),
  }));
}

const closers = (open: Token[]): string =>
  open
    .map((token) => `</${token.tag}>`)
    .reverse()
    .join('');

function applyTag(open: Token[], token: Token): Token[] {
  if (token.tag === '') return open;
  if (!token.closing) return [...open, token];
  const at = open.map((t) => t.tag).lastIndexOf(token.tag);
  return at === -1 ? open : [...open.slice(0, at), ...open.slice(at + 1)];
}

const isSentenceEnd = (token: Token): boolean => token.tag === '' && SENTENCE_END.test(token.text);

const isBlank = (html: string): boolean => html.replace(/<[^>]*>/g, '').trim() === '';

/**
 * Splits `html` into chunks of at most `maxLength` (default 4096) characters, preferring sentence ends
 * (。！？.!? or newline); open tags are closed at a cut and reopened in the next chunk.
 */
export function splitHtmlMessage(html: string, maxLength = MAX_MESSAGE_LENGTH): string[] {
  if (html.length <= maxLength) return [html];
  const chunks: string[] = [];
  let prefix: Token[] = [];
  let current: Token[] = [];
  let length = 0;
  let open: Token[] = [];
  let lastCut: Cut | undefined;

  const flush = (cut: Cut) => {
    const body = [...prefix.map((t) => t.text), ...current.slice(0, cut.index).map((t) => t.text)].join('');
    const chunk = `${body}${closers(cut.open)}`.trim();
    if (!isBlank(chunk)) chunks.push(chunk);
    const rest = current.slice(cut.index);
    while (rest[0]?.text.trim() === '' && rest[0].tag === '') rest.shift();
    prefix = cut.open;
    current = rest;
    length = [...prefix, ...current].reduce((sum, t) => sum + t.text.length, 0);
    lastCut = undefined;
    let state = prefix;
    current.forEach((token, i) => {
      state = applyTag(state, token);
      if (isSentenceEnd(token)) lastCut = { index: i + 1, open: state };
    });
  };

  for (const token of tokenize(html)) {
    const nextOpen = applyTag(open, token);
    if (length + token.text.length + closers(nextOpen).length > maxLength && current.length > 0) {
      flush(lastCut ?? { index: current.length, open });
    }
    current.push(token);
    length += token.text.length;
    open = nextOpen;
    if (isSentenceEnd(token)) lastCut = { index: current.length, open };
  }
  flush({ index: current.length, open: [] });
  return chunks;
}

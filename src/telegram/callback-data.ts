/** Inline-button payloads: short ASCII strings well under Telegram's 64-byte callback_data limit. */

/** What a button asks for: open a cited paragraph, move to a neighbouring one, or summarize a meeting. */
export type CallbackAction =
  | { kind: 'paragraph'; meeting: number; paragraph: number }
  | { kind: 'navigate'; meeting: number; paragraph: number }
  | { kind: 'summary'; meeting: number };

const PATTERN = /^(p|n):(\d{1,6}):(\d{1,7})$|^s:(\d{1,6})$/;

/** Encodes an action as callback data such as `p:4:12` (meeting number 4, paragraph 12). */
export function encodeCallback(action: CallbackAction): string {
  switch (action.kind) {
    case 'paragraph':
      return `p:${action.meeting}:${action.paragraph}`;
    case 'navigate':
      return `n:${action.meeting}:${action.paragraph}`;
    case 'summary':
      return `s:${action.meeting}`;
  }
}

/** Decodes callback data made by `encodeCallback`; undefined for anything else. */
export function decodeCallback(data: string): CallbackAction | undefined {
  const match = PATTERN.exec(data);
  if (!match) return undefined;
  if (match[4] !== undefined) return { kind: 'summary', meeting: Number(match[4]) };
  const kind = match[1] === 'p' ? 'paragraph' : 'navigate';
  return { kind, meeting: Number(match[2]), paragraph: Number(match[3]) };
}

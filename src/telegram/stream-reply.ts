/**
 * Live preview of a streamed LLM answer: a message draft (sendMessageDraft) in private chats, one message edited at
 * most every ~1.5 s in groups; the verified answer then replaces the preview.
 */
import type { Context } from 'grammy';
import type { Logger } from '../logger.js';
import type { RenderedMessage } from './format.js';
import { replyHtml } from './reply.js';
import { MAX_MESSAGE_LENGTH, splitHtmlMessage } from './split-message.js';

/** How often a preview may change, in milliseconds. */
export interface StreamIntervals {
  /** Between drafts in private chats (default 500). */
  privateMs: number;
  /** Between edits of the preview message in groups (default 1500, well within 20 messages a minute). */
  groupMs: number;
}

/** Defaults for `createStreamPreview`. */
export const DEFAULT_STREAM_INTERVALS: StreamIntervals = { privateMs: 500, groupMs: 1500 };

/** Bot API methods a preview calls repeatedly; the throttler paces exactly these. */
export const STREAM_METHODS: ReadonlySet<string> = new Set(['sendMessageDraft', 'editMessageText']);

/** A preview in one chat. */
export interface StreamPreview {
  /** Shows `textSoFar` (the verified sentences of the reply so far) soon, coalescing updates that come faster than the interval. */
  update(textSoFar: string): void;
  /** Replaces the preview with the verified `message` (editing the preview message in groups). */
  finish(message: RenderedMessage): Promise<void>;
  /** Removes a preview message that must not stay (the answer failed); drafts vanish on their own. */
  discard(): Promise<void>;
}

/** The model's control markers are not for readers; the preview fits one message. */
function previewText(raw: string): string {
  const text = raw.replace(/\[(?:DONE|NOT_FOUND)\]/g, '').trim();
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > MAX_MESSAGE_LENGTH - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** Creates the preview for the chat of `ctx`; nothing is sent until the first `update`. Failures are logged only. */
export function createStreamPreview(
  ctx: Context,
  logger: Logger,
  intervals: StreamIntervals = DEFAULT_STREAM_INTERVALS,
): StreamPreview {
  const chatId = ctx.chat?.id ?? 0;
  let mode: 'draft' | 'edit' = ctx.chat?.type === 'private' ? 'draft' : 'edit';
  const draftId = (ctx.update.update_id % 2_000_000_000) + 1;
  const replyTo = ctx.chat?.type !== 'private' && ctx.message ? ctx.message.message_id : undefined;
  let latest = '';
  let shown = '';
  let lastSentAt = 0;
  let messageId: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  const intervalMs = () => (mode === 'draft' ? intervals.privateMs : intervals.groupMs);

  const sendEdit = async (text: string) => {
    if (messageId === undefined) {
      const sent = await ctx.api.sendMessage(chatId, text, {
        link_preview_options: { is_disabled: true },
        ...(replyTo === undefined
          ? {}
          : { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }),
      });
      messageId = sent.message_id;
    } else {
      await ctx.api.editMessageText(chatId, messageId, text, { link_preview_options: { is_disabled: true } });
    }
  };

  const send = async (text: string) => {
    if (mode === 'draft') {
      try {
        await ctx.api.sendMessageDraft(chatId, draftId, text);
        return;
      } catch (error) {
        logger.warn('sendMessageDraft failed; previewing by editing a message instead', { chatId, error });
        mode = 'edit';
      }
    }
    await sendEdit(text);
  };

  const schedule = () => {
    if (closed || timer || inFlight || latest === shown) return;
    const waitMs = Math.max(0, lastSentAt + intervalMs() - Date.now());
    timer = setTimeout(flush, waitMs);
  };

  function flush() {
    timer = undefined;
    if (closed || latest === shown) return;
    const text = latest;
    lastSentAt = Date.now();
    inFlight = send(text)
      .then(() => {
        shown = text;
      })
      .catch((error: unknown) => logger.warn('could not update the streaming preview', { chatId, error }))
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  }

  const close = async () => {
    closed = true;
    clearTimeout(timer);
    timer = undefined;
    await inFlight;
  };

  return {
    update(textSoFar) {
      if (closed) return;
      const text = previewText(textSoFar);
      if (text === '') return;
      latest = text;
      schedule();
    },
    async finish(message) {
      await close();
      if (messageId === undefined) return replyHtml(ctx, message);
      const [first, ...rest] = splitHtmlMessage(message.html);
      try {
        await ctx.api.editMessageText(chatId, messageId, first ?? '', {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(rest.length === 0 && message.keyboard ? { reply_markup: message.keyboard } : {}),
        });
      } catch (error) {
        logger.warn('could not turn the preview into the answer; sending it as a new message', { chatId, error });
        await ctx.api.deleteMessage(chatId, messageId).catch(() => undefined);
        return replyHtml(ctx, message);
      }
      if (rest.length > 0) {
        await replyHtml(ctx, { html: rest.join('\n'), ...(message.keyboard ? { keyboard: message.keyboard } : {}) });
      }
    },
    async discard() {
      await close();
      if (messageId !== undefined) await ctx.api.deleteMessage(chatId, messageId).catch(() => undefined);
    },
  };
}

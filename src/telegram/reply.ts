/** Sending helpers: split HTML replies and a best-effort "typing…" indicator. */
import type { Context } from 'grammy';
import type { Logger } from '../logger.js';
import type { RenderedMessage } from './format.js';
import { splitHtmlMessage } from './split-message.js';

/** Telegram shows a chat action for about 5 s; refresh a little earlier. */
const TYPING_REFRESH_MS = 4500;
/**
 * Answers ready sooner than this need no "typing…" (offline answers take milliseconds): skipping it saves a Bot API
 * call per question, which matters when many chats ask at once.
 */
export const TYPING_DELAY_MS = 300;

/** Sends HTML in as many messages as needed (keyboard on the last); in groups it replies to the triggering message. */
export async function replyHtml(ctx: Context, message: RenderedMessage): Promise<void> {
  const chunks = splitHtmlMessage(message.html);
  const replyTo = ctx.chat?.type !== 'private' && ctx.message ? ctx.message.message_id : undefined;
  for (const [i, chunk] of chunks.entries()) {
    const isLast = i === chunks.length - 1;
    await ctx.reply(chunk, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(isLast && message.keyboard ? { reply_markup: message.keyboard } : {}),
      ...(i === 0 && replyTo !== undefined
        ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
        : {}),
    });
  }
}

/** Sends plain text (escaped by Telegram: no parse mode). */
export async function replyText(ctx: Context, text: string): Promise<void> {
  await ctx.reply(text, { link_preview_options: { is_disabled: true } });
}

/**
 * Runs `work`, showing "typing…" in the chat once it has taken `TYPING_DELAY_MS`; a failing sendChatAction is
 * logged as a warning and never delays or fails the work.
 */
export async function withTyping<T>(ctx: Context, logger: Logger, work: () => Promise<T>): Promise<T> {
  let active = true;
  let timer: NodeJS.Timeout | undefined;
  const ping = () => {
    ctx.replyWithChatAction('typing').then(
      () => {
        if (active) timer = setTimeout(ping, TYPING_REFRESH_MS);
      },
      (error: unknown) => {
        logger.warn('sendChatAction failed; answering without a typing indicator', {
          updateId: ctx.update.update_id,
          error,
        });
      },
    );
  };
  if (ctx.chat) timer = setTimeout(ping, TYPING_DELAY_MS);
  try {
    return await work();
  } finally {
    active = false;
    clearTimeout(timer);
  }
}

/**
 * Answers a callback query (stopping the button's spinner), optionally with a notice (`showAlert`: a dialog the
 * tapper must dismiss); a failure is only logged, since it is cosmetic.
 */
export async function acknowledge(
  ctx: Context,
  logger: Logger,
  notice?: string | { text: string; showAlert?: boolean },
): Promise<void> {
  const options =
    notice === undefined
      ? undefined
      : typeof notice === 'string'
        ? { text: notice }
        : { text: notice.text, ...(notice.showAlert ? { show_alert: true } : {}) };
  try {
    await ctx.answerCallbackQuery(options);
  } catch (error) {
    logger.warn('answerCallbackQuery failed', { updateId: ctx.update.update_id, error });
  }
}

/** Decides whether a group message is meant for the bot, and extracts the question from it. */
import type { Context, MiddlewareFn } from 'grammy';

const isPrivate = (ctx: Context): boolean => ctx.chat === undefined || ctx.chat.type === 'private';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when a message names the bot: a command for it, an @mention, or a reply to one of its messages. */
export function isAddressedToBot(ctx: Context): boolean {
  if (isPrivate(ctx) || ctx.callbackQuery) return true;
  const message = ctx.message;
  if (!message) return false;
  if (message.reply_to_message?.from?.id === ctx.me.id) return true;
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const username = ctx.me.username.toLowerCase();
  return entities.some((entity) => {
    const value = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
    if (entity.type === 'bot_command' && entity.offset === 0) {
      const target = value.split('@')[1];
      return target === undefined || target === username;
    }
    if (entity.type === 'mention') return value === `@${username}`;
    return entity.type === 'text_mention' && entity.user?.id === ctx.me.id;
  });
}

/** Middleware that silently stops group updates not addressed to the bot; private chats always pass. */
export function onlyWhenAddressed(): MiddlewareFn<Context> {
  return (ctx, next) => (isAddressedToBot(ctx) ? next() : undefined);
}

/** The message text with the bot's @mention removed and whitespace trimmed ('' when there is none). */
export function questionOf(ctx: Context): string {
  const text = ctx.message?.text ?? '';
  const mention = new RegExp(`@${escapeRegExp(ctx.me.username)}(?![A-Za-z0-9_])`, 'gi');
  return text
    .replace(mention, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

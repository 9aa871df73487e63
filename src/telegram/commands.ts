/** The /start, /help, /meetings and /reset commands. */
import { Composer, type Context } from 'grammy';
import type { Assistant } from '../answer/types.js';
import type { ChatHistory } from '../state/types.js';
import { formatMeetingList } from './format.js';
import { escapeHtml } from './html.js';
import { replyHtml } from './reply.js';
import { textsFor } from './texts.js';

/** Dependencies of the basic commands. */
export interface CommandsDeps {
  assistant: Pick<Assistant, 'meetings'>;
  history: Pick<ChatHistory, 'clear'>;
}

/** Creates the Composer answering /start, /help (what the bot knows), /meetings and /reset. */
export function createCommands({ assistant, history }: CommandsDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command(['start', 'help'], async (ctx) => {
    const meetings = assistant.meetings();
    const places = [...new Set(meetings.map((meeting) => meeting.place).filter((place) => place !== ''))];
    await replyHtml(ctx, { html: escapeHtml(textsFor(ctx.from?.language_code).help(meetings.length, places)) });
  });

  composer.command('meetings', async (ctx) => {
    await replyHtml(ctx, { html: formatMeetingList(assistant.meetings(), textsFor(ctx.from?.language_code)) });
  });

  composer.command('reset', async (ctx) => {
    await history.clear(ctx.chat.id);
    await replyHtml(ctx, { html: escapeHtml(textsFor(ctx.from?.language_code).historyCleared) });
  });

  return composer;
}

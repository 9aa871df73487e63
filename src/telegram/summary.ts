/** The /summary command and the meeting buttons it offers when called without an argument. */
import { Composer, type Context } from 'grammy';
import type { Assistant } from '../answer/types.js';
import type { Logger } from '../logger.js';
import type { ChatHistory } from '../state/types.js';
import { decodeCallback } from './callback-data.js';
import { formatCited, meetingKeyboard } from './format.js';
import { escapeHtml } from './html.js';
import { acknowledge, replyHtml, withTyping } from './reply.js';
import { textsFor } from './texts.js';

/** Dependencies of the summary feature. */
export interface SummaryDeps {
  assistant: Pick<Assistant, 'summarize' | 'meetings'>;
  history: Pick<ChatHistory, 'setLastCitations'>;
  logger: Logger;
}

/** Creates the Composer for `/summary [meeting]` (number, id or name) and the summary buttons. */
export function createSummaryFeature({ assistant, history, logger }: SummaryDeps): Composer<Context> {
  const composer = new Composer<Context>();

  const sendSummary = async (ctx: Context, meeting: string) => {
    const summary = await withTyping(ctx, logger, () => assistant.summarize(meeting));
    if (ctx.chat) await history.setLastCitations(ctx.chat.id, summary.citations);
    await replyHtml(ctx, formatCited({ text: summary.summary, note: summary.note, citations: summary.citations }));
  };

  composer.command('summary', async (ctx) => {
    const argument = ctx.match.trim();
    if (argument !== '') return sendSummary(ctx, argument);
    const texts = textsFor(ctx.from?.language_code);
    const meetings = assistant.meetings();
    if (meetings.length === 0) return replyHtml(ctx, { html: escapeHtml(texts.noMeetings) });
    await replyHtml(ctx, { html: escapeHtml(texts.chooseMeeting), keyboard: meetingKeyboard(meetings) });
  });

  composer.callbackQuery(/^s:\d+$/, async (ctx) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    await acknowledge(ctx, logger);
    if (action?.kind === 'summary') await sendSummary(ctx, String(action.meeting));
  });

  return composer;
}

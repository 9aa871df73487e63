/** Cited paragraphs: the /source command, citation buttons, and ◀ / ▶ paragraph navigation. */
import { Composer, type Context } from 'grammy';
import type { Assistant, ParagraphView } from '../answer/types.js';
import type { Logger } from '../logger.js';
import type { ChatHistory } from '../state/types.js';
import { decodeCallback } from './callback-data.js';
import { formatParagraph } from './format.js';
import { escapeHtml } from './html.js';
import { acknowledge, replyHtml } from './reply.js';
import { textsFor } from './texts.js';

/** Dependencies of the sources feature. */
export interface SourcesDeps {
  assistant: Pick<Assistant, 'meetings' | 'paragraph'>;
  history: Pick<ChatHistory, 'lastCitations'>;
  logger: Logger;
}

function findParagraph(
  assistant: SourcesDeps['assistant'],
  meetingNumber: number,
  n: number,
): ParagraphView | undefined {
  const meeting = assistant.meetings().find((candidate) => candidate.number === meetingNumber);
  return meeting ? assistant.paragraph(meeting.id, n) : undefined;
}

/** Creates the Composer for `/source <n>` and the paragraph buttons (`p:` opens, `n:` edits in place). */
export function createSourcesFeature({ assistant, history, logger }: SourcesDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('source', async (ctx) => {
    const texts = textsFor(ctx.from?.language_code);
    const say = (text: string) => replyHtml(ctx, { html: escapeHtml(text) });
    const n = Number(ctx.match.trim());
    if (ctx.match.trim() === '' || !Number.isInteger(n)) return say(texts.sourceUsage);
    const citations = await history.lastCitations(ctx.chat.id);
    if (citations.length === 0) return say(texts.noLastAnswer);
    const citation = citations.find((candidate) => candidate.n === n);
    if (!citation) return say(texts.noSuchCitation(n, citations.length));
    const view = findParagraph(assistant, citation.meeting.number, citation.paragraph);
    if (!view) return say(texts.paragraphMissing);
    await replyHtml(ctx, formatParagraph(view, texts));
  });

  composer.callbackQuery(/^[pn]:\d+:\d+$/, async (ctx) => {
    const texts = textsFor(ctx.from?.language_code);
    const action = decodeCallback(ctx.callbackQuery.data);
    if (action === undefined || action.kind === 'summary') return acknowledge(ctx, logger);
    const view = findParagraph(assistant, action.meeting, action.paragraph);
    if (!view) return acknowledge(ctx, logger, texts.paragraphMissing);
    await acknowledge(ctx, logger);
    const rendered = formatParagraph(view, texts);
    if (action.kind === 'navigate' && ctx.callbackQuery.message) {
      try {
        await ctx.editMessageText(rendered.html, { parse_mode: 'HTML', reply_markup: rendered.keyboard });
        return;
      } catch (error) {
        logger.warn('could not edit the paragraph message; sending a new one', {
          updateId: ctx.update.update_id,
          error,
        });
      }
    }
    await replyHtml(ctx, rendered);
  });

  return composer;
}

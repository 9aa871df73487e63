/** /tasks, /people and /timeline: commitments, people and topic timelines, paged (◀ ▶) with citation buttons. */
import { Composer, type Context } from 'grammy';
import { createInsights, type InsightSource } from '../../insights/insights.js';
import type { Logger } from '../../logger.js';
import type { ChatModel } from '../../providers/types.js';
import type { ChatHistory } from '../../state/types.js';
import { escapeHtml } from '../html.js';
import { acknowledge, replyHtml, withTyping } from '../reply.js';
import { type InsightList, peopleList, renderPage, tasksList, timelineList } from './insights-pages.js';
import { type InsightsTexts, insightsTextsFor } from './insights-texts.js';

/** Dependencies of the insights feature. */
export interface InsightsDeps {
  assistant: InsightSource;
  history: Pick<ChatHistory, 'setLastCitations'>;
  logger: Logger;
  /** LLM for phrasing tasks; each rewrite is checked against its cited paragraph. */
  chat?: ChatModel;
}

type Kind = 't' | 'p' | 'l';
/** Telegram's limit on callback data, in bytes. */
const MAX_CALLBACK_BYTES = 64;
const PAGE_CALLBACK = /^ix:([tpl]):(\d{1,4}):(.*)$/su;

/** Callback data of a page, or undefined when the argument is too long to fit in 64 bytes. */
function pageCallback(kind: Kind, argument: string, page: number): string | undefined {
  const data = `ix:${kind}:${page}:${argument}`;
  return Buffer.byteLength(data, 'utf8') <= MAX_CALLBACK_BYTES ? data : undefined;
}

/** Creates the Composer for the three commands and their page buttons (`ix:<kind>:<page>:<argument>`). */
export function createInsightsFeature({ assistant, history, logger, chat }: InsightsDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const insights = createInsights(assistant, { logger, ...(chat ? { chat } : {}) });

  async function listOf(kind: Kind, argument: string, texts: InsightsTexts): Promise<InsightList> {
    if (kind === 't') return tasksList(await insights.phrasedTasks(argument || undefined), texts);
    if (kind === 'p') return peopleList(insights.people(argument || undefined), texts, argument || undefined);
    return timelineList(insights.timeline(argument), texts);
  }

  async function render(ctx: Context, kind: Kind, argument: string, page: number) {
    const texts = insightsTextsFor(ctx.from?.language_code);
    const list = await listOf(kind, argument, texts);
    const rendered = renderPage(list, page, texts, (n) => pageCallback(kind, argument, n));
    if (ctx.chat && rendered.citations.length > 0) await history.setLastCitations(ctx.chat.id, rendered.citations);
    return rendered;
  }

  const send = async (ctx: Context, kind: Kind, argument: string) => {
    await replyHtml(ctx, await withTyping(ctx, logger, () => render(ctx, kind, argument, 0)));
  };

  composer.command('tasks', (ctx) => send(ctx, 't', ctx.match.trim()));
  composer.command('people', (ctx) => send(ctx, 'p', ctx.match.trim()));
  composer.command('timeline', async (ctx) => {
    const topic = ctx.match.trim();
    if (topic === '')
      return replyHtml(ctx, { html: escapeHtml(insightsTextsFor(ctx.from?.language_code).timelineUsage) });
    await send(ctx, 'l', topic);
  });

  composer.callbackQuery(PAGE_CALLBACK, async (ctx) => {
    const [, kind, page, argument] = PAGE_CALLBACK.exec(ctx.callbackQuery.data) ?? [];
    await acknowledge(ctx, logger);
    const rendered = await render(ctx, kind as Kind, argument ?? '', Number(page));
    if (rendered.pages === 0)
      return replyHtml(ctx, { html: escapeHtml(insightsTextsFor(ctx.from?.language_code).pageGone) });
    try {
      await ctx.editMessageText(rendered.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(rendered.keyboard ? { reply_markup: rendered.keyboard } : {}),
      });
    } catch (error) {
      logger.warn('could not edit the insights page; sending a new message', { updateId: ctx.update.update_id, error });
      await replyHtml(ctx, rendered);
    }
  });

  return composer;
}

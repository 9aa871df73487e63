/** Free-text questions (with follow-up history), unknown commands, and the hint for non-text messages. */
import { Composer, type Context } from 'grammy';
import { isQuestionTooLong } from '../answer/question-length.js';
import type { Assistant } from '../answer/types.js';
import type { Logger } from '../logger.js';
import type { ChatHistory } from '../state/types.js';
import { questionOf } from './addressing.js';
import { formatCited } from './format.js';
import { replyHtml, replyText, withTyping } from './reply.js';
import { createStreamPreview } from './stream-reply.js';
import { textsFor } from './texts.js';

/** Dependencies of the questions feature. */
export interface QuestionsDeps {
  assistant: Pick<Assistant, 'ask'>;
  history: Pick<ChatHistory, 'exchanges' | 'add' | 'setLastCitations'>;
  logger: Logger;
  /** Longest accepted question, counted by the shared rule (answer/question-length.ts). */
  maxQuestionChars: number;
  /** Show LLM answers live as they stream (drafts in private chats, edits in groups); default off. */
  streaming?: boolean;
}

/** True for `/cmd` (any chat) or `/cmd@thisbot`; false for a bare `/cmd` in a group, which may be another bot's. */
function isCommandForUs(ctx: Context, text: string): boolean {
  if (ctx.chat?.type === 'private') return true;
  return text.split(/\s/, 1)[0]?.toLowerCase().endsWith(`@${ctx.me.username.toLowerCase()}`) ?? false;
}

/** Creates the Composer that answers text as questions and hints at what to send otherwise. */
export function createQuestionsFeature({
  assistant,
  history,
  logger,
  maxQuestionChars,
  streaming = false,
}: QuestionsDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('message:text', async (ctx) => {
    const texts = textsFor(ctx.from?.language_code);
    const isCommand = ctx.message.entities?.some((entity) => entity.type === 'bot_command' && entity.offset === 0);
    if (isCommand) return isCommandForUs(ctx, ctx.message.text) ? replyText(ctx, texts.unknownCommand) : undefined;
    const question = questionOf(ctx);
    if (question === '') return replyText(ctx, texts.emptyQuestion);
    if (isQuestionTooLong(question, maxQuestionChars)) return replyText(ctx, texts.tooLong(maxQuestionChars));

    const chatId = ctx.chat.id;
    const preview = streaming ? createStreamPreview(ctx, logger) : undefined;
    const onDraft = preview ? { onDraft: (text: string) => preview.update(text) } : {};
    const earlier = await history.exchanges(chatId);
    const answer = await withTyping(ctx, logger, () => assistant.ask(question, { history: earlier, ...onDraft })).catch(
      async (error: unknown) => {
        await preview?.discard();
        throw error;
      },
    );
    await history.add(chatId, { question, answer });
    if (answer.found && answer.citations.length > 0) await history.setLastCitations(chatId, answer.citations);
    // Drafts hold only verified sentences; the final answer (with its citation buttons) replaces the last one.
    const rendered = formatCited({
      text: answer.answer,
      note: answer.note,
      citations: answer.found ? answer.citations : [],
    });
    await (preview ? preview.finish(rendered) : replyHtml(ctx, rendered));
  });

  composer.chatType('private').on('message', (ctx) => replyText(ctx, textsFor(ctx.from?.language_code).nonText));

  return composer;
}

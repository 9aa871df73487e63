/** Admin-only meeting management in chat: send a document or `/add <URL>` to add a meeting, `/remove <meeting>` to remove one. */
import { Composer, type Context, InlineKeyboard } from 'grammy';
import type { Assistant } from '../../answer/types.js';
import type { AddedMeeting, MeetingLibrary } from '../../corpus/library.js';
import { loaderFor, SUPPORTED_EXTENSIONS } from '../../corpus/loaders/registry.js';
import { AddMeetingError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { acknowledge } from '../reply.js';

/** The Bot API lets bots download files up to 20 MB. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Dependencies of the feature: who may change meetings, the library that does it, and how to fetch a Telegram file. */
export interface AddMeetingDeps {
  /** Numeric Telegram user ids allowed to add and remove meetings (TELEGRAM_ADMINS). */
  admins: number[];
  library: MeetingLibrary;
  assistant: Pick<Assistant, 'resolveMeeting'>;
  /** Downloads a file by its Bot API `file_path`. */
  download: (filePath: string) => Promise<Buffer>;
  logger: Logger;
}

const TEXTS = {
  notAdmin: '抱歉，只有管理员可以添加或删除会议。Sorry, only the bot’s admins can add or remove meetings.',
  working: '正在添加，请稍候… Adding the meeting, one moment…',
  addUsage: '用法 Usage: /add https://example.org/meeting.html',
  removeUsage: '用法 Usage: /remove <会议编号或名称 meeting number or name>',
  unsupported: (name: string) =>
    `不支持的文件类型 Unsupported file type: ${name}. 支持 Supported: ${SUPPORTED_EXTENSIONS.join(' ')}`,
  tooLarge: (bytes: number) =>
    `文件太大 Too large: ${(bytes / 1024 / 1024).toFixed(1)} MB (limit ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB)`,
  downloadFailed: '从 Telegram 下载文件失败，请重发 Could not download the file from Telegram; please send it again.',
  failed: '添加失败，索引未改变 Adding failed; the index is unchanged.',
  noSuchMeeting: (ref: string) => `找不到会议 No such meeting: ${ref}`,
  confirmRemove: (n: number, title: string) => `确认删除会议 #${n}「${title}」？Remove meeting #${n} “${title}”?`,
  removeButton: '删除 Remove',
  cancelButton: '取消 Cancel',
  removed: (n: number, title: string) => `已删除会议 #${n}「${title}」 Removed meeting #${n} “${title}”.`,
  cancelled: '已取消 Cancelled.',
  expired: '此按钮已过期 This button has expired.',
  added: ({ meeting, replaced }: AddedMeeting) =>
    [
      `${replaced ? '已更新' : '已添加'}会议 #${meeting.number} ${replaced ? 'Updated' : 'Added'} meeting #${meeting.number}`,
      `标题 Title: ${meeting.title}`,
      `日期 Date: ${meeting.date || '—'}`,
      `地点 Place: ${meeting.place || '—'}`,
      `段落 Paragraphs: ${meeting.paragraphs}`,
    ].join('\n'),
};

/** Creates the Composer; non-admins get a polite refusal and nothing is downloaded or stored. */
export function createAddMeetingFeature(deps: AddMeetingDeps): Composer<Context> {
  const { admins, library, logger } = deps;
  const composer = new Composer<Context>();
  const isAdmin = (ctx: Context) => ctx.from !== undefined && admins.includes(ctx.from.id);
  const pendingRemovals = new Map<string, { meetingId: string; number: number; title: string; userId: number }>();
  let nextToken = 1;

  const report = async (ctx: Context, task: () => Promise<AddedMeeting>) => {
    try {
      const added = await task();
      logger.info('meeting added from Telegram', { userId: ctx.from?.id, id: added.meeting.id, file: added.file });
      await ctx.reply(TEXTS.added(added));
    } catch (error) {
      if (error instanceof AddMeetingError) {
        logger.info('meeting not added', { userId: ctx.from?.id, reason: error.reason, error });
        await ctx.reply(error.userMessage);
        return;
      }
      logger.error('adding a meeting failed', { userId: ctx.from?.id, error });
      await ctx.reply(TEXTS.failed);
    }
  };

  composer.on('message:document', async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(TEXTS.notAdmin));
    const { document } = ctx.message;
    const name = document.file_name ?? 'document';
    if (!loaderFor(name)) return void (await ctx.reply(TEXTS.unsupported(name)));
    if ((document.file_size ?? 0) > MAX_DOWNLOAD_BYTES)
      return void (await ctx.reply(TEXTS.tooLarge(document.file_size ?? 0)));
    await ctx.reply(TEXTS.working);
    let bytes: Buffer;
    try {
      const file = await ctx.getFile();
      if (!file.file_path) throw new Error('getFile returned no file_path');
      bytes = await deps.download(file.file_path);
    } catch (error) {
      logger.warn('could not download a document from Telegram', { userId: ctx.from?.id, error });
      return void (await ctx.reply(TEXTS.downloadFailed));
    }
    await report(ctx, () => library.addFile(bytes, name));
  });

  composer.command('add', async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(TEXTS.notAdmin));
    const url = ctx.match.trim();
    if (!url) return void (await ctx.reply(TEXTS.addUsage));
    await ctx.reply(TEXTS.working);
    await report(ctx, () => library.addUrl(url));
  });

  composer.command('remove', async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(TEXTS.notAdmin));
    const ref = ctx.match.trim();
    if (!ref) return void (await ctx.reply(TEXTS.removeUsage));
    const meeting = deps.assistant.resolveMeeting(ref);
    if (!meeting) return void (await ctx.reply(TEXTS.noSuchMeeting(ref)));
    const token = String(nextToken++);
    pendingRemovals.set(token, {
      meetingId: meeting.id,
      number: meeting.number,
      title: meeting.title,
      userId: ctx.from?.id ?? 0,
    });
    if (pendingRemovals.size > 100) pendingRemovals.delete(pendingRemovals.keys().next().value ?? token);
    const keyboard = new InlineKeyboard()
      .text(TEXTS.removeButton, `rm:${token}`)
      .text(TEXTS.cancelButton, `rm-no:${token}`);
    await ctx.reply(TEXTS.confirmRemove(meeting.number, meeting.title), { reply_markup: keyboard });
  });

  composer.callbackQuery(/^rm(-no)?:(\d+)$/, async (ctx) => {
    if (!isAdmin(ctx)) return acknowledge(ctx, logger, TEXTS.notAdmin);
    const token = ctx.match[2] ?? '';
    const pending = pendingRemovals.get(token);
    if (!pending) return acknowledge(ctx, logger, TEXTS.expired);
    pendingRemovals.delete(token);
    await acknowledge(ctx, logger);
    if (ctx.match[1]) return void (await ctx.editMessageText(TEXTS.cancelled));
    try {
      await library.remove(pending.meetingId);
      logger.info('meeting removed from Telegram', { userId: ctx.from.id, id: pending.meetingId });
      await ctx.editMessageText(TEXTS.removed(pending.number, pending.title));
    } catch (error) {
      logger.warn('removing a meeting failed', { userId: ctx.from.id, error });
      await ctx.reply(error instanceof AddMeetingError ? error.userMessage : TEXTS.failed);
    }
  });

  return composer;
}

/** Downloads Bot API files (`<apiRoot>/file/bot<token>/<path>`), refusing more than the 20 MB the Bot API serves. */
export function createFileDownloader(token: string, apiRoot = 'https://api.telegram.org', timeoutMs = 60_000) {
  return async (filePath: string): Promise<Buffer> => {
    const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`file download answered HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_DOWNLOAD_BYTES) throw new Error(`file larger than ${MAX_DOWNLOAD_BYTES} bytes`);
    return bytes;
  };
}

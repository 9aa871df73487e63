/**
 * A small fake Telegram Bot API on 127.0.0.1: long polling, messages, callback queries and, unlike the
 * telegram-test-api emulator, file downloads (getFile and /file/bot<token>/<path>), so uploads can be tested end to end.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user of the fake chat world (private chats: the chat id is the user id). */
export interface FakeUser {
  id: number;
  first_name: string;
  language_code?: string;
}

/** A call the bot made, with when it arrived. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

interface StoredFile {
  bytes: Buffer;
  delayMs: number;
}

/** The running fake: its apiRoot, ways to act as users, and what the bot sent. */
export interface FakeFileBotApi {
  apiRoot: string;
  calls: ApiCall[];
  /** Stores a file the bot can download; `delayMs` holds the download back (a slow upload). */
  addFile(bytes: Buffer, delayMs?: number): string;
  sendText(user: FakeUser, text: string): void;
  sendDocument(user: FakeUser, fileId: string, fileName: string, fileSize: number): void;
  tap(user: FakeUser, messageId: number, data: string): void;
  /** Resolves with the first message sent to `chatId` after `since` whose text matches, or rejects after `timeoutMs`. */
  waitForMessage(chatId: number, match: RegExp, since: number, timeoutMs?: number): Promise<ApiCall>;
  close(): Promise<void>;
}

const BOT_USER = { id: 999_000, is_bot: true, first_name: 'Meeting Bot', username: 'meeting_test_bot' };

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

/** Starts the fake for `token`. */
export async function startFakeFileBotApi(token: string): Promise<FakeFileBotApi> {
  const updates: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  const calls: ApiCall[] = [];
  const files = new Map<string, StoredFile>();
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let nextFileId = 1;
  const push = (update: Record<string, unknown>) => {
    updates.push({ update_id: nextUpdateId++, ...update });
    for (const wake of waiters) wake();
  };
  const chatOf = (user: FakeUser) => ({ id: user.id, type: 'private', first_name: user.first_name });
  const message = (user: FakeUser, extra: Record<string, unknown>) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: chatOf(user),
    from: { ...user, is_bot: false },
    ...extra,
  });

  const answer = (res: ServerResponse, result: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
  };

  const getUpdates = async (payload: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => {
    const offset = Number(payload.offset ?? 0);
    const pending = () => updates.filter((update) => Number(update.update_id) >= offset);
    const deadline = Date.now() + Math.min(Number(payload.timeout ?? 0), 2) * 1000;
    while (pending().length === 0 && Date.now() < deadline && !req.destroyed) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        setTimeout(wake, 100);
      });
    }
    if (!res.writableEnded && !res.destroyed) answer(res, pending());
  };

  const server = createServer(async (req, res) => {
    const url = req.url ?? '';
    const fileMatch = url.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (fileMatch) {
      const stored = fileMatch[1] === token ? files.get(decodeURIComponent(fileMatch[2] ?? '')) : undefined;
      if (!stored) return void res.writeHead(404).end();
      await new Promise((resolve) => setTimeout(resolve, stored.delayMs));
      return void res.writeHead(200, { 'content-length': stored.bytes.length }).end(stored.bytes);
    }
    const methodMatch = url.match(/^\/bot([^/]+)\/(\w+)/);
    if (!methodMatch || methodMatch[1] !== token) {
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"ok":false,"error_code":401,"description":"Unauthorized"}');
    }
    const method = methodMatch[2] ?? '';
    const payload = await readBody(req);
    if (method !== 'getUpdates') calls.push({ method, payload, at: Date.now() });
    switch (method) {
      case 'getMe':
        return answer(res, BOT_USER);
      case 'getUpdates':
        return getUpdates(payload, req, res);
      case 'sendMessage':
        return answer(res, {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: 'private' },
          from: BOT_USER,
          text: payload.text,
        });
      case 'editMessageText':
        return answer(res, {
          message_id: Number(payload.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: 'private' },
          text: payload.text,
        });
      case 'getFile': {
        const id = String(payload.file_id);
        const stored = files.get(id);
        return answer(res, {
          file_id: id,
          file_unique_id: `u${id}`,
          file_size: stored?.bytes.length ?? 0,
          file_path: id,
        });
      }
      default:
        return answer(res, true);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    addFile(bytes, delayMs = 0) {
      const id = `documents/file_${nextFileId++}`;
      files.set(id, { bytes, delayMs });
      return id;
    },
    sendText: (user, text) => {
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }]
        : undefined;
      push({ message: message(user, { text, ...(entities ? { entities } : {}) }) });
    },
    sendDocument: (user, fileId, fileName, fileSize) =>
      push({
        message: message(user, {
          document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, file_size: fileSize },
        }),
      }),
    tap: (user, messageId, data) =>
      push({
        callback_query: {
          id: String(nextUpdateId),
          from: { ...user, is_bot: false },
          chat_instance: String(user.id),
          data,
          message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: chatOf(user), text: '…' },
        },
      }),
    async waitForMessage(chatId, match, since, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(
          (call) =>
            call.at >= since &&
            (call.method === 'sendMessage' || call.method === 'editMessageText') &&
            Number(call.payload.chat_id) === chatId &&
            match.test(String(call.payload.text)),
        );
        if (found) return found;
        if (Date.now() > deadline) {
          const sent = calls
            .filter((call) => Number(call.payload.chat_id) === chatId)
            .map((call) => String(call.payload.text));
          throw new Error(`no message matching ${match} to chat ${chatId}; sent: ${JSON.stringify(sent)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const wake of waiters) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

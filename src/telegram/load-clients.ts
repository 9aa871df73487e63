/**
 * Worker-thread side of the Telegram load check: the emulator and its fake users run here, in their own event loop,
 * as Telegram's servers and people's phones do in reality, so the bot's work cannot stall them and their polling
 * cannot stall the bot. Talks to `load-test.ts` with the messages below.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { type Emulator, startEmulator, type TelegramServer } from './emulator.js';

/** Asks the worker to let `chats` chats (ids from `firstChatId`) ask the bot `token` at once. */
export interface AskRequest {
  type: 'ask';
  token: string;
  chats: number;
  firstChatId: number;
  questions: string[];
  timeoutMs: number;
}

/** What the worker posts: its emulator's API root once started, then each chat's reply time (null when lost). */
export type LoadClientsMessage =
  | { type: 'ready'; apiRoot: string }
  | { type: 'timings'; timings: (number | null)[] }
  | { type: 'stopped' };

/** A client's fallback re-poll interval; the wake-up below makes its first read succeed. */
const CLIENT_POLL_INTERVAL_MS = 50;

/**
 * Resolves `true` once the emulator holds an unread message from the bot `token` to `chatId`, `false` after
 * `timeoutMs`. Telegram pushes new messages to a user's app; this stands in for that push instead of each client
 * polling the emulator every few milliseconds.
 */
function waitForBotMessage(server: TelegramServer, token: string, chatId: number, timeoutMs: number) {
  const isWaiting = () =>
    server.storage.botMessages.some(
      (stored) => stored.botToken === token && !stored.isRead && String(stored.message.chat_id) === String(chatId),
    );
  return new Promise<boolean>((resolve) => {
    const finish = (arrived: boolean) => {
      clearTimeout(timer);
      server.off('AddedBotMessage', onMessage);
      resolve(arrived);
    };
    const onMessage = () => {
      if (isWaiting()) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    server.on('AddedBotMessage', onMessage);
  });
}

/** One chat sends `question`; returns the ms until its client has read the bot's first reply, or null. */
async function askOnce(emulator: Emulator, request: AskRequest, chatId: number, question: string) {
  const client = emulator.server.getClient(request.token, {
    chatId,
    userId: chatId,
    timeout: request.timeoutMs,
    interval: CLIENT_POLL_INTERVAL_MS,
  });
  const startedMs = performance.now();
  const arrived = waitForBotMessage(emulator.server, request.token, chatId, request.timeoutMs);
  await client.sendMessage(client.makeMessage(question));
  if (!(await arrived)) return null;
  try {
    await client.getUpdates(); // the user's client reads the reply: this read is part of the measured time
    return performance.now() - startedMs;
  } catch {
    return null;
  }
}

async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  const emulator = await startEmulator();
  const post = (message: LoadClientsMessage) => port.postMessage(message);
  port.on('message', async (message: AskRequest | { type: 'stop' }) => {
    if (message.type === 'stop') {
      await emulator.stop();
      post({ type: 'stopped' });
      port.close();
      return;
    }
    emulator.server.setMaxListeners(message.chats + 10);
    const timings = await Promise.all(
      Array.from({ length: message.chats }, (_, i) =>
        askOnce(emulator, message, message.firstChatId + i, message.questions[i % message.questions.length] ?? ''),
      ),
    );
    post({ type: 'timings', timings });
  });
  post({ type: 'ready', apiRoot: emulator.apiRoot });
}

if (parentPort) await serve(parentPort);

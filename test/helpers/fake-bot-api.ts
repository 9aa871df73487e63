/**
 * A small fake Telegram Bot API on 127.0.0.1 (random port) that misbehaves on cue: answers normally, rejects the
 * token (401), reports another poller (409), fails with 5xx or 400, or drops every connection like a network outage.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Update } from 'grammy/types';
import { TEST_BOT_INFO } from './telegram-capture.js';

/** How the fake answers: normally, or with one kind of failure. */
export type FakeBotApiMode = 'ok' | 'unauthorized' | 'conflict' | 'server-error' | 'bad-request' | 'down';

/** One call the fake received (also those it failed). */
export interface FakeBotApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
  mode: FakeBotApiMode;
}

/** A running fake Bot API. */
export interface FakeBotApi {
  /** Pass as the bot's `apiRoot`. */
  apiRoot: string;
  calls: FakeBotApiCall[];
  /** Switches behaviour; `methods` limits the failure to those methods (others answer normally). */
  setMode(mode: FakeBotApiMode, methods?: string[]): void;
  /** Queues updates for getUpdates (a waiting long poll returns at once). */
  pushUpdates(...updates: Update[]): void;
  /** Successful calls to `method`, payloads in order. */
  callsTo(method: string): Record<string, unknown>[];
  stop(): Promise<void>;
}

const LONG_POLL_CAP_MS = 1000;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const body = Buffer.concat(parts).toString('utf8');
  if (body === '') return {};
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Starts the fake in mode 'ok'. Long polls wait at most 1 s, so failures are noticed quickly. */
export async function startFakeBotApi(): Promise<FakeBotApi> {
  let mode: FakeBotApiMode = 'ok';
  let failingMethods: string[] | undefined;
  const calls: FakeBotApiCall[] = [];
  const queue: Update[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  let messageId = 100;
  // What setWebhook set, as getWebhookInfo reports it (deleteWebhook clears it).
  let webhookUrl = '';

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, code: number, description: string) =>
    send(res, code, { ok: false, error_code: code, description });

  const answer = async (method: string, payload: Record<string, unknown>, res: ServerResponse) => {
    switch (method) {
      case 'getMe':
        return send(res, 200, { ok: true, result: TEST_BOT_INFO });
      case 'getUpdates': {
        if (queue.length === 0) {
          const waitMs = Math.min(LONG_POLL_CAP_MS, Number(payload.timeout ?? 0) * 1000);
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              waiters.delete(wake);
              resolve();
            };
            const timer = setTimeout(wake, waitMs);
            waiters.add(wake);
          });
        }
        const offset = Number(payload.offset ?? 0);
        const fresh = queue.filter((update) => update.update_id >= offset);
        queue.splice(0, queue.length, ...fresh);
        return send(res, 200, { ok: true, result: fresh.slice(0, Number(payload.limit ?? 100)) });
      }
      case 'sendMessage':
      case 'editMessageText':
        return send(res, 200, {
          ok: true,
          result: {
            message_id: method === 'sendMessage' ? ++messageId : Number(payload.message_id),
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(payload.chat_id), type: 'private', first_name: 'Tester' },
            text: String(payload.text),
          },
        });
      case 'setWebhook':
      case 'deleteWebhook':
        webhookUrl = method === 'setWebhook' ? String(payload.url) : '';
        return send(res, 200, { ok: true, result: true });
      case 'getWebhookInfo':
        return send(res, 200, {
          ok: true,
          result: { url: webhookUrl, has_custom_certificate: false, pending_update_count: 0 },
        });
      default:
        return send(res, 200, { ok: true, result: true });
    }
  };

  const server = createServer(async (req, res) => {
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
    const payload = await readJson(req);
    const effective = failingMethods && !failingMethods.includes(method) ? 'ok' : mode;
    calls.push({ method, payload, at: Date.now(), mode: effective });
    switch (effective) {
      case 'down':
        req.socket.destroy();
        return;
      case 'unauthorized':
        return fail(res, 401, 'Unauthorized');
      case 'conflict':
        return fail(
          res,
          409,
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        );
      case 'server-error':
        return fail(res, 502, 'Bad Gateway');
      case 'bad-request':
        return fail(res, 400, `Bad Request: ${method} is not available`);
      case 'ok':
        return answer(method, payload, res);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    setMode(next, methods) {
      mode = next;
      failingMethods = methods;
      if (next === 'down') for (const socket of sockets) socket.destroy();
      for (const wake of [...waiters]) wake();
    },
    pushUpdates(...updates) {
      queue.push(...updates);
      for (const wake of [...waiters]) wake();
    },
    callsTo: (method) =>
      calls.filter((call) => call.method === method && call.mode === 'ok').map((call) => call.payload),
    async stop() {
      for (const wake of [...waiters]) wake();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { runBot } from '../../src/telegram/run-bot.js';
import { textUpdate } from '../helpers/telegram-capture.js';
import { setupTestBot } from '../helpers/telegram-setup.js';

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('runBot', () => {
  it('registers the command menu in Chinese by default and in English for en', async () => {
    const { bot, capture } = setupTestBot();
    const running = await runBot(bot);
    await waitFor(() => capture.callsTo('setMyCommands').length === 2);
    await running.stop();
    const [chinese, english] = capture.callsTo('setMyCommands');
    expect(chinese?.commands).toContainEqual({ command: 'summary', description: '会议摘要，例如 /summary 1' });
    expect(chinese?.language_code).toBeUndefined();
    expect(english?.language_code).toBe('en');
  });

  it('answers questions by long polling even when setMyCommands and sendChatAction fail', async () => {
    const { bot, capture } = setupTestBot({}, ['setMyCommands', 'sendChatAction']);
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
    const running = await runBot(bot, { logger });
    capture.pushUpdates(textUpdate('四月份的工作重点是什么？'));
    await waitFor(() => capture.sentTexts().length === 1);
    await running.stop();
    expect(capture.sentTexts()[0]).toContain('[1]');
    expect(warnings.some((warning) => warning.startsWith('setMyCommands failed'))).toBe(true);
  });

  it('waits on stop() until answers in progress have been sent', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { bot, assistant, capture } = setupTestBot({
      assistant: {
        ask: async (question): Promise<Answer> => {
          assistant.asked.push({ question });
          await gate;
          return { question, answer: '慢慢的回答。', mode: 'extractive', found: false, citations: [] };
        },
      },
    });
    const running = await runBot(bot);
    capture.pushUpdates(textUpdate('慢问题'));
    await waitFor(() => assistant.asked.length === 1);
    const stopped = running.stop();
    expect(running.isRunning()).toBe(false);
    setTimeout(release, 50);
    await stopped;
    expect(capture.sentTexts()).toEqual(['慢慢的回答。']);
    expect(running.inFlight()).toBe(0);
  });

  it('answers webhook updates that carry the secret token and rejects those that do not', async () => {
    const port = await freePort();
    const { bot, capture } = setupTestBot();
    const url = `http://127.0.0.1:${port}/telegram`;
    const running = await runBot(bot, { webhook: { url, secret: 'hook-secret', port, host: '127.0.0.1' } });
    const post = (secret: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(textUpdate('四月份？')),
      });
    const rejected = await post('wrong');
    const accepted = await post('hook-secret');
    await running.stop();
    expect(rejected.status).toBe(401);
    expect(accepted.status).toBe(200);
    expect(capture.callsTo('setWebhook')[0]).toMatchObject({ url, secret_token: 'hook-secret' });
    expect(capture.sentTexts()).toHaveLength(1);
  });
});

describe('runBot with a webhook and no host', () => {
  it('listens on 127.0.0.1 only, not on every interface', async () => {
    const port = await freePort();
    const { bot } = setupTestBot();
    const running = await runBot(bot, { webhook: { url: `http://127.0.0.1:${port}/telegram`, secret: 's', port } });
    // 127.0.0.2 is another local address (all of 127/8 is loopback on Linux): reachable only if bound to all.
    const reach = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, host)
          .once('connect', () => {
            socket.destroy();
            resolve('connected');
          })
          .once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    const [loopback, other] = [await reach('127.0.0.1'), await reach('127.0.0.2')];
    await running.stop();
    expect(loopback).toBe('connected');
    expect(other).toBe('ECONNREFUSED');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

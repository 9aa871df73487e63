import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openAssistant } from '../app.js';
import type { Config } from '../config.js';
import { isOffTopic, loadQa } from '../eval/qa.js';
import type { Logger } from '../logger.js';
import { runTelegramLoad } from '../telegram/load-test.js';

/**
 * `bench --telegram [--json] [--chats N]`: N chats (default 20) ask the real bot at once through the local Telegram
 * emulator (offline assistant over the seeds, index in a temp folder); reports answered, lost and reply p50/p95, from
 * a user's client sending the question until that client has read the reply (emulator and users in a worker thread).
 */
export async function commandTelegramBench(
  args: string[],
  { config, logger }: { config: Config; logger: Logger },
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { telegram: { type: 'boolean' }, json: { type: 'boolean' }, chats: { type: 'string' } },
  });
  const chats = values.chats === undefined ? 20 : Number(values.chats);
  const indexDir = await mkdtemp(join(tmpdir(), 'telegram-bench-'));
  try {
    const assistant = await openAssistant({ seedsDir: config.seedsDir, indexDir, logger });
    const questions = (await loadQa('test/fixtures/qa.jsonl')).filter((q) => !isOffTopic(q)).map((q) => q.question);
    await assistant.ask(questions[0] ?? '会议'); // warm-up: jieba, idf table
    const result = { chats, ...(await runTelegramLoad({ assistant, chats, questions, logger })) };
    process.stdout.write(
      `${values.json ? JSON.stringify(result) : `Telegram emulator, ${chats} chats at once: ${result.answered}/${result.sent} answered, ${result.lost} lost, reply p50 ${result.p50Ms.toFixed(0)} ms, p95 ${result.p95Ms.toFixed(0)} ms, CPU ${result.cpuMs} ms, load average ${loadavg()[0]?.toFixed(2)}`}\n`,
    );
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

import 'dotenv/config';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createMeetingResolver } from './answer/resolve-meeting.js';
import type { Assistant } from './answer/types.js';
import {
  createServingLibrary,
  DEFAULT_CHUNKING,
  type EngineOptions,
  openAssistant,
  openReloadingAssistant,
  openSnapshot,
} from './app.js';
import { type Config, loadConfig } from './config.js';
import { runConsoleChat } from './console/console-chat.js';
import { capAnswerText, capDisplayText, truncationNote } from './console/display-cap.js';
import { renderAnswer, renderMeetings, renderSummary } from './console/render.js';
import { createMeetingLibrary, type LibraryMeeting } from './corpus/library.js';
import type { Meeting } from './corpus/meeting.js';
import { AppError, ConfigError, IndexError, InvalidQuestionError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { createChatFromConfig, createEmbedderFromConfig } from './providers/from-config.js';
import type { Embedder } from './search/embedder.js';
import { type IngestReport, ingest } from './search/ingest.js';
import { createIngestRunner } from './search/ingest-runner.js';
import { createRetriever } from './search/retriever.js';
import { DEFAULT_HNSW, type HnswOptions } from './search/vector-index.js';
import { databasePassword, openStateStore } from './state/open-state.js';

const USAGE = `Usage: npm run <command> -- [options]
  ingest                                   build or update the index
  ingest --url <URL>                       fetch a page (or .pdf/.docx), save it under SEEDS_DIR, index it
  search [--json] [--full] [--k N] [--meeting M] "<query>"
  meetings [--json]
  ask [--json] [--full] [--meeting M] "<question>"
  summary [--json] <meeting>
  start                                    Telegram bot (TELEGRAM_BOT_TOKEN) or console chat
  eval [--json] [--qa FILE] [--corpus DIR] [--k 1,3,5] [--ranking retriever|bm25] [--store local|postgres|pglite]
  bench [--json] [--chunks N] [--repeats N] [--queries N] [--keep] [--store local|postgres|pglite]
  bench --telegram [--json] [--chats N]        20 chats at once through the local Telegram emulator
  tasks [--json] [<meeting>] | tasks --score FILE
  people [--json] [<name>]
  timeline [--json] "<topic>"`;

/** A usage error: one line on stderr, exit status 2. */
class UsageError extends AppError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, message);
  }
}

function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(value) : human()}\n`);
}

function progressReporter(): { onProgress?: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'Embedding [{bar}] {value}/{total} chunks', stream: process.stderr, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

function engineHnsw(config: Config): HnswOptions {
  return { ...DEFAULT_HNSW, efSearch: config.retrieval.efSearch };
}

async function engineOptions(config: Config, logger: Logger): Promise<EngineOptions> {
  const chat = createChatFromConfig(config, logger);
  return {
    seedsDir: config.seedsDir,
    indexDir: config.indexDir,
    store: config.store,
    logger,
    embedder: await createEmbedderFromConfig(config, logger),
    hnsw: engineHnsw(config),
    topK: config.retrieval.topK,
    stream: config.openai.stream,
    ...(chat ? { chat } : {}),
  };
}

function requireText(positionals: string[], what: string): string {
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError(`missing ${what}\n${USAGE}`);
  return text;
}

function ingestOptions(config: Config, logger: Logger, embedder: Embedder) {
  return {
    seedsDir: config.seedsDir,
    indexDir: config.indexDir,
    embedder,
    chunking: DEFAULT_CHUNKING,
    hnsw: engineHnsw(config),
    logger,
    lock: { waitMs: config.ingest.lockWaitMs, staleMs: config.ingest.lockStaleMs },
    generationGraceMs: config.ingest.generationGraceMs,
  };
}

const toLibraryMeeting = (meeting: Meeting): LibraryMeeting => ({ ...meeting, paragraphs: meeting.paragraphs.length });

/** Runs ingest into the configured store (the index folder, or Postgres); returns its report and the meetings. */
async function ingestConfigured(
  config: Config,
  logger: Logger,
  embedder: Embedder,
  onProgress?: (done: number, total: number) => void,
): Promise<{ report: IngestReport; meetings: Meeting[] }> {
  const options = { ...ingestOptions(config, logger, embedder), ...(onProgress ? { onProgress } : {}) };
  if (config.store.kind === 'postgres') {
    const { ingestToPostgres } = await import('./search/postgres/postgres-ingest.js');
    return ingestToPostgres({ ...options, databaseUrl: config.store.databaseUrl });
  }
  const { index, report } = await ingest(options);
  return { report, meetings: index.meetings };
}

async function commandIngestUrl(url: string, json: boolean, config: Config, logger: Logger): Promise<void> {
  const embedder = await createEmbedderFromConfig(config, logger);
  const library = createMeetingLibrary({
    seedsDir: config.seedsDir,
    fetchLimits: config.fetch,
    async reindex() {
      const { report, meetings } = await ingestConfigured(config, logger, embedder);
      return { report, meetings: meetings.map(toLibraryMeeting) };
    },
  });
  const added = await library.addUrl(url);
  const { meeting } = added;
  print(json, added, () =>
    [
      `${added.replaced ? 'Updated' : 'Added'} meeting #${meeting.number} ${meeting.title}`,
      `  date ${meeting.date || '-'}, place ${meeting.place || '-'}, ${meeting.paragraphs} paragraphs`,
      `  saved as ${join(config.seedsDir, added.file)} (source: ${url})`,
    ].join('\n'),
  );
}

async function commandIngest(args: string[], config: Config, logger: Logger): Promise<void> {
  const { values } = parseArgs({ args, options: { url: { type: 'string' }, json: { type: 'boolean' } } });
  if (values.url !== undefined) return commandIngestUrl(values.url, values.json ?? false, config, logger);
  const progress = progressReporter();
  const embedder = await createEmbedderFromConfig(config, logger);
  const { report } = await ingestConfigured(config, logger, embedder, progress.onProgress);
  progress.stop();
  const changes = `embedded ${report.embedded.length}, removed ${report.removed.length}, unreadable ${report.failed.length}`;
  process.stdout.write(
    `Indexed ${report.documents} documents, ${report.paragraphs} paragraphs, ${report.chunks} chunks in ${report.seconds.toFixed(2)} s (${changes})${report.rebuiltBecause ? `; rebuilt: ${report.rebuiltBecause}` : ''}\n`,
  );
  for (const failure of report.failed) process.stderr.write(`warning: skipped ${failure.message}\n`);
}

async function commandSearch(args: string[], config: Config, logger: Logger): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      full: { type: 'boolean' },
      k: { type: 'string' },
      meeting: { type: 'string' },
    },
  });
  const query = requireText(positionals, 'query');
  const k = values.k === undefined ? 5 : Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 100)
    throw new UsageError(`--k must be an integer from 1 to 100, got "${values.k}"`);
  const options = await engineOptions(config, logger);
  // Readers never build: only ingest writes the index (a missing or broken one is a clear error).
  const { snapshot, embedder } = await openSnapshot({ ...options, build: false });
  let meetingId: string | undefined;
  if (values.meeting) {
    meetingId = createMeetingResolver(await snapshot.meetings())(values.meeting)?.id;
    if (!meetingId)
      throw new InvalidQuestionError(`unknown meeting "${values.meeting}"`, `unknown meeting "${values.meeting}"`);
  }
  const results = await createRetriever({ store: snapshot, embedder }).search(query, {
    k,
    ...(meetingId ? { meetingId } : {}),
  });
  const json = {
    query,
    results: results.map((r) => ({
      meeting: { id: r.meeting.id, number: r.meeting.number, title: r.meeting.title },
      paragraph: r.paragraph.n,
      ...(values.full
        ? { text: r.paragraph.text, truncated: false, length: [...r.paragraph.text].length }
        : capDisplayText(r.paragraph.text)),
      score: Number(r.score.toFixed(4)),
    })),
  };
  print(values.json ?? false, json, () =>
    json.results.length === 0
      ? 'No results.'
      : json.results
          .map(
            (r, i) =>
              `${i + 1}. #${r.meeting.number} ${r.meeting.title} ¶${r.paragraph} (score ${r.score})\n   ${r.text}${r.truncated ? `\n   ${truncationNote(r, 'search --full 显示全文')}` : ''}`,
          )
          .join('\n'),
  );
}

async function commandAsk(args: string[], assistant: Assistant): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, full: { type: 'boolean' }, meeting: { type: 'string' } },
  });
  const question = requireText(positionals, 'question');
  const answer = await assistant.ask(question, values.meeting ? { meeting: values.meeting } : {});
  const shown = capAnswerText(answer.answer);
  const json = values.full
    ? answer
    : {
        ...answer,
        answer: shown.text,
        answerTruncated: shown.truncated,
        answerLength: shown.length,
        citations: answer.citations.map((citation) => ({ ...citation, ...capDisplayText(citation.text) })),
      };
  print(values.json ?? false, json, () => renderAnswer(answer));
}

async function commandSummary(args: string[], assistant: Assistant): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const summary = await assistant.summarize(requireText(positionals, 'meeting (number, id or name)'));
  print(values.json ?? false, summary, () => renderSummary(summary));
}

/** Opens with `open`; a corrupt or mismatched index is rebuilt once by `rebuild` (ingest, the only writer), then reopened. */
async function openReadyIndex<T>(open: () => Promise<T>, rebuild: () => Promise<unknown>, logger: Logger): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof IndexError) || error.reason === 'missing') throw error;
    logger.warn('The index cannot be used; rebuilding it in the ingest worker.', { error });
    await rebuild();
    return open();
  }
}

async function commandStart(config: Config, logger: Logger): Promise<void> {
  const options = await engineOptions(config, logger);
  // Ingest runs in a worker thread, so building a missing index or adding a meeting never blocks answering.
  const runner = createIngestRunner({
    seedsDir: config.seedsDir,
    indexDir: config.indexDir,
    config,
    chunking: DEFAULT_CHUNKING,
    hnsw: engineHnsw(config),
    logger,
  });
  // Only the local default builds a missing index here; a shared Postgres store is written by `npm run ingest` only.
  const local = config.store.kind === 'local';
  if (local) {
    try {
      await access(join(config.indexDir, 'manifest.json'));
    } catch {
      logger.info('No index yet: building it in a worker thread.');
      await runner.run();
    }
  }
  const rebuild = () => (local ? runner.run() : Promise.reject(new Error('unreachable')));
  const openReady = <T>(open: () => Promise<T>) => (local ? openReadyIndex(open, rebuild, logger) : open());
  if (config.telegram.token) {
    // Chat history, rate limits, summaries and update claims: in memory, or shared by replicas in Postgres.
    const state = await openStateStore(config.state);
    if (state.kind === 'postgres') logger.info('bot state is shared in Postgres (STATE_STORE=postgres)');
    try {
      const summaryCache = state.summaries ? { summaryCache: state.summaries } : {};
      // A long-running bot picks up indexes rebuilt by `npm run ingest` in another process, without a restart.
      const { assistant, close, reload } = await openReady(() =>
        openReloadingAssistant({ ...options, ...summaryCache, build: false }, local ? 15_000 : 1000),
      );
      const library = createServingLibrary({
        seedsDir: config.seedsDir,
        runner,
        assistant,
        reload,
        fetchLimits: config.fetch,
      });
      const { startTelegram } = await import('./telegram/start.js');
      await startTelegram({
        config,
        assistant,
        logger,
        library,
        state,
        ...(options.chat ? { chat: options.chat } : {}),
        streaming: config.openai.enabled && config.openai.stream,
      });
      close();
    } finally {
      await state.close();
      await runner.close();
    }
    return;
  }
  const assistant = await openReady(() => openAssistant({ ...options, build: false }));
  await runner.close();
  logger.info('TELEGRAM_BOT_TOKEN is not set: starting the console chat.');
  await runConsoleChat({
    assistant,
    input: process.stdin,
    output: process.stdout,
    logger,
    prompt: process.stdin.isTTY === true,
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel,
    secrets: [
      config.openai.apiKey,
      config.telegram.token ?? '',
      config.telegram.webhookSecret ?? '',
      databasePassword(config.state.databaseUrl),
    ],
  });
  switch (command) {
    case 'ingest':
      return commandIngest(args, config, logger);
    case 'search':
      return commandSearch(args, config, logger);
    case 'meetings': {
      const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
      const assistant = await openAssistant({ ...(await engineOptions(config, logger)), build: false });
      const meetings = assistant.meetings();
      return print(values.json ?? false, { meetings }, () => renderMeetings(meetings));
    }
    case 'ask':
      return commandAsk(args, await openAssistant({ ...(await engineOptions(config, logger)), build: false }));
    case 'summary':
      return commandSummary(args, await openAssistant({ ...(await engineOptions(config, logger)), build: false }));
    case 'start':
      return commandStart(config, logger);
    case 'tasks':
    case 'people':
    case 'timeline': {
      const { commandInsights } = await import('./insights/command.js');
      const options = await engineOptions(config, logger);
      return commandInsights(command, args, await openAssistant({ ...options, build: false }), {
        logger,
        ...(options.chat ? { chat: options.chat } : {}),
      });
    }
    case 'eval': {
      const { commandEval } = await import('./eval/command.js');
      return commandEval(args, { config, logger, engine: await engineOptions(config, logger) });
    }
    case 'bench': {
      if (args.includes('--telegram')) {
        const { commandTelegramBench } = await import('./bench/telegram-command.js');
        return commandTelegramBench(args, { config, logger });
      }
      const { commandBench } = await import('./bench/command.js');
      return commandBench(args, { config, logger });
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  } else if (error instanceof IndexError) process.stderr.write(`error: ${error.message}\n${error.userMessage}\n`);
  else if (error instanceof AppError) process.stderr.write(`error: ${error.message}\n`);
  else if (error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  } else process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type EngineOptions, openAssistant } from '../app.js';
import type { Config } from '../config.js';
import { InvalidQuestionError } from '../errors.js';
import type { Logger } from '../logger.js';
import { formatEvalReport } from './format.js';
import { loadQa, type QaItem } from './qa.js';
import { formatRankingRun, parseRankingMode, runRanking } from './ranking-command.js';
import { runEval } from './run-eval.js';
import { parseStoreFlag, prepareStore } from './store-flag.js';

/** The QA set used when `--qa` is not given (relative to the working directory). */
export const DEFAULT_QA_FILE = 'test/fixtures/qa.jsonl';
/** Answer-level questions (with `must`, `meetings`, `history`) also asked when `--qa` is not given. */
export const DEFAULT_ANSWER_QA_FILE = 'test/fixtures/qa-answers.jsonl';

/** Reads one or more QA files into one set; throws when an id repeats across files or a file is malformed. */
export async function loadQaFiles(files: readonly string[]): Promise<QaItem[]> {
  const items: QaItem[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    for (const item of await loadQa(resolve(file))) {
      if (ids.has(item.id)) throw new Error(`${file}: id "${item.id}" is also in an earlier QA file`);
      ids.add(item.id);
      items.push(item);
    }
  }
  return items;
}

/** What the CLI hands the eval command; `write` receives the output (stdout by default). */
export interface EvalCommandContext {
  config: Config;
  logger: Logger;
  engine: EngineOptions;
  write?: (text: string) => void;
}

/** Parses `--k 1,3,5` into distinct positive integers in ascending order; throws InvalidQuestionError otherwise. */
export function parseKs(text: string): number[] {
  const ks = text.split(',').map((part) => Number(part.trim()));
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1 || k > 100)) {
    const message = `--k must be comma-separated integers from 1 to 100, got "${text}"`;
    throw new InvalidQuestionError(message, message);
  }
  return [...new Set(ks)].sort((a, b) => a - b);
}

/**
 * `eval [--json] [--qa FILE]… [--corpus DIR] [--k 1,3,5] [--ranking retriever|bm25]`: runs the QA set (`--qa` may
 * repeat; default the shipped set and its answer-level questions) against the assistant and prints the report (JSON
 * or a table with the misses); `--ranking` scores retrieval alone instead (the retriever, or the naive bigram BM25
 * baseline). With `--corpus`, the index is built from DIR into a temporary folder
 * that is removed afterwards. `--store local|postgres|pglite` picks the store (pglite: an embedded PGlite the corpus
 * or the seeds are ingested into). Throws InvalidQuestionError on bad flags and Error on a bad QA file.
 */
export async function commandEval(args: string[], context: EvalCommandContext): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      qa: { type: 'string', multiple: true },
      corpus: { type: 'string' },
      k: { type: 'string' },
      ranking: { type: 'string' },
      store: { type: 'string' },
    },
  });
  const storeFlag = parseStoreFlag(values.store, context.config);
  const ks = parseKs(values.k ?? '1,3,5');
  const ranking = values.ranking === undefined ? undefined : parseRankingMode(values.ranking);
  if (values.ranking !== undefined && !ranking) {
    const message = `--ranking must be "retriever" or "bm25", got "${values.ranking}"`;
    throw new InvalidQuestionError(message, message);
  }
  const qa = await loadQaFiles(values.qa ?? [DEFAULT_QA_FILE, DEFAULT_ANSWER_QA_FILE]);
  const write = context.write ?? ((text: string) => process.stdout.write(text));
  const temporary = values.corpus ? await mkdtemp(join(tmpdir(), 'meeting-eval-')) : undefined;
  let closeStore = async () => {};
  try {
    const chosen = values.corpus
      ? { ...context.engine, seedsDir: resolve(values.corpus), indexDir: join(temporary ?? '', 'index') }
      : context.engine;
    if (values.corpus) context.logger.info(`Building a temporary index of ${chosen.seedsDir}`);
    const prepared = await prepareStore(storeFlag, chosen, {
      config: context.config,
      ingestCorpus: values.corpus !== undefined,
      log: (line) => context.logger.info(line),
    });
    closeStore = prepared.close;
    const { engine } = prepared;
    if (ranking) {
      const run = await runRanking(engine, qa, ks, ranking);
      write(`${values.json ? JSON.stringify(run) : formatRankingRun(run)}\n`);
      return;
    }
    const { report, details } = await runEval({ assistant: await openAssistant(engine), qa, ks });
    write(`${values.json ? JSON.stringify(report) : formatEvalReport(report, details)}\n`);
  } finally {
    await closeStore();
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

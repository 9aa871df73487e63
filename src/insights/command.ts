/** `npm run tasks|people|timeline`: argument parsing and output for the insights commands. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Assistant } from '../answer/types.js';
import { InvalidQuestionError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChatModel } from '../providers/types.js';
import { createInsights, readMeetings } from './insights.js';
import { renderPeople, renderTasks, renderTimeline } from './render.js';
import { scoreTasks, type TaskGold } from './task-eval.js';

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function scoreCommand(file: string, assistant: Assistant, json: boolean): Promise<void> {
  let gold: TaskGold;
  try {
    gold = JSON.parse(await readFile(file, 'utf8')) as TaskGold;
  } catch (error) {
    throw new InvalidQuestionError(`cannot read ${file}: ${(error as Error).message}`, `cannot read ${file}`, {
      cause: error,
    });
  }
  const score = scoreTasks(readMeetings(assistant), gold);
  if (json) return write(JSON.stringify(score));
  const field = (name: keyof typeof score.fields) =>
    `${name} ${score.fields[name].correct}/${score.fields[name].total}`;
  write(
    [
      `tasks: precision ${score.precision.toFixed(3)} (${score.matched}/${score.extracted}), recall ${score.recall.toFixed(3)} (${score.matched}/${score.gold})`,
      `fields on matched tasks: ${field('owner')}, ${field('deadline')}, ${field('target')}`,
      ...score.spurious.map((s) => `  spurious ${s.meeting} ¶${s.paragraph}: ${s.text}`),
      ...score.missed.map((m) => `  missed   ${m.meeting} ¶${m.paragraph}: ${m.key}`),
    ].join('\n'),
  );
}

/** Runs `tasks`, `people` or `timeline` with its arguments (tasks phrased by `chat` when given); throws InvalidQuestionError for bad input. */
export async function commandInsights(
  command: 'tasks' | 'people' | 'timeline',
  args: string[],
  assistant: Assistant,
  deps: { chat?: ChatModel; logger?: Logger } = {},
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, ...(command === 'tasks' ? { score: { type: 'string' } } : {}) },
  });
  const json = values.json ?? false;
  const argument = positionals.join(' ').trim();
  const insights = createInsights(assistant, deps);
  if (command === 'tasks') {
    const score = (values as { score?: string }).score;
    if (score !== undefined) return scoreCommand(score, assistant, json);
    const result = await insights.phrasedTasks(argument || undefined);
    return write(json ? JSON.stringify(result) : `${result.note ? `${result.note}\n\n` : ''}${renderTasks(result)}`);
  }
  if (command === 'people') {
    const result = insights.people(argument || undefined);
    return write(json ? JSON.stringify(result) : renderPeople(result, argument || undefined));
  }
  if (!argument) throw new InvalidQuestionError('missing topic', 'missing topic: npm run timeline -- "<topic>"');
  const result = insights.timeline(argument);
  return write(json ? JSON.stringify(result) : renderTimeline(result));
}

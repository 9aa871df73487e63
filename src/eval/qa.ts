import { readFile } from 'node:fs/promises';

/** A question whose answer is in a known paragraph: the meeting id starts with `doc`, the paragraph contains `key`. */
export interface OnTopicQaItem {
  id: string;
  question: string;
  doc: string;
  key: string;
  /** Phrases a complete answer contains (compared script-normalized, without punctuation). */
  must?: string[];
  /** Meeting id prefixes the answer must cite. */
  meetings?: string[];
  /** Questions asked before this one in the same conversation (a follow-up's context), oldest first. */
  history?: string[];
}

/** A question the meetings do not cover: the assistant should abstain. */
export interface OffTopicQaItem {
  id: string;
  question: string;
  offtopic: true;
}

/** One line of a QA file. */
export type QaItem = OnTopicQaItem | OffTopicQaItem;

/** True for an item the assistant should decline to answer. */
export function isOffTopic(item: QaItem): item is OffTopicQaItem {
  return 'offtopic' in item && item.offtopic === true;
}

function readString(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`${where}: "${field}" must be a non-empty string`);
  return value;
}

function parseItem(line: string, where: string): QaItem {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new Error(`${where}: expected a JSON object`);
  }
  const fields = record as Record<string, unknown>;
  const id = readString(fields, 'id', where);
  const question = readString(fields, 'question', where);
  if (fields.offtopic === true) return { id, question, offtopic: true };
  const item: OnTopicQaItem = {
    id,
    question,
    doc: readString(fields, 'doc', where),
    key: readString(fields, 'key', where),
  };
  for (const field of ['must', 'meetings', 'history'] as const) {
    const value = readStrings(fields, field, where);
    if (value) item[field] = value;
  }
  return item;
}

function readStrings(record: Record<string, unknown>, field: string, where: string): string[] | undefined {
  const value = record[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string' || entry.trim() === ''))
    throw new Error(`${where}: "${field}" must be a list of non-empty strings`);
  return value as string[];
}

/** Parses QA JSONL (blank lines skipped); throws an Error naming `source` and the line of the first bad item. */
export function parseQa(text: string, source = 'QA file'): QaItem[] {
  const items: QaItem[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    const item = parseItem(line, where);
    if (ids.has(item.id)) throw new Error(`${where}: duplicate id "${item.id}"`);
    ids.add(item.id);
    items.push(item);
  });
  if (items.length === 0) throw new Error(`${source}: no questions`);
  return items;
}

/** Reads a QA JSONL file; throws when it cannot be read or an item is malformed (naming the line). */
export async function loadQa(file: string): Promise<QaItem[]> {
  return parseQa(await readFile(file, 'utf8'), file);
}

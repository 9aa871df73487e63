/**
 * Adds and removes meeting files in the seeds folder and re-indexes: the one way documents get in, shared by
 * `ingest --url` and the Telegram admin commands. Every change is all or nothing: a file that does not index is
 * taken out again, and an index that fails to update leaves the folder as it was.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { AddMeetingError } from '../errors.js';
import type { IngestReport } from '../search/ingest.js';
import { type FetchLimits, fetchPage } from './fetch-page.js';
import { loaderFor, SUPPORTED_EXTENSIONS } from './loaders/registry.js';
import { listDocumentFiles, loadCorpus, meetingIdOf, parseMeeting } from './meeting.js';

/** A meeting as the library reports it after a change. */
export interface LibraryMeeting {
  id: string;
  number: number;
  title: string;
  date: string;
  place: string;
  paragraphs: number;
}

/** What the library needs: the folder, and a re-index that returns the report and the meetings now served. */
export interface LibraryDeps {
  seedsDir: string;
  /** Updates the index from `seedsDir` and makes the result live (e.g. reloads the bot's assistant). */
  reindex: () => Promise<{ report: IngestReport; meetings: LibraryMeeting[] }>;
  /** The meetings served now (default: read from `seedsDir`), to name the meeting a duplicate repeats. */
  meetings?: () => LibraryMeeting[] | Promise<LibraryMeeting[]>;
  /** Largest accepted document in bytes (default 20 MB, the Bot API's download limit). */
  maxBytes?: number;
  fetchLimits?: FetchLimits;
}

/** The outcome of an add: the meeting now answerable, and whether it replaced an older version of the same file. */
export interface AddedMeeting {
  meeting: LibraryMeeting;
  file: string;
  replaced: boolean;
}

/** Adds and removes meetings. */
export interface MeetingLibrary {
  /** Stores `bytes` as `fileName` and indexes it; throws AddMeetingError saying exactly why not. */
  addFile(bytes: Buffer, fileName: string): Promise<AddedMeeting>;
  /** Fetches a page, saves its extracted text as Markdown (source: the URL) and indexes it; throws AddMeetingError. */
  addUrl(url: string): Promise<AddedMeeting>;
  /** Removes a meeting's file (kept in `.removed/`) and re-indexes; throws AddMeetingError('not-found'). */
  remove(meetingId: string): Promise<{ file: string }>;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const DEFAULT_FETCH: FetchLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A safe file name: no folders, no leading dots, no control or path characters; the extension is kept. */
export function safeFileName(fileName: string): string {
  const name = basename(fileName.replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '_')
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return name.length > 0 ? name.slice(-120) : 'document.txt';
}

/** A stable file name for a URL: its host and path as a slug plus a short hash of the whole URL, as `.md`. */
export function fileNameForUrl(url: string): string {
  const parsed = new URL(url);
  const slug = `${parsed.hostname}${parsed.pathname}`
    .replace(/\.[a-z0-9]{2,5}$/i, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug}-${sha256(Buffer.from(url)).slice(0, 8)}.md`;
}

const EXTENSION_BY_TYPE: [RegExp, string][] = [
  [/pdf/i, '.pdf'],
  [/wordprocessingml/i, '.docx'],
  [/markdown/i, '.md'],
  [/text\/plain/i, '.txt'],
  [/html|xml/i, '.html'],
];

function extensionOf(contentType: string, url: string): string {
  const byType = EXTENSION_BY_TYPE.find(([pattern]) => pattern.test(contentType))?.[1];
  const byPath = extname(new URL(url).pathname).toLowerCase();
  return byType ?? (loaderFor(`page${byPath}`) ? byPath : '.html');
}

function frontMatterValue(value: string): string {
  return JSON.stringify(value.replace(/\s+/g, ' ').trim());
}

function unsupported(fileName: string): AddMeetingError {
  const extension = extname(fileName) || '(none)';
  return new AddMeetingError(
    `unsupported file type ${extension}`,
    `不支持的文件类型 Unsupported file type ${extension}: send ${SUPPORTED_EXTENSIONS.join(', ')}`,
    'unsupported',
  );
}

/** Creates the library; changes run one after another (two uploads at once both land, in turn). */
export function createMeetingLibrary(deps: LibraryDeps): MeetingLibrary {
  const { seedsDir } = deps;
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;
  const currentMeetings = async (): Promise<LibraryMeeting[]> => {
    if (deps.meetings) return deps.meetings();
    return (await loadCorpus(seedsDir)).meetings.map((meeting) => ({
      ...meeting,
      paragraphs: meeting.paragraphs.length,
    }));
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };

  const reindex = async () => {
    try {
      return await deps.reindex();
    } catch (error) {
      const why = (error as Error).message;
      throw new AddMeetingError(
        `re-index failed: ${why}`,
        '索引更新失败，已恢复原状 Indexing failed; nothing changed',
        'ingest-failed',
        {
          cause: error,
        },
      );
    }
  };

  /** The meeting id whose file has these exact bytes, if any. */
  const findDuplicate = async (hash: string): Promise<string | undefined> => {
    for (const path of await listDocumentFiles(seedsDir)) {
      if (sha256(await readFile(path)) === hash) return meetingIdOf(relative(seedsDir, path));
    }
    return undefined;
  };

  const store = (bytes: Buffer, fileName: string) =>
    serial(async (): Promise<AddedMeeting> => {
      const name = safeFileName(fileName);
      if (!loaderFor(name)) throw unsupported(name);
      if (bytes.length > maxBytes) {
        throw new AddMeetingError(
          `${name} is ${bytes.length} bytes`,
          `文件太大 Too large: over ${maxBytes / 1024 / 1024} MB`,
          'too-large',
        );
      }
      const duplicate = await findDuplicate(sha256(bytes));
      if (duplicate !== undefined) {
        const number = (await currentMeetings()).find((meeting) => meeting.id === duplicate)?.number;
        throw new AddMeetingError(
          `${name} duplicates meeting ${duplicate}`,
          `已有相同内容的会议 Duplicate of meeting #${number ?? duplicate}`,
          'duplicate',
        );
      }
      const path = join(seedsDir, name);
      const staged = join(seedsDir, `.${name}.partial`);
      const backup = join(seedsDir, `.${name}.previous`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(staged, bytes);
      const replaced = await rename(path, backup).then(
        () => true,
        () => false,
      );
      await rename(staged, path);
      const undo = async () => {
        if (replaced) await rename(backup, path);
        else await rm(path, { force: true });
      };
      let result: Awaited<ReturnType<typeof reindex>>;
      try {
        result = await reindex();
      } catch (error) {
        await undo();
        throw error;
      }
      const failure = result.report.failed.find((failed) => failed.file === name);
      const meeting = result.meetings.find((candidate) => candidate.id === meetingIdOf(name));
      if (failure || !meeting) {
        await undo();
        // The index kept the previous version of a failed file (or never had it), so it matches the folder again.
        const why = failure?.message.replace(`${name}: `, '') ?? 'not indexed';
        throw new AddMeetingError(`${name}: ${why}`, `无法读取 Not added: ${why}`, 'no-text');
      }
      await rm(backup, { force: true });
      return { meeting, file: name, replaced };
    });

  return {
    addFile: store,
    async addUrl(url) {
      const page = await fetchPage(url, deps.fetchLimits ?? DEFAULT_FETCH);
      const extension = extensionOf(page.contentType, page.finalUrl);
      if (!loaderFor(`page${extension}`)) throw unsupported(`page${extension}`);
      let parsed: Awaited<ReturnType<typeof parseMeeting>>;
      try {
        parsed = await parseMeeting(`page${extension}`, page.bytes, page.charset ? { charset: page.charset } : {});
      } catch (error) {
        const why = (error as Error).message.replace(/^page\.\w+: /, '');
        throw new AddMeetingError(`${url}: ${why}`, `无法读取 Not added: ${why}`, 'no-text', { cause: error });
      }
      const header = [
        '---',
        `title: ${frontMatterValue(parsed.title)}`,
        ...(parsed.date ? [`date: ${frontMatterValue(parsed.date)}`] : []),
        `source: ${frontMatterValue(page.url)}`,
        '---',
      ];
      const body = parsed.paragraphs.map((paragraph) => paragraph.text);
      return store(Buffer.from(`${[...header, '', ...body].join('\n')}\n`), fileNameForUrl(page.url));
    },
    remove: (meetingId) =>
      serial(async () => {
        const path = (await listDocumentFiles(seedsDir)).find(
          (candidate) => meetingIdOf(relative(seedsDir, candidate)) === meetingId,
        );
        if (!path)
          throw new AddMeetingError(
            `no file for meeting ${meetingId}`,
            `找不到会议 No such meeting: ${meetingId}`,
            'not-found',
          );
        const file = relative(seedsDir, path);
        const kept = join(seedsDir, '.removed', file);
        await mkdir(dirname(kept), { recursive: true });
        await rename(path, kept);
        try {
          await reindex();
        } catch (error) {
          await rename(kept, path);
          throw error;
        }
        return { file };
      }),
  };
}

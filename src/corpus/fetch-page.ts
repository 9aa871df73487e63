/** Downloads a document from a URL with a timeout, a size limit and redirects; failures become AddMeetingError. */
import { AddMeetingError } from '../errors.js';

/** How long a download may take in total (ms), how large it may be (bytes), and how many redirects it may follow. */
export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
}

/** A downloaded document: its bytes, where it ended up after redirects, and what the server said it is. */
export interface FetchedPage {
  bytes: Buffer;
  url: string;
  finalUrl: string;
  contentType: string;
  charset?: string;
}

const failed = (url: string, why: string, cause?: unknown) =>
  new AddMeetingError(
    `fetch ${url} failed: ${why}`,
    `下载失败 Fetch failed: ${why}`,
    'fetch-failed',
    cause ? { cause } : undefined,
  );

function tooLarge(url: string, maxBytes: number): AddMeetingError {
  const limit = `${(maxBytes / 1024 / 1024).toFixed(maxBytes < 1024 * 1024 ? 2 : 0)} MB`;
  return new AddMeetingError(
    `${url} is larger than ${maxBytes} bytes`,
    `文件太大 Too large: over ${limit}`,
    'too-large',
  );
}

/** Parses an http(s) URL; throws AddMeetingError('fetch-failed') for anything else. */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw failed(raw, 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw failed(raw, 'only http and https links are supported');
  return url;
}

async function readLimited(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(url, maxBytes);
  const parts: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const part of response.body) {
    size += part.byteLength;
    if (size > maxBytes) throw tooLarge(url, maxBytes);
    parts.push(Buffer.from(part));
  }
  return Buffer.concat(parts);
}

/**
 * Fetches `rawUrl` following up to `maxRedirects` (default 5) redirects; throws AddMeetingError with reason
 * `fetch-failed` (bad URL, network, HTTP status, timeout, too many redirects) or `too-large`.
 */
export async function fetchPage(rawUrl: string, limits: FetchLimits): Promise<FetchedPage> {
  let url = parseHttpUrl(rawUrl).href;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const maxRedirects = limits.maxRedirects ?? 5;
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(url, { redirect: 'manual', signal, headers: { 'user-agent': 'meeting-bot' } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= maxRedirects) throw failed(rawUrl, `more than ${maxRedirects} redirects`);
        url = parseHttpUrl(new URL(location, url).href).href;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw failed(rawUrl, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      const charset = contentType.match(/charset\s*=\s*["']?([\w-]+)/i)?.[1];
      const bytes = await readLimited(response, rawUrl, limits.maxBytes);
      return { bytes, url: rawUrl, finalUrl: url, contentType, ...(charset ? { charset } : {}) };
    }
  } catch (error) {
    if (error instanceof AddMeetingError) throw error;
    if (signal.aborted) throw failed(rawUrl, `no complete answer within ${limits.timeoutMs / 1000} s`, error);
    const cause = (error as { cause?: { code?: string } }).cause;
    throw failed(rawUrl, cause?.code ?? (cause as Error | undefined)?.message ?? (error as Error).message, error);
  }
}

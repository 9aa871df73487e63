/** The one table of what to tell people when an upstream service fails, by failure reason (both languages). */
import type { UpstreamError } from '../errors.js';

/** Why an upstream call failed (the `reason` of UpstreamError). */
export type FailureReason = UpstreamError['reason'];

/** Which service failed. */
export type FailedService = 'chat' | 'embeddings';

const SERVICE_NAMES: Record<FailedService, { zh: string; en: string }> = {
  chat: { zh: '语言模型', en: 'the language model' },
  embeddings: { zh: '向量服务', en: 'the embedding service' },
};

const WHAT_HAPPENED: Record<FailureReason, { zh: string; en: string }> = {
  auth: { zh: '拒绝了我们的凭据', en: 'rejected our credentials' },
  'rate-limit': { zh: '繁忙（请求过多）', en: 'is busy (rate limited)' },
  server: { zh: '服务出错', en: 'is having problems' },
  timeout: { zh: '响应超时', en: 'took too long to answer' },
  network: { zh: '无法连接', en: 'cannot be reached' },
  'bad-response': { zh: '返回了无法使用的回复', en: 'sent an unusable reply' },
  other: { zh: '请求失败', en: 'request failed' },
};

/** One clause saying what failed, e.g. `{ zh: '语言模型响应超时', en: 'the language model took too long to answer' }`. */
export function describeFailure(reason: FailureReason, service: FailedService = 'chat'): { zh: string; en: string } {
  const name = SERVICE_NAMES[service];
  const what = WHAT_HAPPENED[reason];
  return { zh: `${name.zh}${what.zh}`, en: `${name.en} ${what.en}` };
}

function capitalized(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/** The bilingual user message of a failed call that cannot fall back (what happened, then what to do). */
export function failureUserMessage(reason: FailureReason, service: FailedService, code?: unknown): string {
  const { zh, en } = describeFailure(reason, service);
  const name = SERVICE_NAMES[service];
  if (reason === 'rate-limit' && code === 'insufficient_quota') {
    return `${name.zh}的额度已用完，请告知机器人管理员。 ${capitalized(name.en)} quota is used up; please tell the bot's operator.`;
  }
  if (reason === 'auth') return `${zh}，请告知机器人管理员。 ${capitalized(en)}; please tell the bot's operator.`;
  if (reason === 'rate-limit') return `${zh}，请一分钟后再试。 ${capitalized(en)}; try again in a minute.`;
  return `${zh}，请稍后再试。 ${capitalized(en)}; please try again later.`;
}

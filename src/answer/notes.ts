import type { UpstreamError } from '../errors.js';
import { type ReplyLanguage, say } from './language.js';

/** One line telling the reader why an answer fell back to quotes from the meetings. */
export function fallbackNote(reason: UpstreamError['reason'] | 'unsourced', language: ReplyLanguage): string {
  const notes: Record<UpstreamError['reason'] | 'unsourced', [string, string]> = {
    auth: ['语言模型拒绝了访问密钥', 'the language model rejected our credentials'],
    'rate-limit': ['语言模型繁忙（请求过多）', 'the language model is busy (rate limited)'],
    server: ['语言模型服务出错', 'the language model service failed'],
    timeout: ['语言模型响应超时', 'the language model timed out'],
    network: ['无法连接语言模型', 'the language model could not be reached'],
    'bad-response': ['语言模型返回了无效内容', 'the language model returned an unusable reply'],
    other: ['语言模型调用失败', 'the language model call failed'],
    unsourced: ['语言模型的回答无法与原文核实', "the language model's answer could not be checked against the sources"],
  };
  const [zh, en] = notes[reason];
  return say(
    language,
    `${zh}，以下为会议原文摘录。`,
    `${en[0]?.toUpperCase()}${en.slice(1)}; showing quotes from the meetings instead.`,
  );
}

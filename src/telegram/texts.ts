/** Every line the bot says, in simplified Chinese (default) and English; plain text, escaped by the caller. */

/** The bot's phrasebook for one language. */
export interface Texts {
  /** Greeting for /start and /help: what the bot knows, examples and commands. */
  help(meetingCount: number, places: string[]): string;
  meetingsHeader(count: number): string;
  noMeetings: string;
  chooseMeeting: string;
  summaryOf(title: string): string;
  sources: string;
  sourceUsage: string;
  noLastAnswer: string;
  noSuchCitation(n: number, count: number): string;
  paragraphMissing: string;
  historyCleared: string;
  emptyQuestion: string;
  tooLong(limit: number): string;
  nonText: string;
  unknownCommand: string;
  refused: string;
  rateLimited: string;
  genericError: string;
  /** Notice on a button the bot no longer (or never) offered. */
  staleButton: string;
  previous: string;
  next: string;
  /** Command menu entries for setMyCommands, in menu order. */
  commands: { command: string; description: string }[];
}

const zh: Texts = {
  help: (count, places) =>
    [
      `你好！我可以回答关于 ${count} 场地方政府会议报告的问题${places.length > 0 ? `（${places.join('、')}）` : ''}，每个回答都注明出处段落。`,
      '',
      '可以这样问：',
      '• 会议部署了哪些重点工作？',
      '• 对安全生产提出了什么要求？',
      '• 哪位领导在会上讲话，强调了什么？',
      '',
      '命令：',
      '/meetings — 会议列表',
      '/summary [编号] — 会议摘要',
      '/source <n> — 上一个回答中第 n 条出处的完整段落',
      '/tasks [编号] — 会议部署的任务、负责单位、期限和目标',
      '/people [姓名] — 会议中的人物及其讲话',
      '/timeline <主题> — 一个主题在各次会议中的时间线',
      '/reset — 清除对话记录',
      '/help — 帮助',
      '',
      '在群组中请 @我 或回复我的消息。',
    ].join('\n'),
  meetingsHeader: (count) => `共 ${count} 场会议：`,
  noMeetings: '目前没有收录任何会议。',
  chooseMeeting: '请选择要摘要的会议：',
  summaryOf: (title) => `会议摘要：${title}`,
  sources: '出处',
  sourceUsage: '用法：/source <n>，例如 /source 1',
  noLastAnswer: '还没有可查看出处的回答，请先提问。',
  noSuchCitation: (n, count) => `上一个回答没有第 ${n} 条出处（共 ${count} 条）。`,
  paragraphMissing: '找不到这个段落。',
  historyCleared: '已清除本对话的记录。',
  emptyQuestion: '请直接输入问题，例如：会议部署了哪些重点工作？',
  tooLong: (limit) => `问题太长了，请控制在 ${limit} 字以内。`,
  nonText: '我只能读文字消息，请用文字提问。',
  unknownCommand: '没有这个命令，发送 /help 查看可用命令。',
  refused: '抱歉，这个机器人仅供授权用户使用。',
  rateLimited: '提问太频繁了，请稍等一会儿再试。',
  genericError: '出了点问题，请稍后再试。',
  staleButton: '这个按钮已失效，请重新提问。',
  previous: '◀ 上一段',
  next: '下一段 ▶',
  commands: [
    { command: 'start', description: '开始使用' },
    { command: 'help', description: '帮助与示例问题' },
    { command: 'meetings', description: '会议列表' },
    { command: 'summary', description: '会议摘要，例如 /summary 1' },
    { command: 'source', description: '查看出处段落，例如 /source 1' },
    { command: 'tasks', description: '会议部署的任务与期限，例如 /tasks 5' },
    { command: 'people', description: '会议中的人物，例如 /people 徐伟南' },
    { command: 'timeline', description: '主题时间线，例如 /timeline 招商引资' },
    { command: 'reset', description: '清除对话记录' },
  ],
};

const en: Texts = {
  help: (count, places) =>
    [
      `Hello! I answer questions about ${count} local-government meeting reports${places.length > 0 ? ` (${places.join(', ')})` : ''}, citing the paragraphs I rely on.`,
      '',
      'Try asking:',
      '• Which key tasks did the meeting assign?',
      '• What was required for work safety?',
      '• Which leader spoke, and what did they stress?',
      '',
      'Commands:',
      '/meetings — list of meetings',
      '/summary [number] — summary of a meeting',
      '/source <n> — full paragraph of source n of the last answer',
      '/tasks [number] — tasks, owners, deadlines and targets the meetings set',
      '/people [name] — people named in the meetings and what they said',
      '/timeline <topic> — how a topic moved from meeting to meeting',
      '/reset — forget this conversation',
      '/help — this help',
      '',
      'In groups, mention me or reply to my message.',
    ].join('\n'),
  meetingsHeader: (count) => `${count} meetings:`,
  noMeetings: 'No meetings are loaded yet.',
  chooseMeeting: 'Which meeting should I summarize?',
  summaryOf: (title) => `Summary: ${title}`,
  sources: 'Sources',
  sourceUsage: 'Usage: /source <n>, for example /source 1',
  noLastAnswer: 'There is no answer with sources yet. Ask a question first.',
  noSuchCitation: (n, count) => `The last answer has no source ${n} (it has ${count}).`,
  paragraphMissing: 'That paragraph does not exist.',
  historyCleared: 'This conversation has been forgotten.',
  emptyQuestion: 'Please type a question, for example: Which key tasks did the meeting assign?',
  tooLong: (limit) => `That question is too long; please keep it under ${limit} characters.`,
  nonText: 'I can only read text. Please ask in words.',
  unknownCommand: 'Unknown command. Send /help to see what I can do.',
  refused: 'Sorry, this bot is only available to authorised users.',
  rateLimited: 'You are asking too fast. Please wait a moment and try again.',
  genericError: 'Something went wrong. Please try again.',
  staleButton: 'This button no longer works. Please ask again.',
  previous: '◀ Previous',
  next: 'Next ▶',
  commands: [
    { command: 'start', description: 'Start' },
    { command: 'help', description: 'Help and example questions' },
    { command: 'meetings', description: 'List of meetings' },
    { command: 'summary', description: 'Summary of a meeting, e.g. /summary 1' },
    { command: 'source', description: 'Show a cited paragraph, e.g. /source 1' },
    { command: 'tasks', description: 'Tasks and deadlines set, e.g. /tasks 5' },
    { command: 'people', description: 'People in the meetings, e.g. /people 徐伟南' },
    { command: 'timeline', description: 'Timeline of a topic, e.g. /timeline 招商引资' },
    { command: 'reset', description: 'Forget this conversation' },
  ],
};

/** Returns English texts when `languageCode` starts with 'en', simplified Chinese otherwise. */
export function textsFor(languageCode: string | undefined): Texts {
  return languageCode?.toLowerCase().startsWith('en') ? en : zh;
}

/** The Chinese (default) and English phrasebooks, for registering localized command menus. */
export const TEXTS = { zh, en } as const;

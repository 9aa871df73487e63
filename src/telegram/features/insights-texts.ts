/** What /tasks, /people and /timeline say, in simplified Chinese (default) and English; plain text, escaped by the caller. */

/** The insights phrasebook for one language. */
export interface InsightsTexts {
  tasksHeader(count: number): string;
  peopleHeader(count: number): string;
  timelineHeader(topic: string, count: number): string;
  page(page: number, pages: number): string;
  noTasks: string;
  nobody(name: string): string;
  noStatements: string;
  noTimeline(topic: string): string;
  timelineUsage: string;
  postUnknown: string;
  undated: string;
  owner: string;
  deadline: string;
  target: string;
  previousPage: string;
  nextPage: string;
  /** Shown when a topic is too long to fit a page button: only the first page is sent. */
  firstPageOnly: string;
  pageGone: string;
}

const zh: InsightsTexts = {
  tasksHeader: (count) => `会议部署的任务（共 ${count} 项）`,
  peopleHeader: (count) => `会议中提到的人物（共 ${count} 位）`,
  timelineHeader: (topic, count) => `“${topic}”的时间线（${count} 场会议）`,
  page: (page, pages) => `第 ${page}/${pages} 页`,
  noTasks: '没有找到任务。',
  nobody: (name) => `会议中没有提到“${name}”。发送 /people 查看所有人物。`,
  noStatements: '没有找到讲话内容。',
  noTimeline: (topic) => `没有会议提到“${topic}”。`,
  timelineUsage: '用法：/timeline <主题>，例如 /timeline 招商引资',
  postUnknown: '职务未注明',
  undated: '日期不详',
  owner: '负责',
  deadline: '期限',
  target: '目标',
  previousPage: '◀ 上一页',
  nextPage: '下一页 ▶',
  firstPageOnly: '主题较长，只显示第一页；缩短主题即可翻页。',
  pageGone: '这一页已不存在，请重新发送命令。',
};

const en: InsightsTexts = {
  tasksHeader: (count) => `Tasks set by the meetings (${count})`,
  peopleHeader: (count) => `People named in the meetings (${count})`,
  timelineHeader: (topic, count) => `Timeline of “${topic}” (${count} meetings)`,
  page: (page, pages) => `page ${page}/${pages}`,
  noTasks: 'No tasks found.',
  nobody: (name) => `Nobody called “${name}” appears in these meetings. Send /people for everyone.`,
  noStatements: 'No statements found.',
  noTimeline: (topic) => `No meeting mentions “${topic}”.`,
  timelineUsage: 'Usage: /timeline <topic>, for example /timeline 招商引资',
  postUnknown: 'post not stated',
  undated: 'undated',
  owner: 'owner',
  deadline: 'deadline',
  target: 'target',
  previousPage: '◀ Previous',
  nextPage: 'Next ▶',
  firstPageOnly: 'The topic is long, so only the first page is shown; a shorter topic can be paged.',
  pageGone: 'That page no longer exists; please send the command again.',
};

/** English texts when `languageCode` starts with 'en', simplified Chinese otherwise. */
export function insightsTextsFor(languageCode: string | undefined): InsightsTexts {
  return languageCode?.toLowerCase().startsWith('en') ? en : zh;
}

import type { Answer, MeetingInfo, ParagraphView, Summary } from '../answer/types.js';
import { capAnswerText, truncationNote } from './display-cap.js';

/** Shortens a title for one-line source lists. */
function shortTitle(title: string, maxChars = 24): string {
  return title.length > maxChars ? `${title.slice(0, maxChars - 1)}…` : title;
}

/** An answer as terminal text: the answer (capped, see capAnswerText), its note, then one source line per citation. */
export function renderAnswer(answer: Answer): string {
  const shown = capAnswerText(answer.answer);
  const lines = [shown.text];
  if (shown.truncated) lines.push(truncationNote(shown, '/source N 查看原文'));
  if (answer.note) lines.push(`（${answer.note}）`);
  if (answer.citations.length > 0) {
    lines.push('', '出处 Sources:');
    for (const c of answer.citations) {
      const date = c.meeting.date ? ` · ${c.meeting.date}` : '';
      lines.push(`[${c.n}] #${c.meeting.number} ${shortTitle(c.meeting.title)}${date} · ¶${c.paragraph}`);
    }
    lines.push('（/source N 查看原文 · shows the full paragraph）');
  }
  return lines.join('\n');
}

/** The numbered meeting list. */
export function renderMeetings(meetings: MeetingInfo[]): string {
  if (meetings.length === 0) return '目前没有收录任何会议。No meetings are indexed.';
  return meetings
    .map(
      (m) =>
        `${m.number}. ${m.title}${m.date ? ` · ${m.date}` : ''}${m.place ? ` · ${m.place}` : ''} (${m.paragraphs} ¶)${
          m.injected?.length ? ` ⚠ instructions to the assistant in ¶${m.injected.join(', ¶')}, never quoted` : ''
        }`,
    )
    .join('\n');
}

/** A meeting summary with its sources. */
export function renderSummary(summary: Summary): string {
  const lines = [summary.summary];
  if (summary.note) lines.push(`（${summary.note}）`);
  lines.push('', '出处 Sources:');
  for (const c of summary.citations) lines.push(`[${c.n}] ¶${c.paragraph}`);
  return lines.join('\n');
}

/** One paragraph, quoted whole in its original script. */
export function renderParagraph(view: ParagraphView): string {
  return `#${view.meeting.number} ${view.meeting.title} · ¶${view.paragraph}\n「${view.text}」`;
}

export const CONSOLE_HELP = [
  '直接输入问题即可，例如：钟楼区四月份要抓好哪五个精心组织？',
  'Type a question, or a command:',
  '  /meetings        会议列表 · list meetings',
  '  /summary N       会议摘要 · summary of meeting N (number, id or name)',
  '  /source N        上一个回答第 N 条出处的原文 · full paragraph of citation N',
  '  /tasks [N]       任务、负责、期限、目标 · tasks, owners, deadlines, targets',
  '  /people [姓名]    人物及其讲话 · people and what they said',
  '  /timeline 主题    主题时间线 · a topic across meetings in date order',
  '  /reset           清除对话记录 · forget the conversation',
  '  /help            帮助 · this help',
  '  /quit            退出 · exit',
].join('\n');

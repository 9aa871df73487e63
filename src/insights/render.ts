/** Plain-text renderings of tasks, people and timelines for the CLI and the console chat. */
import type { MeetingRef } from '../answer/types.js';
import type { PeopleResult, Person, Task, TasksResult, TimelineResult } from './types.js';

function heading(meeting: MeetingRef): string {
  return [`#${meeting.number} ${meeting.title}`, meeting.date].filter((part) => part !== '').join(' · ');
}

/** The owner, deadline (with its approximate date) and target of a task on one line, or ''. */
export function taskDetails(task: Task): string {
  const parts: string[] = [];
  if (task.owner) parts.push(`负责 ${task.owner}`);
  if (task.deadline) parts.push(`期限 ${task.deadline}${task.deadlineDate ? ` (≈${task.deadlineDate})` : ''}`);
  if (task.target) parts.push(`目标 ${task.target}`);
  return parts.join(' · ');
}

/** Groups items by meeting, keeping the order in which meetings first appear. */
export function groupByMeeting<T extends { meeting: MeetingRef }>(items: T[]): { meeting: MeetingRef; items: T[] }[] {
  const groups: { meeting: MeetingRef; items: T[] }[] = [];
  for (const item of items) {
    const group = groups.find((g) => g.meeting.id === item.meeting.id);
    if (group) group.items.push(item);
    else groups.push({ meeting: item.meeting, items: [item] });
  }
  return groups;
}

/** Tasks grouped by meeting: `¶n text` and a details line per task. */
export function renderTasks(result: TasksResult): string {
  if (result.tasks.length === 0) return '没有找到任务。No tasks found.';
  return groupByMeeting(result.tasks)
    .map(({ meeting, items }) => {
      const lines = items.map((task) => {
        const details = taskDetails(task);
        return `  ¶${task.paragraph} ${task.text}${details ? `\n       ${details}` : ''}`;
      });
      return [`${heading(meeting)} — ${items.length} 项任务 tasks`, ...lines].join('\n');
    })
    .join('\n\n');
}

/** One line per person: name, posts and meeting numbers. */
export function renderPersonLine(person: Person): string {
  const posts = person.posts.length > 0 ? person.posts.join('、') : '（职务未注明 post not stated）';
  return `${person.name} — ${posts} — ${person.meetings.map((m) => `#${m.number}`).join(', ')}`;
}

/** Everyone named, or one person's statements grouped by meeting. */
export function renderPeople(result: PeopleResult, query?: string): string {
  if (result.people.length === 0) {
    return query
      ? `会议中没有提到“${query}”。Nobody of that name in these meetings.`
      : '会议中没有提到任何人。No people named.';
  }
  const person = result.people[0];
  if (!query || !person?.statements) return result.people.map(renderPersonLine).join('\n');
  if (person.statements.length === 0) return `${renderPersonLine(person)}\n  （没有找到讲话内容 no statements found）`;
  const groups = groupByMeeting(person.statements).map(({ meeting, items }) =>
    [heading(meeting), ...items.map((s) => `  ¶${s.paragraph} ${s.text}`)].join('\n'),
  );
  return [renderPersonLine(person), ...groups].join('\n\n');
}

/** The timeline: per meeting in date order, its date line and one or two cited points. */
export function renderTimeline(result: TimelineResult): string {
  if (result.entries.length === 0) return `没有会议提到“${result.topic}”。No meeting mentions this topic.`;
  const entries = result.entries.map((entry) => {
    const year = entry.year && !entry.date.includes(String(entry.year)) ? ` (${entry.year})` : '';
    const when = entry.date ? `${entry.date}${year}` : '日期不详 undated';
    return [
      `${when} · #${entry.meeting.number} ${entry.meeting.title}`,
      ...entry.points.map((p) => `  ¶${p.paragraph} ${p.text}`),
    ].join('\n');
  });
  return [`${result.topic} — ${result.entries.length} 场会议 meetings`, ...entries].join('\n\n');
}

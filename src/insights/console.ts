/** The console chat's /tasks, /people and /timeline: the same renderings as the CLI. */
import { createInsights, type InsightSource } from './insights.js';
import { renderPeople, renderTasks, renderTimeline } from './render.js';

/** Answers `/tasks [meeting]`, `/people [name]` or `/timeline <topic>` as plain text; throws InvalidQuestionError for bad input. */
export function runInsightsCommand(command: string, argument: string, source: InsightSource): string {
  const insights = createInsights(source);
  if (command === '/tasks') return renderTasks(insights.tasks(argument || undefined));
  if (command === '/people') return renderPeople(insights.people(argument || undefined), argument || undefined);
  if (!argument) return '用法 Usage: /timeline <主题 topic>，例如 /timeline 招商引资';
  return renderTimeline(insights.timeline(argument));
}

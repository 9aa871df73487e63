import { beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/insights/timeline.js';
import type { InsightMeeting } from '../../src/insights/types.js';
import { loadSeedMeetings } from './helpers.js';

let meetings: InsightMeeting[];

beforeAll(async () => {
  meetings = await loadSeedMeetings();
});

describe('buildTimeline', () => {
  it('includes meetings #1, #4 and #5 for 招商引资, dated ones first in date order', () => {
    const timeline = buildTimeline(meetings, '招商引资');
    expect(timeline.entries.map((entry) => entry.meeting.number)).toEqual([4, 5, 1]);
    expect(timeline.entries.map((entry) => entry.date)).toEqual(['11月5日下午', '4月1日上午', '']);
    expect(timeline.entries[0]?.year).toBe(2025);
  });

  it('cites one or two sentences per meeting, each taken from its paragraph and naming the topic', () => {
    for (const entry of buildTimeline(meetings, '招商引資').entries) {
      expect(entry.points.length).toBeGreaterThanOrEqual(1);
      expect(entry.points.length).toBeLessThanOrEqual(2);
      const meeting = meetings.find((m) => m.id === entry.meeting.id);
      for (const point of entry.points) {
        expect(point.text).toContain('招商引資');
        for (const piece of point.text.split('…').filter(Boolean)) {
          expect(meeting?.paragraphs[point.paragraph - 1]?.text).toContain(piece);
        }
      }
    }
  });

  it('orders by the year from the page before meetings whose year is unknown', () => {
    const timeline = buildTimeline(meetings, '安全生产');
    expect(timeline.entries.map((entry) => [entry.meeting.number, entry.year])).toEqual([
      [3, 2024],
      [4, 2025],
    ]);
  });

  it('matches every word of a topic that never occurs whole', () => {
    const timeline = buildTimeline(meetings, '童子河 动工');
    expect(timeline.entries.map((entry) => entry.meeting.number)).toEqual([5]);
    expect(timeline.entries[0]?.points[0]?.text).toContain('童子河的規劃設計');
  });

  it('returns no entries for a topic no meeting mentions', () => {
    expect(buildTimeline(meetings, '火星探测')).toEqual({ topic: '火星探测', entries: [] });
  });
});

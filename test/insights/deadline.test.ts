import { beforeAll, describe, expect, it } from 'vitest';
import { approximateDeadline, findDeadline } from '../../src/insights/deadline.js';
import { findOwner, findTarget } from '../../src/insights/fields.js';
import { byRecency, meetingWhen } from '../../src/insights/meeting-date.js';
import type { InsightMeeting } from '../../src/insights/types.js';
import { loadSeedMeetings, meetingNumber } from './helpers.js';

describe('findDeadline', () => {
  it('takes the longest deadline as written', () => {
    expect(findDeadline('特別是童子河的規劃設計,確保今年秋冬期全面動工。')).toBe('今年秋冬期');
    expect(findDeadline('力争年内通过科技部验收')).toBe('年内');
    expect(findDeadline('奋战二季度，确“双过半”')).toBe('二季度');
    expect(findDeadline('确保落实全市六月份的重点项目督查活动')).toBe('六月份');
    expect(findDeadline('确保6月30日前完成整改')).toBe('6月30日前');
  });

  it('ignores time words that look back (前三季度) and tasks without a deadline', () => {
    expect(findDeadline('汇报了前三季度工作成效')).toBeUndefined();
    expect(findDeadline('要全力服务企业，帮助企业化解矛盾')).toBeUndefined();
  });
});

describe('approximateDeadline', () => {
  it('dates 四月份 of a meeting held in March 2014 as 2014-04', () => {
    expect(approximateDeadline('四月份', { year: 2014, month: 3 })).toBe('2014-04');
  });

  it('dates quarters, halves, seasons, 年内 and 明年', () => {
    expect(approximateDeadline('二季度', { year: 2024, month: 5 })).toBe('2024-Q2');
    expect(approximateDeadline('下半年', { year: 2024 })).toBe('2024-H2');
    expect(approximateDeadline('今年秋冬期', { year: 2014 })).toBe('2014-Q4');
    expect(approximateDeadline('年内', { year: 2025 })).toBe('2025');
    expect(approximateDeadline('明年', { year: 2025 })).toBe('2026');
    expect(approximateDeadline('6月30日前', { year: 2024 })).toBe('2024-06');
  });

  it('gives no date when the meeting’s year is unknown', () => {
    expect(approximateDeadline('四月份', { month: 4 })).toBeUndefined();
  });
});

describe('findOwner and findTarget', () => {
  it('names the unit before 要/争取 and nothing for a bare directive', () => {
    expect(findOwner('各街道重点项目开工争取做到“保一争二”，')).toBe('各街道');
    expect(findOwner('全区上下要提高政治站位，')).toBe('全区上下');
    expect(findOwner('各乡镇、各部门要进一步增强责任感和紧迫感，')).toBe('各乡镇、各部门');
    expect(findOwner('要加快推进城市道路改造、建设工作，')).toBeUndefined();
  });

  it('takes quoted, ranked and named targets', () => {
    expect(findTarget('开发区争取做到“保二争三”')).toBe('保二争三');
    expect(findTarget('认真召开好城市长效管理点评会，确保全市考评第一名。')).toBe('确保全市考评第一名');
    expect(findTarget('围绕二季度双过半的要求，明确目标任务。')).toBe('双过半');
    expect(findTarget('做好企业服务')).toBeUndefined();
  });
});

describe('meetingWhen', () => {
  let meetings: InsightMeeting[];
  beforeAll(async () => {
    meetings = await loadSeedMeetings();
  });

  it('reads the page date, the written month and the year a five-year plan closes', () => {
    expect(meetingWhen(meetingNumber(meetings, 3))).toEqual({ year: 2024, month: 5, day: 6 });
    expect(meetingWhen(meetingNumber(meetings, 4))).toEqual({ year: 2025, month: 11, day: 5 });
    expect(meetingWhen(meetingNumber(meetings, 5))).toEqual({ month: 4, day: 1 });
    expect(meetingWhen(meetingNumber(meetings, 1))).toEqual({});
  });

  it('orders meetings most recent first, undated last', () => {
    expect(byRecency(meetings).map((m) => m.number)).toEqual([4, 3, 5, 1, 2]);
  });
});

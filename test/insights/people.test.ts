import { beforeAll, describe, expect, it } from 'vitest';
import { toSimplified } from '../../src/corpus/script.js';
import { findPerson, listPeople, statementsOf } from '../../src/insights/people.js';
import type { InsightMeeting, Person } from '../../src/insights/types.js';
import { loadSeedMeetings, meetingNumber } from './helpers.js';

let meetings: InsightMeeting[];
let people: Person[];

beforeAll(async () => {
  meetings = await loadSeedMeetings();
  people = listPeople(meetings);
});

describe('listPeople', () => {
  it('lists 潘冬铃 (区长), 骆高燕 (区委副书记, 区长), 潘功发 (区委书记) and 罗军 once each', () => {
    const named = (name: string) => people.filter((person) => person.name === name);
    expect(named('潘冬铃')).toEqual([
      { name: '潘冬铃', posts: ['区长'], meetings: [{ id: meetingNumber(meetings, 5).id, number: 5 }] },
    ]);
    expect(named('骆高燕').map((p) => p.posts)).toEqual([['区委副书记', '区长']]);
    expect(named('潘功发').map((p) => p.posts)).toEqual([['区委书记']]);
    expect(named('罗军').map((p) => p.meetings.map((m) => m.number))).toEqual([[1]]);
  });

  it('names nobody twice and takes no verb or post for a name', () => {
    const names = people.map((person) => person.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^\p{Script=Han}{2,3}$/u);
    expect(names).not.toContain('参加');
    expect(names).not.toContain('彭凯等');
  });

  it('merges a traditional and a simplified meeting naming 徐偉南 / 徐伟南 into one person', () => {
    const original = meetingNumber(meetings, 5);
    const copy = {
      ...original,
      id: 'copy',
      number: 6,
      paragraphs: original.paragraphs.map((p) => ({ n: p.n, text: toSimplified(p.text) })),
    };
    const merged = listPeople([original, copy]).filter((person) => person.name === '徐伟南');
    expect(merged.map((person) => person.meetings.map((m) => m.number))).toEqual([[5, 6]]);
  });
});

describe('findPerson and statementsOf', () => {
  it('finds 徐伟南 in either script, with or without the post', () => {
    for (const query of ['徐伟南', '徐偉南', '区委书记徐伟南', '區委書記徐偉南', '徐伟南书记']) {
      expect(findPerson(people, query)?.name).toBe('徐伟南');
    }
    expect(findPerson(people, '张三')).toBeUndefined();
  });

  it('returns 徐伟南’s statements from meeting #5 with their paragraphs, each quoted from its paragraph', () => {
    const person = findPerson(people, '徐伟南') as Person;
    const statements = statementsOf(person, meetings);
    expect(statements.every((s) => s.meeting.number === 5)).toBe(true);
    expect(statements.map((s) => s.paragraph)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(statements[3]?.text).toContain('五個“全力以赴”');
    const zhonglou = meetingNumber(meetings, 5);
    for (const s of statements) expect(zhonglou.paragraphs[s.paragraph - 1]?.text).toContain(s.text.replace(/…$/u, ''));
  });

  it('keeps the requirements a chair announces with the chairing sentence (潘冬铃 主持…提出四方面的要求)', () => {
    const [statement] = statementsOf(findPerson(people, '潘冬鈴') as Person, meetings);
    expect(statement?.paragraph).toBe(7);
    expect(statement?.text).toContain('一是保持良好勢頭');
  });
});

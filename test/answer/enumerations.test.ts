import { beforeAll, describe, expect, it } from 'vitest';
import { findEnumerations, itemNumber, listClauses, parseItemHead } from '../../src/answer/enumerations.js';
import { extractKeyPoints } from '../../src/answer/summary-extractive.js';
import { loadCorpus, type Meeting } from '../../src/corpus/meeting.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

describe('enumerations', () => {
  let meetings: Meeting[];

  beforeAll(async () => {
    meetings = (await loadCorpus(SEEDS_DIR)).meetings;
  });

  function meeting(prefix: string): Meeting {
    const found = meetings.find((m) => m.id.startsWith(prefix));
    if (!found) throw new Error(`no seed ${prefix}`);
    return found;
  }

  it('reads the number and style of item heads', () => {
    expect(parseItemHead('二是把城市建管作为重点')).toEqual({ number: 2, style: 'inline' });
    expect(parseItemHead('四要坚持不懈地做好信访稳定工作')).toEqual({ number: 4, style: 'inline' });
    expect(parseItemHead('三、突出一个“绿”字')).toEqual({ number: 3, style: 'section' });
    expect(parseItemHead('（二）加强干部队伍建设')).toEqual({ number: 2, style: 'paren' });
    expect(itemNumber('会议指出')).toBeUndefined();
  });

  it('splits a list run inside one sentence into its items', () => {
    expect(listClauses('全区各级干部一要聚精会神抓落实,二要坚定不移促转型,三要创新方法求突破。')).toEqual([
      '全区各级干部',
      '一要聚精会神抓落实,',
      '二要坚定不移促转型,',
      '三要创新方法求突破。',
    ]);
  });

  it('follows a list over the paragraphs that continue it (一是 ¶3, 二是 ¶4, 三是 ¶5)', () => {
    const list = findEnumerations(meeting('000'))[0];

    expect(list?.lead?.text).toMatch(/要著重抓好三項工作:$/u);
    expect(list?.items.map((item) => [item.number, item.paragraph.n])).toEqual([
      [1, 3],
      [2, 4],
      [3, 5],
    ]);
  });

  it('reads a speech’s numbered sections with the sentence of ¶2 that announces them as their lead', () => {
    const sections = findEnumerations(meeting('001')).find((list) => list.style === 'section');

    expect(sections?.lead?.text).toBe('就做好全年各项工作,我再强调五点意见。');
    expect(sections?.items.map((item) => item.paragraph.n)).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps the lists inside a section apart from the section itself', () => {
    const inside = findEnumerations(meeting('001')).filter(
      (list) => list.style === 'inline' && list.items[0]?.paragraph.n === 5,
    );

    expect(inside.map((list) => list.items.map((item) => item.head))).toEqual([
      ['一是持续改善空气质量。', '二是切实保护水资源。', '三是大力发展绿色产业。', '四是加大生态保护力度。'],
    ]);
  });

  it('reads a run of clauses separated by semicolons as an unnumbered series', () => {
    const series = findEnumerations(meeting('004')).find(
      (list) => list.style === 'series' && list.items[0]?.paragraph.n === 6,
    );

    expect(series?.lead?.text).toContain('三月份工作進行了簡要總結');
    expect(series?.items).toHaveLength(5);
  });

  it('keeps each parallel task’s decision in the offline summary (推行企业“挂号制”)', () => {
    const points = extractKeyPoints(meeting('002')).map((point) => point.text);

    expect(points.some((text) => text.includes('推行企業“掛號制”'))).toBe(true);
  });
});

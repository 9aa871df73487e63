import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type Meeting } from '../../src/corpus/meeting.js';
import { extractFacts } from '../../src/corpus/metadata.js';
import { SEED_IDS, SEEDS_DIR } from '../helpers/seed-index.js';

describe('extractFacts', () => {
  const meetings = new Map<string, Meeting>();

  beforeAll(async () => {
    for (const meeting of (await loadCorpus(SEEDS_DIR)).meetings) meetings.set(meeting.id, meeting);
  });

  function meeting(prefix: keyof typeof SEED_IDS): Meeting {
    const found = meetings.get(SEED_IDS[prefix]);
    if (!found) throw new Error(`seed ${prefix} did not load`);
    return found;
  }

  it('reads title, date, place and people of the 钟楼区 meeting in its traditional script', () => {
    const facts = meeting('004');

    expect(facts.title).toBe('鐘樓區召開四套班子領導干部(擴大)會議');
    expect(facts.date).toBe('4月1日上午');
    expect(facts.place).toBe('鐘樓區');
    expect(facts.people).toContain('區委書記徐偉南');
    expect(facts.people).toContain('區長潘冬鈴');
  });

  it('reads the date and place of the 黔江区 meeting from its first sentence', () => {
    const facts = meeting('003');

    expect(facts.date).toBe('11月5日下午');
    expect(facts.place).toBe('黔江區');
    expect(facts.people).toContain('區委副書記、區長駱高燕');
  });

  it('takes the date of 002 from the page metadata', () => {
    expect(meeting('002').date).toBe('2024-05-06');
  });

  it('finds no place or date where a speech names none', () => {
    const facts = meeting('001');

    expect(facts.title).toBe('区政府全体(扩大)会议');
    expect(facts.place).toBe('');
    expect(facts.date).toBe('');
  });

  it('gives the same facts for the same text in either script', () => {
    const traditional = meeting('004').paragraphs.map((p) => p.text);
    const fromTraditional = extractFacts(traditional, {});

    expect(fromTraditional.date).toBe('4月1日上午');
    expect(extractFacts(['区委书记徐伟南主持会议并讲话。', '徐伟南强调,要抓好落实。'], {}).people).toEqual([
      '区委书记徐伟南',
    ]);
  });
});

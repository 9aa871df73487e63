import { describe, expect, it } from 'vitest';
import { repairLine } from '../../src/corpus/repair.js';
import { readSeed, type SEED_IDS } from '../helpers/seed-index.js';

/** The raw scraped line of a seed that contains `marker`. */
async function rawLine(seed: keyof typeof SEED_IDS, marker: string): Promise<string> {
  const line = (await readSeed(seed)).split('\n').find((candidate) => candidate.includes(marker));
  if (!line) throw new Error(`seed ${seed} has no line containing ${marker}`);
  return line;
}

describe('repairLine', () => {
  it('removes pinyin readings written after characters', async () => {
    const line = await rawLine('002', '比曬拼創');

    expect(line).toContain('區(qū)');
    expect(repairLine(line)).toBe('大觀區舉行區委常委會擴大會議暨重點工作“比曬拼創”活動');
  });

  it('keeps (擴大) when a pinyin reading sits inside the parentheses', async () => {
    const line = await rawLine('004', '四套班子');

    expect(line).toContain('(擴(kuò)大)');
    expect(repairLine(line)).toContain('鐘樓區召開四套班子領導干部(擴大)會議。');
  });

  it('keeps real parentheses such as (扩大) and (雅安)', async () => {
    expect(repairLine(await rawLine('001', '(扩大)'))).toContain('区政府全体(扩大)会议');
    expect(repairLine(await rawLine('000', '雅安'))).toContain('第三屆中國(雅安)攀西戰略資源創新開發試驗區投資推介會');
  });

  it('recovers the quote and characters a lost byte garbled in 確保“雙過半”', async () => {
    const line = await rawLine('002', '確?!');

    expect(line).toContain('確?!半p過半”');
    const repaired = repairLine(line);
    expect(repaired).toContain('奮戰二季度,確“雙過半”。');
    expect(repaired).not.toMatch(/\?|半p/);
  });

  it('recovers 上下功 after “靶向” from its byte-shifted form', async () => {
    const line = await rawLine('002', '靶向');

    expect(line).toContain('鄙舷鹿Ψ');
    const repaired = repairLine(line);
    expect(repaired).toContain('在“靶向”上下功力爭談一戶簽一戶');
    expect(repaired).not.toContain('鄙舷鹿Ψ');
  });

  it('drops the fragment a lost character leaves behind (?lián))', async () => {
    const line = await rawLine('002', '勇?lián)');

    const repaired = repairLine(line);
    expect(repaired).toContain('突出強作風,勇,全面提升干事成事水平');
    expect(repaired).not.toMatch(/\?[a-z]/);
  });

  it('turns placeholder question marks between words into a space', async () => {
    const line = await rawLine('003', '刺四季度?');

    expect(repairLine(line)).toBe('沖刺四季度 打好收官戰');
  });

  it('keeps a real question mark that follows a question word', () => {
    expect(repairLine('我们怎么办?要抓落实。')).toBe('我们怎么办?要抓落实。');
    expect(repairLine('李明月?審核人:王燦')).toBe('李明月 審核人:王燦');
  });

  it('leaves clean text unchanged', () => {
    const text = '按照“规划引领、分类施策、有序推进”的原则,加快推进老旧小区改造。';

    expect(repairLine(text)).toBe(text);
  });
});

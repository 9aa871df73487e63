import { describe, expect, it } from 'vitest';
import { namedSetOf } from '../../src/answer/unlisted.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

describe('named sets', () => {
  it('reads the set a question names with its size, quoted or not', () => {
    expect(namedSetOf('大观区提到的“三大片区”具体是哪三个片区？')).toBe('三大片区');
    expect(namedSetOf('鍾樓區的「文明創建八大行動」具體是哪八項？')).toBe('文明创建八大行动');
    expect(namedSetOf('东区要着重抓好哪三项工作？')).toBeUndefined();
    expect(namedSetOf('工业领域的“百项攻坚”都有哪些？')).toBe('百项攻坚');
    expect(namedSetOf('要落实的三项工作分别是哪些？')).toBeUndefined();
  });
});

describe('questions the reports touch but do not answer', () => {
  const suite = useSeedAssistant();

  it('says first that a set the report only mentions is not listed, then quotes the mention', async () => {
    const answer = await suite.assistant.ask('大观区要保障的三大片区分别是哪些？');

    expect(answer.answer).toMatch(/^会议报告没有提到“三大片区”具体是哪些。相关内容：.*全面保障“三大片区”/u);
    expect(answer.citations[0]).toMatchObject({ paragraph: 4 });
  });

  it('says it in the question’s script', async () => {
    const answer = await suite.assistant.ask('鐘樓區要組織的八大行動包括哪些？');

    expect(answer.answer).toMatch(/^會議報告沒有提到“八大行動”/u);
  });

  it('says a quoted set counted in 项 or hundreds is not listed, in traditional script too', async () => {
    const answer = await suite.assistant.ask('黔江區要推進的“百項攻堅”分別是哪些？');

    expect(answer.answer).toMatch(/^會議報告沒有提到“百項攻堅”具體是哪些。相關內容：.*百項攻堅/u);
  });

  it('gives the items when a sentence lists them before naming the set', async () => {
    const answer = await suite.assistant.ask('钟楼区招商要抓住的“三大机遇”是哪些？');

    expect(answer.answer).toContain('“新城建设、房地产新政、日本大地震”这三大机遇');
    expect(answer.answer).not.toContain('没有提到');
  });

  it('still gives a quoted list the report does lead with', async () => {
    const answer = await suite.assistant.ask('徐伟南提出的五个“精心组织”分别是什么？');

    expect(answer.answer).toMatch(/^徐伟南指出,当前,要抓好五个“精心组织”。\[1\]一是/u);
  });

  it('answers with the sentence that lists the asked number of quoted items, not a list whose one item touches the topic', async () => {
    const answer = await suite.assistant.ask('钟楼区的拆迁工作要做好哪五个方面？');

    expect(answer.answer).toMatch(/^要从“统一政策、严格执行”.*等五个方面做好拆迁工作/u);
    expect(answer.answer).not.toContain('全力以赴');
  });

  it('says first that the report gives no placing when asked who came first, then what it says of the rating', async () => {
    const answer = await suite.assistant.ask('大观区上季度“比晒拼创”测评谁排名第一？');

    expect(answer.answer).toMatch(/^会议报告没有提到名次或评比结果。相关内容：.*测评/u);
    expect(answer.citations[0]).toMatchObject({ paragraph: 7 });
  });

  it('gives the placing without that note when the quoted sentence states it', async () => {
    const answer = await suite.assistant.ask('钟楼区城市长效管理要在全市考评中排第几？');

    expect(answer.answer).toContain('确保全市考评第一名');
    expect(answer.answer).not.toContain('没有提到');
  });

  it('quotes the sentence that states the asked date first and cites its paragraph first', async () => {
    const answer = await suite.assistant.ask('大观区的常委会扩大会议是哪天举行的？');

    expect(answer.answer).toMatch(/^5月6日上午/u);
    expect(answer.citations[0]).toMatchObject({ paragraph: 2 });
  });

  it('answers 哪几个方面 without a number with the sentence that lists quoted aspects', async () => {
    const answer = await suite.assistant.ask('钟楼区的拆迁要从哪些方面来做？');

    expect(answer.answer).toMatch(/^要从“统一政策、严格执行”.*等五个方面做好拆迁工作/u);
  });

  it('takes a count of years in numerals (百年) for the figure asked, without saying it is missing', async () => {
    const answer = await suite.assistant.ask('黔江区要举办的黔中校庆是多少周年？');

    expect(answer.answer).toContain('百年黔中校庆');
    expect(answer.answer).not.toContain('没有提到');
  });

  it('says the reports give no venue before the nearest sentences', async () => {
    const answer = await suite.assistant.ask('大观区这次会议在哪里召开？');

    expect(answer.answer).toMatch(/^会议报告没有提到会议地点。相关内容：/u);
    expect(answer.citations.length).toBeGreaterThan(0);
  });
});

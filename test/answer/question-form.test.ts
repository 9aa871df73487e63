import { describe, expect, it } from 'vitest';
import { formalQuestion } from '../../src/answer/question-form.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

describe('formalQuestion', () => {
  it('reads 都有啥 and 是啥 as asking for items and for what', () => {
    expect(formalQuestion('东区 三项工作 都有啥')).toBe('东区 三项工作 有哪些');
    expect(formalQuestion('141是啥意思')).toBe('141是什么意思');
  });

  it('reads 几场会 and 哪几个会 as meetings but leaves 哪个会场 and 这次会上 alone', () => {
    expect(formalQuestion('幾場會都提了招商')).toBe('幾次会议都提了招商');
    expect(formalQuestion('哪几个会讲了民生')).toBe('哪几次会议讲了民生');
    expect(formalQuestion('在哪个会场开的')).toBe('在哪个会场开的');
    expect(formalQuestion('这次会上谁发言了')).toBe('这次会上谁发言了');
  });

  it('writes months and quarters the way the reports do', () => {
    expect(formalQuestion('4月份有什么安排')).toBe('四月份有什么安排');
    expect(formalQuestion('Q4要冲刺什么')).toBe('四季度要冲刺什么');
    expect(formalQuestion('前3季度怎么样')).toBe('前三季度怎么样');
  });

  it('keeps dates and other numbers as typed', () => {
    expect(formalQuestion('4月1日开的会讲了什么')).toBe('4月1日开的会讲了什么');
    expect(formalQuestion('2024年GDP增长多少')).toBe('2024年GDP增长多少');
  });

  it('reads 谁讲的话 as who spoke', () => {
    expect(formalQuestion('黔江那个会谁讲的话')).toBe('黔江那个会谁讲话');
  });
});

describe('phone-style questions over the seeds', () => {
  const suite = useSeedAssistant();

  it('lists the five 精心组织 for a question ending in 都有啥', async () => {
    const answer = await suite.assistant.ask('钟楼区 五个精心组织 都有啥');

    const text = normalizePhrase(answer.answer);
    for (const item of ['文明城市创建活动', '经济生产正常运行', '招商考察']) expect(text).toContain(item);
  });

  it('answers a question about 3月份 from the paragraph on 三月份', async () => {
    const answer = await suite.assistant.ask('钟楼区3月份干得咋样');

    expect(answer.citations[0]?.paragraph).toBe(6);
    expect(answer.citations[0]?.meeting.id.startsWith('004')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { askedAttribute } from '../../src/answer/meeting-attributes.js';
import type { Answer } from '../../src/answer/types.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

function citedMeetings(answer: Answer): string[] {
  return [...new Set(answer.citations.map((c) => c.meeting.id.slice(0, 3)))].sort();
}

describe('askedAttribute', () => {
  it('reads which attribute of the meetings a question asks for', () => {
    expect(askedAttribute('各次会议分别由谁主持？')).toEqual({ kind: 'host' });
    expect(askedAttribute('这几次会议分别是哪位领导讲话？')).toEqual({ kind: 'speaker' });
    expect(askedAttribute('这几份材料各是哪一天的会？')).toEqual({ kind: 'date' });
    expect(askedAttribute('两篇报道分别属于哪个区？')).toEqual({ kind: 'district' });
    expect(askedAttribute('这些会议各是什么类型？')).toEqual({ kind: 'name' });
    expect(askedAttribute('这几篇里的区长分别是谁？')).toEqual({ kind: 'holder', post: '区长' });
  });

  it('reads no attribute from a question about a topic', () => {
    expect(askedAttribute('哪些会议提到了招商引资？')).toBeUndefined();
    expect(askedAttribute('哪几次会议谈了区长的讲话要点？')).toBeUndefined();
  });
});

describe('questions about the meetings themselves, answered per meeting', () => {
  const suite = useSeedAssistant();

  it('quotes who chaired each meeting that says so and names the reports that do not', async () => {
    const answer = await suite.assistant.ask('这几份材料里，会议分别由谁主持？');

    expect(citedMeetings(answer)).toEqual(['002', '004']);
    expect(answer.answer).toContain('潘功发主持会议');
    expect(answer.answer).toContain('潘冬铃主持会议');
    expect(answer.answer).toContain('#1、#2、#4 的报告没有写明主持人。');
  });

  it('quotes who spoke at each meeting, by the names the text gives, and names the report that does not say', async () => {
    const answer = await suite.assistant.ask('这几篇报道里分别是谁讲的话？');

    for (const name of ['罗军说', '潘功发主持会议并讲话', '骆高燕出席会议并讲话', '徐伟南强调'])
      expect(answer.answer).toContain(name);
    expect(answer.answer).toContain('#2 的报告没有写明讲话人。');
  });

  it('quotes the sentence naming each holder of an asked post, in the question’s script', async () => {
    const answer = await suite.assistant.ask('這幾篇報道分別提到了哪幾位區長？');

    expect(citedMeetings(answer)).toEqual(['003', '004']);
    expect(answer.answer).toContain('區長駱高燕');
    expect(answer.answer).toContain('區長潘冬鈴');
    expect(answer.answer).toContain('沒有提到區長');
  });

  it('gives each report’s date from its dated sentence when asked on which day each was held', async () => {
    const answer = await suite.assistant.ask('这几篇报道各是哪天开的会？');

    for (const date of ['5月6日上午', '11月5日下午', '4月1日上午']) expect(answer.answer).toContain(date);
    expect(answer.answer).toContain('#1、#2 的报告没有写明日期。');
  });

  it('names each meeting from a reporting sentence rather than its headline when asked what kind it was', async () => {
    const answer = await suite.assistant.ask('这些材料里的会议各是什么类型的会？');

    expect(answer.answer).toContain('5月6日上午,大观区区委常委会扩大会议');
    expect(answer.answer).toContain('黔江区召开渝鄂湘黔边际区域中心城市建设推进大会');
  });

  it('gives each report its district when asked by report, not by meeting', async () => {
    const answer = await suite.assistant.ask('各篇报道分别是哪个区的？');

    for (const place of ['东区', '大观区', '黔江区', '钟楼区']) expect(answer.answer).toContain(place);
  });
});

describe('topics worded otherwise in different meetings', () => {
  const suite = useSeedAssistant();

  it('finds 四季度 for 第四季度 but not 二季度', async () => {
    const answer = await suite.assistant.ask('哪几次会议部署过第四季度的工作？');

    expect(citedMeetings(answer)).toEqual(['000', '003']);
    expect(answer.answer).toContain('全力决胜四季度');
  });

  it('quotes a reporting sentence, not the headline, of a meeting whose title holds the topic', async () => {
    const answer = await suite.assistant.ask('哪些会议讲到了冲刺四季度？');

    expect(answer.answer).toContain('要全力攻坚冲刺四季度');
    expect(answer.citations[0]?.paragraph).toBe(9);
  });

  it('quotes a meeting’s numbered item on the topic with the sentences that hold its detail', async () => {
    const answer = await suite.assistant.ask('哪几次会议对招商引资作了安排？');

    // #2 (项目招引上…招商活动) and #3 (著力提高招商精准度) say it in other words.
    expect(citedMeetings(answer)).toEqual(['000', '001', '002', '003', '004']);
    expect(answer.answer).toContain('四是全力以赴推进招商引资工作。');
    expect(answer.answer).toContain('盯住不放');
  });

  it('finds 文明创建 for 文明城市创建 and cites the meeting that says the whole phrase first', async () => {
    const answer = await suite.assistant.ask('哪几次会议说到了文明城市创建？');

    expect(citedMeetings(answer)).toEqual(['000', '002', '004']);
    expect(answer.citations[0]?.meeting.id.slice(0, 3)).toBe('004');
    expect(answer.answer).toContain('一季度文明创建情况');
  });
});

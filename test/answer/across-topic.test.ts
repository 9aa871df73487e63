import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

function citedMeetings(answer: Answer): string[] {
  return [...new Set(answer.citations.map((c) => c.meeting.id.slice(0, 3)))].sort();
}

describe('questions across meetings read for their topic, not their framing', () => {
  const suite = useSeedAssistant();

  it('drops 方面, 分别, 提了什么要求 from the topic and gives each meeting its point on 招商引资, also said as 招商', async () => {
    const answer = await suite.assistant.ask('各次会议在招商引资方面分别提了什么要求？');

    expect(citedMeetings(answer)).toEqual(['000', '001', '002', '003', '004']);
    expect(answer.answer).toContain('“春季百日竞赛”招商活动');
    expect(answer.answer).not.toContain('没有提到');
  });

  it('asks every meeting its point when the question says 这几次会议…各自 or 这几次会都怎么讲', async () => {
    for (const question of ['这几次会议在招商引资上各自是怎么要求的？', '这几次会 都怎么讲招商引资的']) {
      const answer = await suite.assistant.ask(question);

      expect(citedMeetings(answer)).toEqual(['000', '001', '002', '003', '004']);
      expect(answer.answer).toContain('“春季百日竞赛”招商活动');
    }
  });

  it('finds the meetings that speak of 土地 when the question says 土地方面的要求', async () => {
    const answer = await suite.assistant.ask('哪些会议在土地方面提出了要求？');

    expect(citedMeetings(answer)).toEqual(['001', '004']);
    expect(answer.answer).toContain('土地点供');
  });

  it('names each meeting from its opening sentence when the question asks for the meetings’ names', async () => {
    const answer = await suite.assistant.ask('这几次会议分别叫什么名称？');

    expect(citedMeetings(answer)).toEqual(['001', '002', '003', '004']);
    expect(answer.answer).toContain('区域中心城市建设推进大会');
    expect(answer.answer).toContain('四套班子领导干部(扩大)会议');
    expect(answer.answer).toContain('其他会议（#1）没有提到。');
  });

  it('answers which reports give a date from each meeting’s dated sentence, ignoring words about the reports', async () => {
    const answer = await suite.assistant.ask('这些报告里哪几次会议写明了开会的日期？');

    for (const date of ['5月6日', '11月5日', '4月1日']) expect(answer.answer).toContain(date);
    expect(answer.answer).toContain('的报告没有写明日期。');
  });

  it('answers each meeting’s district from the first sentence that names it', async () => {
    const answer = await suite.assistant.ask('这几次会议分别是在哪个区召开的？');

    for (const place of ['东区', '大观区', '黔江区', '钟楼区']) expect(answer.answer).toContain(place);
    expect(citedMeetings(answer)).toEqual(['000', '001', '002', '003', '004']);
  });

  it('counts either side of 主持或讲话 as the topic and drops a word no meeting uses', async () => {
    const answer = await suite.assistant.ask('哪几次会议由区长出面主持或讲话？');

    expect(citedMeetings(answer)).toEqual(['003', '004']);
    expect(answer.answer).toContain('骆高燕');
    expect(answer.answer).toContain('潘冬铃');
  });

  it('follows a short list item it quotes with the next sentence, which holds the detail', async () => {
    const answer = await suite.assistant.ask('哪些会议提到了水利工程建设？');

    expect(answer.answer).toContain('五是全力以赴推进水利工程建设。[1]特别是童子河的规划设计');
  });

  it('leaves out a leading 在…时 clause and the places, and still declines a topic no meeting has', async () => {
    const compared = await suite.assistant.ask('大观区和钟楼区在回顾前段工作时，对经济运行分别怎么评价？');
    const unknown = await suite.assistant.ask('哪些会议提到了火星移民方面的问题？');

    expect(citedMeetings(compared)).toEqual(['002', '004']);
    expect(compared.answer).toContain('总体平稳');
    expect(unknown.found).toBe(false);
  });
});

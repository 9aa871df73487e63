import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/answer/types.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';

describe('questions about people and posts', () => {
  const suite = useSeedAssistant();

  it('reads the person from the names the text gives, not from a place after the name', async () => {
    const answer = await suite.assistant.ask('徐伟南在钟楼区是什么职务？');

    expect(answer.answer).toContain('区委书记徐伟南');
    expect(answer.citations[0]?.paragraph).toBe(1);
  });

  it('says a post is not given and cites the sentence about the person before the list naming them', async () => {
    const answer = await suite.assistant.ask('金玉在大观区是什么职务？');

    expect(answer.answer).toContain('没有提到金玉的职务');
    expect(answer.answer.indexOf('金玉在讲话中')).toBeLessThan(answer.answer.indexOf('区领导金玉'));
  });

  it('names the holder of each post a question asks, in its order', async () => {
    const answer = await suite.assistant.ask('钟楼区的区委书记和区长各是谁？');

    expect(answer.answer).toContain('区委书记徐伟南');
    expect(answer.answer).toContain('区长潘冬铃');
    expect(answer.answer.indexOf('徐伟南')).toBeLessThan(answer.answer.indexOf('潘冬铃'));
  });

  it('gives the whole attendee sentence when those attending are listed by post and unit', async () => {
    const answer = await suite.assistant.ask('钟楼区开会时都有谁参加了？');

    expect(answer.answer).not.toContain('没有提到');
    expect(answer.answer).toContain('区四套班子全体领导');
    expect(answer.answer).toContain('各街道党工委书记');
    expect(answer.answer).toContain('主要负责人出席会议');
  });

  it('reads 他 in a post follow-up as the person the previous answer names first', async () => {
    const first = '钟楼区谁部署了四月份的工作？';
    const answer = await suite.assistant.ask(first);
    const history: Exchange[] = [{ question: first, answer }];
    const next = await suite.assistant.ask('他担任什么职务？', { history });

    expect(next.answer).toContain('区委书记徐伟南');
  });

  it('reads 什么身份 as asking a post', async () => {
    const answer = await suite.assistant.ask('潘功发在大观区是什么身份？');

    expect(answer.answer).toContain('区委书记潘功发');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { normalizePhrase } from '../../src/eval/completeness.js';
import { buildSeedIndex, SEED_IDS, type SeedIndex } from '../helpers/seed-index.js';

/** `meeting-id-prefix¶n` of each citation, in citation order. */
function cited(answer: Answer): string[] {
  return answer.citations.map((c) => `${c.meeting.id.slice(0, 3)}¶${c.paragraph}`);
}

function citedMeetings(answer: Answer): string[] {
  return [...new Set(answer.citations.map((c) => c.meeting.id.slice(0, 3)))].sort();
}

/** The answer text in the form must-phrases are compared in (simplified, no punctuation, no markers). */
function plain(answer: Answer): string {
  return normalizePhrase(answer.answer);
}

describe('offline answers composed by question kind', () => {
  let seed: SeedIndex;
  let assistant: Assistant;

  beforeAll(async () => {
    seed = await buildSeedIndex();
    assistant = await openAssistant({ ...seed.engine });
  });

  afterAll(async () => {
    await seed.remove();
  });

  describe('lists', () => {
    it('gives the lead and all three items of a list that runs over ¶3, ¶4 and ¶5, each cited to its paragraph', async () => {
      const answer = await assistant.ask('东区四季度要着重抓好哪三项工作？');

      expect(answer.answer).toMatch(
        /要著?着?重抓好三项工作:\[1\]一是把稳定增长摆在首位.*\[1\]二是.*\[2\]三是.*\[3\]$/u,
      );
      expect(cited(answer)).toEqual(['000¶3', '000¶4', '000¶5']);
    });

    it('gives the five numbered sections of a speech for 五点意见 and for 讲话分成哪几部分', async () => {
      for (const question of ['区政府全体会议上强调的五点意见是什么？', '区政府全体会议的讲话分成哪几部分？']) {
        const answer = await assistant.ask(question);

        expect(cited(answer), question).toEqual(['001¶2', '001¶3', '001¶4', '001¶5', '001¶6', '001¶7']);
        for (const phrase of ['坚持一个稳字', '聚焦一个优字', '突出一个绿字', '强化一个实字', '落实一个严字'])
          expect(plain(answer), question).toContain(phrase);
      }
    });

    it('picks the four ecological tasks of ¶5, not the section heading around them', async () => {
      const answer = await assistant.ask('区政府在生态环境方面部署了哪几项工作？');

      for (const phrase of ['持续改善空气质量', '切实保护水资源', '大力发展绿色产业', '加大生态保护力度'])
        expect(plain(answer)).toContain(phrase);
      expect(new Set(cited(answer))).toEqual(new Set(['001¶5']));
    });

    it('reads 部分 and 任务 as asking for a list and 那份 as pointing at the meeting', async () => {
      const answer = await assistant.ask('那份区政府讲话里，“绿”字部分部署了哪几项任务？');

      for (const item of ['一是持续改善空气质量', '四是加大生态保护力度']) expect(answer.answer).toContain(item);
      expect(cited(answer)).toEqual(['001¶5']);
    });

    it('answers which cities to visit from the one item that names them, not the five 精心组织', async () => {
      const answer = await assistant.ask('钟楼区要组织赴哪些城市考察？');

      for (const city of ['北京', '深圳', '苏州', '无锡']) expect(answer.answer).toContain(city);
      expect(answer.answer).not.toContain('五是精心组织');
    });

    it('answers 三月份的工作取得了哪些成绩 from ¶6 of meeting #5 in the question’s script', async () => {
      const traditional = await assistant.ask('鐘樓區三月份的工作取得了哪些成績？');
      const simplified = await assistant.ask('钟楼区三月份的工作取得了哪些成绩？');

      expect(traditional.found).toBe(true);
      expect(traditional.answer).toContain('街道主要領導調整到位');
      expect(simplified.answer).toContain('街道主要领导调整到位');
      expect(new Set(cited(traditional))).toEqual(new Set(['004¶6']));
    });

    it('answers 第三点具体怎么做 after a list answer with that item’s details', async () => {
      const question = '东区四季度要着重抓好哪三项工作？';
      const first = await assistant.ask(question);

      const next = await assistant.ask('第三点具体怎么做？', { history: [{ question, answer: first }] });

      expect(next.answer.startsWith('三是把扶贫帮困抓在实处')).toBe(true);
      expect(plain(next)).toContain('加大保障投入');
      expect(cited(next)).toEqual(['000¶5']);
    });
  });

  describe('questions across meetings', () => {
    // #2 and #3 word it 招商 and 招引 (项目招引上…招商活动, 著力提高招商精准度), which now say 招商引资 too.
    it('cites every meeting that says 招商引资, however worded, one point each under its title', async () => {
      const answer = await assistant.ask('哪些会议提到了招商引资？');

      expect(citedMeetings(answer)).toEqual(['000', '001', '002', '003', '004']);
      expect(answer.answer).toMatch(/^#1《抓执行抓落实/u);
      expect(answer.answer).toContain('\n#4《');
      expect(answer.answer).not.toContain('没有提到');
    });

    it('names the meetings that do not say a topic in a closing line', async () => {
      const answer = await assistant.ask('哪几场会讲了二季度的工作？');

      expect(citedMeetings(answer)).toEqual(['002', '004']);
      expect(answer.answer).toContain('其他会议（#1、#2、#4）没有提到。');
    });

    it('reads 哪几个会 and 哪些区 as asking across meetings', async () => {
      for (const question of ['四季度冲刺哪几个会有部署', '哪些区讲到了四季度冲刺']) {
        const answer = await assistant.ask(question);

        expect(citedMeetings(answer), question).toEqual(['000', '003']);
        // 决胜四季度 says 冲刺四季度 in other words.
        expect(plain(answer), question).toContain(normalizePhrase('全力决胜四季度'));
      }
    });

    it('quotes the sentence holding the topic as the question writes it (就做好二季度工作)', async () => {
      const answer = await assistant.ask('二季度工作都有哪几个会讲了');

      expect(plain(answer)).toContain(normalizePhrase('就做好二季度工作'));
    });

    it('prefers a sentence that tells what to do over one that reports, also outside the retrieved paragraphs', async () => {
      const quarter = await assistant.ask('哪几场会安排了四季度的工作？');
      const investment = await assistant.ask('各次会议对招商引资分别提了什么要求？');

      expect(plain(quarter)).toContain(normalizePhrase('要全力攻坚冲刺四季度'));
      expect(plain(investment)).toContain(normalizePhrase('著力提高招商精准度'));
    });

    it('cites both meetings for 安全生产 and no meeting that only says 安全', async () => {
      const answer = await assistant.ask('哪些会议部署了安全生产工作？');

      expect(citedMeetings(answer)).toEqual(['002', '003']);
    });

    it('compares the judgements of 大观区 and 黔江区 with a point from each', async () => {
      const answer = await assistant.ask('大观区和黔江区对当前经济形势的判断有什么不同？');

      expect(citedMeetings(answer)).toEqual(['002', '003']);
      expect(answer.answer).toContain('稳中慢进');
      expect(answer.answer).toContain('回升向好');
    });

    it('reads the topic of a question in two parts from its first part', async () => {
      const answer = await assistant.ask('哪些会议提到了污水处理？分别放在什么工作里讲？');

      expect(citedMeetings(answer)).toEqual(['001', '002']);
      expect(plain(answer)).toContain(normalizePhrase('污水处理设施'));
    });

    it('declines a question across meetings that no meeting answers instead of quoting a nearby sentence', async () => {
      const answer = await assistant.ask('哪些会议提到了月球基地？');

      expect(answer.found).toBe(false);
      expect(answer.citations).toEqual([]);
    });

    it('keeps a question across meetings to the meeting it is restricted to', async () => {
      const answer = await assistant.ask('哪些会议提到了招商引资？', { meeting: '黔江' });

      expect(citedMeetings(answer)).toEqual(['003']);
    });

    it('dates each meeting that gives a date and says which reports give none', async () => {
      const answer = await assistant.ask('这几次会议分别是在什么时候召开的？');

      expect(citedMeetings(answer)).toEqual(['002', '003', '004']);
      for (const date of ['5月6日', '11月5日', '4月1日']) expect(answer.answer).toContain(date);
      expect(answer.answer).toContain('#1、#2 的报告没有写明日期。');
    });
  });

  describe('related passages', () => {
    it('cites the answering sentence first and lists further passages under 相关段落, not as quotes', async () => {
      const answer = await assistant.ask('童子河什么时候全面动工？');
      const [quoted, ...further] = answer.citations;

      expect(cited(answer)[0]).toBe('004¶4');
      expect(quoted?.related).toBeUndefined();
      expect(further.length).toBeGreaterThan(0);
      expect(further.every((c) => c.related)).toBe(true);
      expect(answer.answer).toMatch(/\n相关段落：(?:\[\d\])+$/u);
      expect(answer.citations.length).toBeLessThanOrEqual(5);
    });

    it('labels them in the question’s script', async () => {
      const answer = await assistant.ask('童子河什麼時候全面動工？');

      expect(answer.answer).toMatch(/\n相關段落：(?:\[\d\])+$/u);
    });
  });

  describe('what is not there', () => {
    it('says the reports do not give an amount before quoting what they say, from the asked meeting only', async () => {
      const answer = await assistant.ask('东区四季度招商引资投入了多少资金？');

      expect(answer.answer.startsWith('会议报告没有提到具体数字。')).toBe(true);
      expect(citedMeetings(answer)).toEqual(['000']);
    });

    it('says so in traditional script for a traditional question', async () => {
      const answer = await assistant.ask('大觀區一季度GDP增長了多少？');

      expect(answer.answer.startsWith('會議報告沒有提到具體數字。')).toBe(true);
    });

    it('follows the missing growth figure with what the report says of the economy, cited first', async () => {
      for (const [question, meeting] of [
        ['黔江区今年以来地区生产总值增速多少？', '003'],
        ['大观区一季度经济增长率是多少？', '002'],
      ] as const) {
        const answer = await assistant.ask(question);

        expect(answer.answer.startsWith('会议报告没有提到具体数字。相关内容：'), question).toBe(true);
        expect(plain(answer), question).toMatch(/^会议报告没有提到具体数字相关内容[^。]*经济运行总体平稳/u);
        expect(cited(answer)[0]?.slice(0, 3), question).toBe(meeting);
      }
    });

    it('finds the days left in the year, asked as 离年末 with who said it, and gives the number without a note', async () => {
      for (const question of ['东区说离年末还有几天？', '罗军说离年底还剩几天']) {
        const answer = await assistant.ask(question);

        expect(plain(answer), question).toContain('不到80天');
        expect(answer.answer, question).not.toContain('没有提到');
        expect(cited(answer)[0], question).toBe('000¶3');
      }
    });

    it('says the reports do not give a date the question asks for', async () => {
      const answer = await assistant.ask('钟楼区教育工作会议在哪天召开？');

      expect(answer.answer.startsWith('会议报告没有提到具体时间。')).toBe(true);
      expect(answer.answer).toContain('教育工作会议');
    });

    it('answers a date the text gives without any such note', async () => {
      const answer = await assistant.ask('童子河什么时候全面动工？');

      expect(answer.answer).not.toContain('没有提到');
      expect(answer.answer).toContain('秋冬期全面动工');
    });

    it('answers 那五个全力以赴呢？ after 五个坚持不懈 with the other list, not the one asked before', async () => {
      const first = '钟楼区会上提出的五个坚持不懈是哪些？';
      const history = [{ question: first, answer: await assistant.ask(first) }];
      const answer = await assistant.ask('那五个全力以赴呢？', { history });

      expect(plain(answer)).toContain(normalizePhrase('五是全力以赴推进水利工程建设'));
      expect(answer.answer).not.toContain('坚持不懈');
    });

    it('gives the whole list when a question only counts a quoted name, in traditional script', async () => {
      const answer = await assistant.ask('鐘樓區提出的五個「堅持不懈」是什麼？');

      expect(answer.answer).toContain('五是堅持不懈地做好黨委換屆工作');
    });

    it('keeps the whole list for 那五個「全力以赴」呢？ after a question that only counts a quoted name', async () => {
      const first = '鐘樓區提出的五個「堅持不懈」是什麼？';
      const history = [{ question: first, answer: await assistant.ask(first) }];
      const answer = await assistant.ask('那五個「全力以赴」呢？', { history });

      expect(answer.answer).toContain('五是全力以赴推進水利工程建設');
      expect(answer.answer).not.toContain('堅持不懈');
    });

    it('answers the follow-up 那黔江区呢？ about 黔江区, not the meeting asked before', async () => {
      const question = '大观区对一季度经济形势怎么判断？';
      const first = await assistant.ask(question);

      const next = await assistant.ask('那黔江区呢？', { history: [{ question, answer: first }] });

      expect(next.found).toBe(true);
      expect(citedMeetings(next)).toEqual(['003']);
      expect(next.answer).toContain('回升向好');
    });
  });

  describe('people and posts', () => {
    it('names who chaired a meeting, citing the sentence that says so', async () => {
      const answer = await assistant.ask('谁主持了钟楼区的会议？');

      expect(answer.answer).toMatch(/^区长潘冬铃主持会议/u);
      expect(cited(answer)).toEqual(['004¶7']);
    });

    it('gives a person’s post from the sentence that names it', async () => {
      const answer = await assistant.ask('骆高燕是什么职务？');

      expect(answer.answer).toContain('区委副书记、区长骆高燕');
      expect(answer.citations[0]?.meeting.id).toBe(SEED_IDS['003']);
    });

    it('names the holder of a post in the named district', async () => {
      const answer = await assistant.ask('黔江区区长是谁？');

      expect(answer.answer).toContain('骆高燕');
      expect(citedMeetings(answer)).toEqual(['003']);
    });

    it('says the text does not give a post it does not give, and where the person appears', async () => {
      const answer = await assistant.ask('罗军是什么职务？');

      expect(answer.answer.startsWith('会议报告没有提到罗军的职务。')).toBe(true);
      expect(citedMeetings(answer)).toEqual(['000']);
    });

    it('finds the name in a post question that starts with where the person spoke', async () => {
      const answer = await assistant.ask('東區講話的羅軍擔任什麼職務？');

      expect(answer.answer.startsWith('會議報告沒有提到羅軍的職務。')).toBe(true);
      expect(citedMeetings(answer)).toEqual(['000']);
    });

    it('does not take 区领导 before a name for the person’s post', async () => {
      const answer = await assistant.ask('大观区会上作讲话的金玉是什么职务？');

      expect(answer.answer.startsWith('会议报告没有提到金玉的职务。')).toBe(true);
    });

    it('says the text does not name the speaker when the sentences about speaking name nobody', async () => {
      const answer = await assistant.ask('区政府全体（扩大）会议上作讲话的领导叫什么名字？');

      expect(answer.answer.startsWith('会议报告没有提到讲话的是谁。')).toBe(true);
      expect(citedMeetings(answer)).toEqual(['001']);
    });

    it('says first that the speaker is not named when asked for the speaker’s name and post together', async () => {
      const answer = await assistant.ask('区政府全体（扩大）会议的发言人是谁，担任什么职务？');

      expect(answer.answer.startsWith('会议报告没有提到讲话的是谁。')).toBe(true);
      expect(citedMeetings(answer)).toEqual(['001']);
    });

    it('answers a follow-up about who else attended from the sentence that names the bodies asked about', async () => {
      const first = '黔江区推进大会上是谁作的讲话？';
      const history = [{ question: first, answer: await assistant.ask(first) }];
      const answer = await assistant.ask('那区人大和区政协的负责人是谁参加的？', { history });

      expect(answer.answer).toMatch(/^区人大常委会主任刘毅,区政协主席姚登惠/u);
      expect(answer.answer).not.toContain('骆高燕');
    });

    it('follows a sentence that names who spoke with the next one that says what they said (他强调)', async () => {
      const answer = await assistant.ask('金玉在大观区会上讲话说了些什么？');

      expect(answer.answer).toMatch(/金玉在讲话中.*\[\d\]就做好二季度工作,他强调.*抓安全、守底线/u);
    });

    it('lists who attended, from the sentences that say 出席', async () => {
      const answer = await assistant.ask('哪些区领导出席了大观区的会议？');

      for (const name of ['金玉', '洪源源', '彭凯']) expect(answer.answer).toContain(name);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { itemPatternOf } from '../../src/answer/compose-pattern.js';
import { findEnumerations } from '../../src/answer/enumerations.js';
import { resolveFollowUp } from '../../src/answer/follow-up.js';
import type { Exchange } from '../../src/answer/types.js';
import { loadCorpus } from '../../src/corpus/meeting.js';
import { useSeedAssistant } from '../helpers/seed-assistant.js';
import { citedRuns, SEEDS_DIR } from '../helpers/seed-index.js';

describe('list answers', () => {
  const suite = useSeedAssistant();

  async function askAfter(first: string, second: string) {
    const answer = await suite.assistant.ask(first);
    const history: Exchange[] = [{ question: first, answer }];
    return suite.assistant.ask(second, { history });
  }

  it('answers a narrowing follow-up with that item’s detail, not the whole list again', async () => {
    const answer = await askAfter('钟楼区四月份的五个“精心组织”是哪些？', '其中人大工作研讨活动要达到什么目的？');

    expect(answer.answer).toMatch(/^五是精心组织12城区人大工作研讨活动。\[1\]要通过举办这次研讨活动/u);
    expect(answer.answer).not.toContain('文明城市');
  });

  it('picks the item a narrowing follow-up names among the list the previous answer cited', async () => {
    const answer = await askAfter('东区全力决胜四季度的三项工作是什么？', '其中扶贫帮困具体怎么抓？');

    expect(answer.answer).toMatch(/^三是把扶贫帮困抓在实处/u);
    expect(answer.answer).not.toContain('城市建管');
  });

  it('answers with the one item a question points at by its place in the list', async () => {
    const answer = await suite.assistant.ask('钟楼区五个“全力以赴”里的第五个是什么？');

    expect(answer.answer).toMatch(/^五是全力以赴推进水利工程建设。\[1\]特别是童子河/u);
  });

  it('answers the numbered section of a speech a question points at, though the text never says 讲话 or 部分', async () => {
    const answer = await suite.assistant.ask('区政府讲话里第三部分讲的是什么？');

    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(/^三、突出一个“绿”字.*一是持续改善空气质量.*四是加大生态保护力度/su);
  });

  it('takes an item of the meeting a follow-up names, not of the list the previous answer cited', async () => {
    const answer = await askAfter('钟楼区四月份的五个“精心组织”是哪些？', '东区的三项工作里第二项是什么？');

    expect(answer.answer).toMatch(/^二是把城市建管作为重点/u);
  });

  it('lists every clause of the quoted shape a question asks for, in order, each cited', async () => {
    const answer = await suite.assistant.ask('大观区书记讲话里那几句“以……”分别是怎么说的？');
    const heads = citedRuns(answer.answer).runs.map((run) => run.text.slice(0, 6));

    expect(heads).toEqual(['要以实的举措', '要以拼的韧性', '要以干的状态', '要以统的节奏']);
  });

  it('reads a count in 件 or 几方面 as a list question', async () => {
    const things = await suite.assistant.ask('东区决胜四季度要抓好的几件事是什么？');
    const aspects = await suite.assistant.ask('区长主持会议时就落实会议精神提出了几方面要求？');

    expect(things.answer).toMatch(/一是把稳定增长.*二是把城市建管.*三是把扶贫帮困/su);
    expect(aspects.answer).toMatch(/一是保持良好势头.*二是查找薄弱环节.*三是改进、提升方法.*四是加快推进落实/su);
  });

  it('answers a list of the asked size when the question says only its size', async () => {
    const answer = await suite.assistant.ask('东区的三项工作是什么？');

    expect(answer.answer).toMatch(/一是把稳定增长.*二是把城市建管.*三是把扶贫帮困/su);
  });

  it('takes a set phrase of the same meaning for the one the list is named by (常抓不懈 → 坚持不懈)', async () => {
    const answer = await suite.assistant.ask('钟楼区要常抓不懈的五项工作是什么？');

    expect(answer.answer).toMatch(/^徐伟南指出,当前,还必须抓好五个“坚持不懈”。/u);
  });

  it('takes the list under the section a question quotes (“实”字), not one whose lead merely says 落实', async () => {
    const answer = await suite.assistant.ask('区政府全体会议讲话里“实”字这部分有哪些要求？');

    expect(answer.answer).toMatch(/一是优先发展教育事业.*四是加强社会治理创新/su);
    expect(answer.answer).not.toContain('旗帜鲜明讲政治');
  });

  it('lists the demands at the best passage when the question’s other words are the meeting’s title', async () => {
    const answer = await suite.assistant.ask('黔江区在四季度要抓好哪些工作？');
    const runs = citedRuns(answer.answer).runs;

    expect(runs.length).toBeGreaterThanOrEqual(9);
    expect(runs.at(-1)?.text).toMatch(/^要抓好当前重点工作/u);
  });

  it('takes the numbered list under the section whose heading says the question’s topic', async () => {
    const green = await suite.assistant.ask('区政府那次全体会议关于生态环保列了哪些具体做法？');
    const livelihood = await suite.assistant.ask('区政府全体会议上民生这方面安排了哪些事？');

    expect(green.answer).toMatch(
      /一是持续改善空气质量.*二是切实保护水资源.*三是大力发展绿色产业.*四是加大生态保护力度/su,
    );
    expect(livelihood.answer).toMatch(/一是优先发展教育事业.*二是深化医疗卫生体制改革.*四是加强社会治理创新/su);
    expect(livelihood.answer).not.toContain('持续改善空气质量');
  });

  it('lists a speaker’s whole run of demands when the question’s words fall in different items', async () => {
    const answer = await suite.assistant.ask('骆高燕就冲刺四季度和谋划明年工作都提出了哪些要求？');
    const runs = citedRuns(answer.answer).runs;

    expect(runs[0]?.text).toMatch(/^骆高燕强调/u);
    expect(runs.at(-1)?.text).toMatch(/^要抓好当前重点工作/u);
    expect(runs.length).toBe(9);
  });

  it('lists the items a lead names by count and quoted phrase, asked without quotes and not as a list', async () => {
    const answer = await suite.assistant.ask('钟楼区书记讲的五个坚持不懈具体指什么');
    const runs = citedRuns(answer.answer).runs;

    expect(runs[0]?.text).toMatch(/五个“坚持不懈”/u);
    expect(runs.slice(1).map((run) => run.text.slice(0, 2))).toEqual(['一是', '二是', '三是', '四要', '五是']);
  });

  it('lists the clauses of a quoted pattern that repeats the opener (“要以……”)', async () => {
    const answer = await suite.assistant.ask('大观区书记讲的几个“要以……”各是什么？');
    const heads = citedRuns(answer.answer).runs.map((run) => run.text.slice(0, 6));

    expect(heads).toEqual(['要以实的举措', '要以拼的韧性', '要以干的状态', '要以统的节奏']);
  });

  it('answers with the sentence that runs the list inline (names joined by 、) when no numbered list does', async () => {
    const answer = await suite.assistant.ask('黔江区这次推进大会上是哪些专班作的汇报？');
    const runs = citedRuns(answer.answer).runs;

    expect(runs[0]?.text).toMatch(/城市工作专班、工业高质量发展工作专班、文旅融合发展工作专班、现代农业产业发展专班/u);
  });

  it('answers with the sentence of parallel pairs (抓项目、扩投资,…), not the one that names the speaker among guests', async () => {
    const answer = await suite.assistant.ask('金玉讲二季度工作时点了哪几个重点？');
    const runs = citedRuns(answer.answer).runs;

    expect(runs[0]?.text).toMatch(/抓项目、扩投资,抓招商、增动能,抓片区、强园区,挖潜力、促消费,抓安全、守底线/u);
    expect(answer.answer).not.toContain('洪源源');
  });

  it('lists a run of semicolon demands although the question adds 抓好 and 具体事项', async () => {
    const answer = await suite.assistant.ask('大观区以统的节奏推进重难点工作，要抓好哪些具体事项？');

    for (const item of ['党纪学习教育', '巡视反馈意见整改', '生态环保督察', '安全风险防范', '交办事项', '民生实事'])
      expect(answer.answer).toContain(item);
  });
});

describe('unnumbered runs of demands', () => {
  async function seed(prefix: string) {
    const { meetings } = await loadCorpus(SEEDS_DIR);
    const found = meetings.find((m) => m.id.startsWith(prefix));
    if (!found) throw new Error(`no seed ${prefix}`);
    return found;
  }

  it('reads a speaker’s sentences that each open with 要 as one list, led by the sentence before them', async () => {
    const run = findEnumerations(await seed('003')).find((list) => list.items.length === 8);

    expect(run?.lead?.text).toMatch(/^駱高燕強調/u);
    expect(run?.items.map((item) => item.head.slice(0, 4))).toEqual([
      '要堅持黨',
      '要全力攻',
      '要強化重',
      '要推動改',
      '要抓好安',
      '要強化向',
      '要加快“',
      '要抓好當',
    ]);
  });

  it('does not read a run of semicolon clauses a second time as a run of demands', async () => {
    const lists = findEnumerations(await seed('002')).filter((list) => list.items[0]?.paragraph.n === 5);

    expect(lists).toHaveLength(1);
    expect(lists[0]?.items).toHaveLength(6);
  });
});

describe('narrowing follow-ups', () => {
  const history: Exchange[] = [
    {
      question: '五个全力以赴是什么？',
      answer: { question: '五个全力以赴是什么？', answer: '', mode: 'extractive', found: true, citations: [] },
    },
  ];

  it('keeps what a 其中 question asks of one item', () => {
    expect(resolveFollowUp('其中招商引资抓哪些机遇？', history).narrowed).toMatch(/^招商引资抓哪些机遇/u);
  });

  it('does not narrow a 其中 question with no words of its own', () => {
    expect(resolveFollowUp('其中呢？', history).narrowed).toBeUndefined();
  });
});

describe('item patterns', () => {
  it('reads the words a quoted pattern opens or closes with', () => {
    expect(itemPatternOf('从哪几个「以……」的角度提出要求？')).toEqual(['以', '']);
    expect(itemPatternOf('哪些工作要做到“……到位”？')).toEqual(['', '到位']);
    expect(itemPatternOf('用“以……的……”概括了哪几点？')).toEqual(['以', '的', '']);
    expect(itemPatternOf('五个“全力以赴”是什么？')).toBeUndefined();
  });
});

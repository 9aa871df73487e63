/** A small in-memory Assistant for Telegram tests: two meetings, keyword answers, recorded calls. */
import type { Answer, AskOptions, Assistant, Citation, MeetingInfo, Summary } from '../../src/answer/types.js';
import { InvalidQuestionError } from '../../src/errors.js';

const MEETINGS: { info: MeetingInfo; paragraphs: string[] }[] = [
  {
    info: {
      id: 'm-zhonglou',
      number: 1,
      title: '钟楼区召开四套班子领导干部（扩大）会议部署四月份工作',
      date: '4月1日上午',
      place: '钟楼区',
      people: ['区委书记徐伟南'],
      paragraphs: 3,
    },
    paragraphs: [
      '4月1日上午，钟楼区召开四套班子领导干部（扩大）会议。',
      '徐伟南强调，四月份要精心组织文明城市创建活动，开好全区文明创建工作动员会。',
      '会议要求抓好安全生产，确保全区安全形势稳定。',
    ],
  },
  {
    info: {
      id: 'm-daguan',
      number: 2,
      title: '大观区举行区委常委会扩大会议',
      date: '2024-05-06',
      place: '大观区',
      people: [],
      paragraphs: 2,
    },
    paragraphs: ['5月6日上午，大观区区委常委会扩大会议举行。', '会议要求以“比晒拼创”推动重点工作落实 <快> & 好。'],
  },
];

function cite(n: number, meetingIndex: number, paragraph: number): Citation {
  const meeting = MEETINGS[meetingIndex];
  if (!meeting) throw new Error(`no fake meeting ${meetingIndex}`);
  const { id, number, title, date } = meeting.info;
  return { n, meeting: { id, number, title, date }, paragraph, text: meeting.paragraphs[paragraph - 1] ?? '' };
}

/** The fake plus what it was asked. */
export interface FakeAssistant extends Assistant {
  asked: { question: string; options?: AskOptions }[];
}

/** Creates the fake; `overrides` replace single methods (for failures or special answers). */
export function createFakeAssistant(overrides: Partial<Assistant> = {}): FakeAssistant {
  const asked: FakeAssistant['asked'] = [];
  const resolveMeeting = (ref: string) =>
    MEETINGS.map((m) => m.info).find((m) => String(m.number) === ref || m.id === ref || m.title.includes(ref));
  const fake: FakeAssistant = {
    asked,
    async ask(question, options) {
      asked.push({ question, options });
      if (question.includes('天气')) {
        return { question, answer: '会议报告没有涉及这个问题。', mode: 'extractive', found: false, citations: [] };
      }
      const answer: Answer = {
        question,
        answer: '四月份要精心组织文明城市创建活动[1]，并以“比晒拼创”推动重点工作[2]。',
        mode: 'extractive',
        found: true,
        citations: [cite(1, 0, 2), cite(2, 1, 2)],
      };
      return answer;
    },
    async summarize(ref) {
      const meeting = MEETINGS.find((m) => m.info === resolveMeeting(ref));
      if (!meeting)
        throw new InvalidQuestionError(`no meeting ${ref}`, `找不到会议“${ref}”，发送 /meetings 查看列表。`);
      const index = MEETINGS.indexOf(meeting);
      const summary: Summary = {
        meeting: meeting.info,
        summary: `${meeting.info.title}\n1. ${meeting.paragraphs[1]}[1]`,
        points: [{ text: meeting.paragraphs[1] ?? '', citations: [1] }],
        citations: [cite(1, index, 2)],
        mode: 'extractive',
      };
      return summary;
    },
    meetings: () => MEETINGS.map((m) => m.info),
    paragraph(meetingId, n) {
      const meeting = MEETINGS.find((m) => m.info.id === meetingId);
      const text = meeting?.paragraphs[n - 1];
      if (!meeting || text === undefined) return undefined;
      return { meeting: meeting.info, paragraph: n, text, hasPrevious: n > 1, hasNext: n < meeting.paragraphs.length };
    },
    resolveMeeting,
    ...overrides,
  };
  return fake;
}

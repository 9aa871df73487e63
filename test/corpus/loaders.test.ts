import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answer/types.js';
import { openAssistant } from '../../src/app.js';
import { loadCorpus, type Meeting, meetingIdOf, parseMeeting } from '../../src/corpus/meeting.js';
import { DocumentError } from '../../src/errors.js';
import { makeChinesePdf, makeDocx, makeGbkHtmlPage, makeScannedPdf } from '../helpers/documents.js';
import { createTempDir, SEEDS_DIR, type TempDir } from '../helpers/seed-index.js';

async function failureOf(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DocumentError)) throw new Error(`expected DocumentError, got ${String(error)}`);
  return error;
}

const texts = (meeting: Meeting) => meeting.paragraphs.map((p) => p.text);

describe('loaders', () => {
  let html: Meeting;
  let docx: Meeting;
  let pdf: Meeting;

  beforeAll(async () => {
    html = { ...(await parseMeeting('tianning.html', makeGbkHtmlPage())), number: 1 };
    docx = { ...(await parseMeeting('xinbei.docx', await makeDocx())), number: 2 };
    pdf = { ...(await parseMeeting('wujin.pdf', makeChinesePdf())), number: 3 };
  });

  it('reads a GB2312 page as its article only, without navigation, ads, share bar, sidebar or footer', () => {
    expect(html.encoding).toBe('gb18030');
    const all = texts(html).join('\n');
    expect(all).toContain('区水利局要在6月20日前完成全区28座排涝泵站的检修');
    for (const furniture of ['首页', '家电大促销', '分享到', '热点排行', '版权所有', '苏ICP备']) {
      expect(all).not.toContain(furniture);
    }
  });

  it('takes the title from the article heading and the date and source from the page', () => {
    expect(html.title).toBe('天宁区召开防汛工作会议');
    expect(html.date).toBe('2024-06-12');
    expect(html.metadata.source).toBe('天宁区融媒体中心');
    expect(html.place).toBe('天宁区');
  });

  it('turns an HTML table into one paragraph per row', () => {
    expect(texts(html)).toContain('区水利局 | 排涝泵站检修 | 6月20日');
  });

  it('reads a .docx as headings and paragraphs in order, with numbered list items and table rows', () => {
    expect(texts(docx)).toEqual([
      '新北区召开文明城市创建推进会',
      '2024年5月8日上午，新北区召开文明城市创建推进会，区委书记陈志远主持会议。',
      '一、工作要求',
      '会议要求，全区上下要以迎检为契机，做好以下三项工作：',
      '1. 整治背街小巷的占道经营，五月底前全部清理到位。',
      '2. 在每个社区设立志愿服务站，招募志愿者一千名。',
      '3. 公共场所的公益广告覆盖率达到百分之百。',
      '二、责任分工',
      '牵头单位 | 工作内容',
      '区城管局 | 背街小巷整治',
      '区文明办 | 志愿服务站建设',
    ]);
    expect(docx.title).toBe('新北区召开文明城市创建推进会');
    expect(docx.date).toBe('2024年5月8日上午');
    expect(docx.people).toContain('区委书记陈志远');
  });

  it('joins the lines of a two-page PDF into paragraphs and drops its running header and page numbers', () => {
    expect(texts(pdf)).toEqual([
      '武进区召开乡村振兴工作会议',
      '7月3日上午，武进区召开乡村振兴工作会议，副区长赵丽华出席会议并讲话。会议听取了各镇乡村振兴工作进展情况的汇报，研究部署下半年重点工作。',
      '会议指出，要大力发展特色农业，打造“一镇一品”，力争年底前建成高标准农田三万亩，培育省级农业龙头企业五家。',
      '会议要求，各镇要加快农村人居环境整治，九月底前完成一百个村庄的污水管网改造，确保农村生活污水处理率达到百分之九十。',
      '赵丽华强调，乡村振兴关键在人，要完善人才引进政策，吸引大学生返乡创业。',
    ]);
    expect(pdf.title).toBe('武进区召开乡村振兴工作会议');
    expect(pdf.place).toBe('武进区');
    expect(pdf.date).toBe('7月3日上午');
  });

  it('rejects a scanned PDF without a text layer with a clear reason instead of an empty meeting', async () => {
    const error = await failureOf(parseMeeting('scan.pdf', makeScannedPdf()));

    expect(error.message).toBe('scan.pdf: no text layer; OCR is not supported (a scanned PDF?)');
  });

  it('rejects a corrupt .docx and a corrupt PDF, naming the file', async () => {
    expect((await failureOf(parseMeeting('bad.docx', Buffer.from('not a zip')))).message).toMatch(
      /^bad\.docx: not a readable \.docx/,
    );
    expect((await failureOf(parseMeeting('bad.pdf', Buffer.from('%PDF-1.4 garbage')))).message).toMatch(
      /^bad\.pdf: not a readable PDF/,
    );
  });

  it('turns markdown front matter into metadata, not paragraphs', async () => {
    const md =
      '---\ntitle: 金坛区召开安全生产会议\ndate: 2024-03-02\nsource: https://example.org/a\n---\n# 会议内容\n会议要求，各镇要开展安全生产大检查，三月底前完成。\n';

    const meeting = await parseMeeting('jintan.md', Buffer.from(md));

    expect(meeting.title).toBe('金坛区召开安全生产会议');
    expect(meeting.date).toBe('2024-03-02');
    expect(meeting.metadata.source).toBe('https://example.org/a');
    expect(meeting.paragraphs.map((p) => p.text)).toEqual([
      '会议内容',
      '会议要求，各镇要开展安全生产大检查，三月底前完成。',
    ]);
  });

  it('skips a file that is only pinyin readings, with the reason', async () => {
    const error = await failureOf(parseMeeting('debris.txt', Buffer.from('(qū)(yù)(fā)(zhǎn)\n(qū)?\n')));

    expect(error.message).toBe('debris.txt: only debris (pinyin readings, placeholders), no meeting text');
  });

  it('keeps .txt and .md ids as the base name and gives other formats their extension, so a.txt and a.pdf coexist', () => {
    expect(meetingIdOf('004_e8e8e54d7c3c5c4e.txt')).toBe('004_e8e8e54d7c3c5c4e');
    expect(meetingIdOf('sub/a.md')).toBe('a');
    expect(meetingIdOf('a.pdf')).toBe('a.pdf');
    expect(meetingIdOf('a.DOCX')).toBe('a.DOCX');
  });
});

describe('loadCorpus over every format', () => {
  let dir: TempDir;
  let index: TempDir;
  let assistant: Assistant;

  beforeAll(async () => {
    dir = await createTempDir();
    index = await createTempDir();
    await writeFile(join(dir.path, 'report.html'), makeGbkHtmlPage());
    await writeFile(join(dir.path, 'report.docx'), await makeDocx());
    await writeFile(join(dir.path, 'report.pdf'), makeChinesePdf());
    await writeFile(join(dir.path, 'report.txt'), '溧阳市召开旅游发展大会，要求年内新建三个精品民宿集聚区。');
    await writeFile(join(dir.path, 'scan.pdf'), makeScannedPdf());
    await symlink(join(SEEDS_DIR, '004_e8e8e54d7c3c5c4e.txt'), join(dir.path, 'linked.txt'));
    await symlink(dir.path, join(dir.path, 'loop'));
    assistant = await openAssistant({ seedsDir: dir.path, indexDir: index.path });
  });

  afterAll(async () => {
    await dir.remove();
    await index.remove();
  });

  it('loads each format as its own meeting, follows a symlinked file without looping and reports the scan', async () => {
    const corpus = await loadCorpus(dir.path);

    expect(corpus.meetings.map((m) => m.id)).toEqual(['linked', 'report', 'report.docx', 'report.html', 'report.pdf']);
    expect(corpus.errors.map((e) => e.message)).toEqual([
      'scan.pdf: no text layer; OCR is not supported (a scanned PDF?)',
    ]);
  });

  it('reuses a stored meeting for a file with unchanged bytes instead of parsing it again', async () => {
    const first = await loadCorpus(dir.path);
    const stored = first.meetings.find((m) => m.id === 'report.pdf');
    const seen: string[] = [];

    const again = await loadCorpus(dir.path, {
      reuse: (file, hash) => {
        seen.push(file);
        return file === 'report.pdf' && hash === stored?.hash ? { ...stored, title: 'stored copy' } : undefined;
      },
    });

    expect(seen).toContain('report.pdf');
    expect(again.meetings.find((m) => m.id === 'report.pdf')?.title).toBe('stored copy');
    expect(again.meetings.find((m) => m.id === 'report.docx')?.title).toBe('新北区召开文明城市创建推进会');
  });

  it.each([
    ['report.html', '区水利局要在什么时候前完成排涝泵站的检修？', '6月20日前完成全区28座排涝泵站的检修'],
    ['report.docx', '每个社区的志愿服务站要招募多少志愿者？', '招募志愿者一千名'],
    ['report.pdf', '九月底前要完成多少个村庄的污水管网改造？', '一百个村庄的污水管网改造'],
  ])('answers a question from %s with a citation into it', async (id, question, quoted) => {
    const answer = await assistant.ask(question);

    expect(answer.found).toBe(true);
    const [first] = answer.citations;
    expect(first?.meeting.id).toBe(id);
    expect(first?.text).toContain(quoted);
  });
});

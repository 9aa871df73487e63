/** Real documents in every supported format, made by the test suite: a GBK web page, a .docx, text and scanned PDFs. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
} from 'docx';
import iconv from 'iconv-lite';
import { layOut, makeScannedPdf, makeTextPdf } from './make-pdf.js';

/** A GB2312-declared news page with navigation, an ad box, a share bar and a footer around the article. */
export function makeGbkHtmlPage(): Buffer {
  const html = `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>天宁区召开防汛工作会议_天宁新闻网</title>
<meta name="PubDate" content="2024-06-12 09:30">
<meta name="ContentSource" content="天宁区融媒体中心">
</head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">天宁要闻</a> | <a href="/notice">通知公告</a> | <a href="/contact">联系我们</a></div>
<div class="ad-banner"><a href="/ad">夏季家电大促销，全场五折起，点击立即抢购！</a></div>
<div id="main"><div class="article">
<h1>天宁区召开防汛工作会议</h1>
<p class="info">发布时间：2024-06-12 09:30　来源：天宁区融媒体中心</p>
<p>6月11日下午，天宁区召开防汛工作会议，区委副书记、区长王建国出席会议并讲话。会议总结了去年防汛工作，分析了今年汛期形势，部署了下一阶段重点任务。</p>
<p>会议指出，今年汛期降雨偏多，全区要坚决克服麻痹思想，压紧压实防汛责任，确保人民群众生命财产安全。各街道要对辖区内的低洼地段、地下车库和老旧小区开展全面排查。</p>
<p>会议要求，区水利局要在6月20日前完成全区28座排涝泵站的检修，区应急管理局要储备沙袋五万只，组建一支两百人的抢险突击队，做到召之即来、来之能战。</p>
<table><tr><th>单位</th><th>任务</th><th>完成时限</th></tr>
<tr><td>区水利局</td><td>排涝泵站检修</td><td>6月20日</td></tr>
<tr><td>区应急管理局</td><td>储备沙袋五万只</td><td>6月25日</td></tr></table>
<p>王建国强调，要严格落实二十四小时值班制度，遇到险情第一时间上报、第一时间处置。</p>
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
</div>
<div class="sidebar"><h3>热点排行</h3><ul><li><a href="/1">天宁区举办夏季招聘会</a></li><li><a href="/2">天宁区开展垃圾分类宣传</a></li></ul></div>
<div class="footer">版权所有：天宁区人民政府 地址：天宁区政府路1号 联系电话：0519-12345678 苏ICP备12345678号</div>
</body></html>`;
  return iconv.encode(html, 'gbk');
}

/** A Word file with a title, a heading, body paragraphs, a numbered list and a table. */
export function makeDocx(): Promise<Buffer> {
  const document = new Document({
    numbering: {
      config: [
        {
          reference: 'tasks',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: '新北区召开文明城市创建推进会', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('2024年5月8日上午，新北区召开文明城市创建推进会，区委书记陈志远主持会议。'),
          new Paragraph({ text: '一、工作要求', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('会议要求，全区上下要以迎检为契机，做好以下三项工作：'),
          new Paragraph({
            text: '整治背街小巷的占道经营，五月底前全部清理到位。',
            numbering: { reference: 'tasks', level: 0 },
          }),
          new Paragraph({
            text: '在每个社区设立志愿服务站，招募志愿者一千名。',
            numbering: { reference: 'tasks', level: 0 },
          }),
          new Paragraph({
            text: '公共场所的公益广告覆盖率达到百分之百。',
            numbering: { reference: 'tasks', level: 0 },
          }),
          new Paragraph({ text: '二、责任分工', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('牵头单位')] }),
                  new TableCell({ children: [new Paragraph('工作内容')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('区城管局')] }),
                  new TableCell({ children: [new Paragraph('背街小巷整治')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('区文明办')] }),
                  new TableCell({ children: [new Paragraph('志愿服务站建设')] }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

const PDF_HEADER = { text: '武进区人民政府办公室　会议纪要', x: 72, y: 805, size: 9 };
const pageNumber = (n: number) => ({ text: `— ${n} —`, x: 285, y: 40, size: 9 });

/** A two-page Chinese PDF with a running header and page numbers; paragraphs wrap over several lines. */
export function makeChinesePdf(): Buffer {
  const page1 = layOut([
    '武进区召开乡村振兴工作会议',
    '7月3日上午，武进区召开乡村振兴工作会议，副区长赵丽华出席会议并讲话。会议听取了各镇乡村振兴工作进展情况的汇报，研究部署下半年重点工作。',
    '会议指出，要大力发展特色农业，打造“一镇一品”，力争年底前建成高标准农田三万亩，培育省级农业龙头企业五家。',
  ]);
  const page2 = layOut([
    '会议要求，各镇要加快农村人居环境整治，九月底前完成一百个村庄的污水管网改造，确保农村生活污水处理率达到百分之九十。',
    '赵丽华强调，乡村振兴关键在人，要完善人才引进政策，吸引大学生返乡创业。',
  ]);
  return makeTextPdf([
    [PDF_HEADER, ...page1, pageNumber(1)],
    [PDF_HEADER, ...page2, pageNumber(2)],
  ]);
}

export { makeScannedPdf };

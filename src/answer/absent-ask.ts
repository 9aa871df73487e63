import type { Meeting } from '../corpus/meeting.js';
import { normalizeText } from '../corpus/script.js';

/**
 * What a personal or consumer question asks for (a ticket, a house price, a rate, a fee, a phone number, opening hours):
 * a question about one of these is answered only by a text that names it.
 */
const ASKED_THING =
  /门票|票价|房价|房租|租金|利率|利息|价钱|学费|薪资|薪水|电话号码|联系方式|营业时间|开放时间|优惠券|报名费/gu;

/** Asking where or how to buy (在哪买, 哪里能买到, 怎么买): answered only by a text that says where it is sold. */
const ASKS_WHERE_TO_BUY = /(?:哪|哪里|哪儿|怎么|如何)(?:能|可以|才能)?(?:买|购买|订|预订|预约)/u;
const SAYS_SOLD = /售|购|买|订/u;

/** Asking the price per square metre (多少一平, 每平米多少). */
const ASKS_PER_AREA = /多少(?:钱)?一平|每平(?:米|方)?多少|一平(?:米|方)?多少/u;

const corpusTexts = new WeakMap<readonly Meeting[], string>();

function corpusText(meetings: readonly Meeting[]): string {
  let text = corpusTexts.get(meetings);
  if (text === undefined) {
    text = normalizeText(meetings.map((m) => `${m.title}${m.paragraphs.map((p) => p.text).join('')}`).join('\n'));
    corpusTexts.set(meetings, text);
  }
  return text;
}

/**
 * True when the question asks for a consumer detail (门票, 房价, 利率, where to buy, the price a square metre) that no
 * meeting of `corpus` mentions at all: a report that names the place or event (钟楼区, 西博会) does not answer it.
 */
export function asksAbsentThing(question: string, corpus: readonly Meeting[]): boolean {
  const asked = normalizeText(question);
  const text = corpusText(corpus);
  const things = asked.match(ASKED_THING) ?? [];
  if (things.some((thing) => !text.includes(thing))) return true;
  if (ASKS_WHERE_TO_BUY.test(asked) && !SAYS_SOLD.test(text)) return true;
  return ASKS_PER_AREA.test(asked) && !/平方米|平米|㎡/u.test(text);
}

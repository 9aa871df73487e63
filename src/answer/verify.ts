import { isMostlyHan } from '../corpus/script.js';
import { isSupported } from './support.js';

export { SUPPORT_THRESHOLD, supportRatio } from './support.js';

const CITATION = /\[(\d+(?:\s*[,，、]\s*\d+)*)\]/g;
/**
 * A sentence: up to 。！？!? or a full stop before a space, `[` or the end, with the markers after it; a full stop
 * after a digit does not end one (`3.5`, the `1. ` of a numbered list).
 */
const SENTENCE =
  /(?:[^。！？!?.\n]|(?<=\d)\.|\.(?![\s[]|$))+(?:[。！？!?]+|(?<!\d)\.+(?=[\s[]|$)|\n|$)(?:\s*\[\d+(?:\s*[,，、]\s*\d+)*\])*/gu;

/** A sentence of a reply with the citation numbers it carries (markers removed from `text`). */
export interface CitedSentence {
  text: string;
  citations: number[];
  /** The sentence ended a line in the reply. */
  lineEnd: boolean;
}

function toCitedSentence(piece: string, lineEnd: boolean): CitedSentence {
  const citations: number[] = [];
  for (const match of piece.matchAll(CITATION)) {
    for (const n of (match[1] ?? '').split(/[,，、]/)) citations.push(Number(n.trim()));
  }
  return { text: piece.replace(CITATION, '').trim(), citations, lineEnd };
}

/** Splits reply text into sentences, each with the `[n]` markers that follow or sit inside it. */
export function parseCitedSentences(reply: string): CitedSentence[] {
  return [...reply.matchAll(SENTENCE)]
    .map((match) => {
      const end = match.index + match[0].length;
      return toCitedSentence(match[0], match[0].includes('\n') || /^[^\S\n]*\n/u.test(reply.slice(end, end + 8)));
    })
    .filter((sentence) => sentence.text.length > 0);
}

/** What verification did to a reply. */
export interface VerifiedReply {
  /** Only the supported sentences, markers renumbered by first use. */
  text: string;
  /** Source indexes (1-based, into the passages given) in the new numbering order. */
  sources: number[];
  /** Citation markers pointing to no passage. */
  dangling: number;
  /** Citations dropped because the cited paragraph does not support the sentence. */
  unsupported: number;
  /** Sentences removed because no citation of theirs survived (or they carried none). */
  droppedSentences: number;
}

/**
 * Checks every sentence of a reply against the passages it cites (any language: Chinese directly, others through
 * quoted Chinese evidence): drops citations that point nowhere or are unsupported, drops every sentence left without
 * a citation, and renumbers the rest in order of first use.
 */
export function verifyReply(reply: string, passages: readonly string[]): VerifiedReply {
  const order: number[] = [];
  let dangling = 0;
  let unsupported = 0;
  let droppedSentences = 0;
  const kept: { text: string; lineEnd: boolean }[] = [];
  for (const sentence of parseCitedSentences(reply)) {
    const numbers: number[] = [];
    for (const n of new Set(sentence.citations)) {
      const passage = passages[n - 1];
      if (passage === undefined) dangling++;
      else if (!isSupported(sentence.text, passage)) unsupported++;
      else {
        if (!order.includes(n)) order.push(n);
        numbers.push(order.indexOf(n) + 1);
      }
    }
    if (numbers.length === 0) {
      droppedSentences++;
      continue;
    }
    kept.push({ text: `${sentence.text}${numbers.map((k) => `[${k}]`).join('')}`, lineEnd: sentence.lineEnd });
  }
  // Chinese sentences run on; others (English, even quoting Chinese evidence) are separated by a space.
  const text = kept
    .map((s, i) => (s.lineEnd || i === kept.length - 1 ? `${s.text}\n` : `${s.text}${isMostlyHan(s.text) ? '' : ' '}`))
    .join('');
  return { text: text.trim(), sources: order, dangling, unsupported, droppedSentences };
}

/**
 * The part of a reply still streaming that can be shown: its complete sentences, verified (the last sentence may
 * still be growing or waiting for its citation, so it is held back). Prefix-stable as the reply grows.
 */
export function verifyDraft(partialReply: string, passages: readonly string[]): VerifiedReply {
  const pieces = [...partialReply.matchAll(SENTENCE)];
  const last = pieces.at(-1);
  const complete = last === undefined ? '' : partialReply.slice(0, last.index);
  return verifyReply(complete, passages);
}

/** The shapes every adapter (CLI, console, Telegram, eval) sees; no library types leak in here. */

/** One meeting as listed to people. */
export interface MeetingInfo {
  id: string;
  /** 1-based position in id order. */
  number: number;
  title: string;
  /** As written in the document (`2024-05-06`, `4月1日上午`), or '' when absent. */
  date: string;
  /** The district, or '' when the text does not say. */
  place: string;
  /** Names with posts where the text gives them (区委书记徐伟南). */
  people: string[];
  /** Number of cleaned paragraphs. */
  paragraphs: number;
  /** Paragraphs (¶n) with sentences addressing the assistant (prompt injection), never quoted or sent to a model. */
  injected?: number[];
}

/** A meeting reference as carried by citations. */
export interface MeetingRef {
  id: string;
  number: number;
  title: string;
  date: string;
}

/** A numbered source of an answer: the whole cleaned paragraph, original script. */
export interface Citation {
  n: number;
  meeting: MeetingRef;
  paragraph: number;
  text: string;
  /** Listed under "related passages": a further source the answer points to, not the source of a quoted claim. */
  related?: boolean;
}

/** A question's answer; `found: false` means the meetings do not cover it (and `citations` is empty). */
export interface Answer {
  question: string;
  answer: string;
  mode: 'llm' | 'extractive';
  found: boolean;
  /** One line saying why the answer is degraded (LLM failed, citations unverified, …). */
  note?: string;
  citations: Citation[];
}

/** One exchange remembered for follow-up questions. */
export interface Exchange {
  question: string;
  answer: Answer;
}

/** A key point of a meeting summary with the citation numbers it rests on. */
export interface SummaryPoint {
  text: string;
  citations: number[];
}

/** A one-meeting summary. */
export interface Summary {
  meeting: MeetingInfo;
  /** Header plus points as plain text with [n] citations. */
  summary: string;
  points: SummaryPoint[];
  citations: Citation[];
  mode: 'llm' | 'extractive';
  note?: string;
}

/** A paragraph addressed by meeting and number, with its neighbours' existence. */
export interface ParagraphView {
  meeting: MeetingInfo;
  paragraph: number;
  text: string;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** Options of one question. */
export interface AskOptions {
  /** Restrict to one meeting: number, id, or part of title/place. */
  meeting?: string;
  /** Recent exchanges of this conversation, oldest first. */
  history?: Exchange[];
  /**
   * LLM mode with streaming: called with the answer so far as it is generated, only its verified sentences (in the
   * question's script, citations numbered as in the final answer, which may still differ, e.g. after a fallback).
   */
  onDraft?: (draft: string) => void;
}

/** What every adapter calls. Errors thrown are AppError subclasses with a userMessage. */
export interface Assistant {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  summarize(meeting: string): Promise<Summary>;
  meetings(): MeetingInfo[];
  /** Returns the paragraph or undefined when the meeting or number does not exist. */
  paragraph(meetingId: string, n: number): ParagraphView | undefined;
  /** Resolves a number, id, or distinctive part of title/place; undefined when none or ambiguous. */
  resolveMeeting(ref: string): MeetingInfo | undefined;
}

import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Answer, Assistant, Exchange } from '../answer/types.js';
import { AppError } from '../errors.js';
import { runInsightsCommand } from '../insights/console.js';
import type { Logger } from '../logger.js';
import { CONSOLE_HELP, renderAnswer, renderMeetings, renderParagraph, renderSummary } from './render.js';

/** Exchanges kept for follow-up questions. */
const HISTORY_SIZE = 3;

export interface ConsoleChatDeps {
  assistant: Assistant;
  input: Readable;
  output: Writable;
  logger: Logger;
  /** Show a prompt (interactive terminals). */
  prompt?: boolean;
}

/**
 * Runs the console chat over the assistant: one question or command per line, until end of input or /quit.
 * The loop's try is the adapter's single error boundary: errors are logged and answered briefly, never fatal.
 */
export async function runConsoleChat({
  assistant,
  input,
  output,
  logger,
  prompt = false,
}: ConsoleChatDeps): Promise<void> {
  const write = (text: string) => output.write(`${text}\n`);
  const history: Exchange[] = [];
  let lastAnswer: Answer | undefined;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  const showPrompt = () => prompt && output.write('> ');

  async function handle(line: string): Promise<boolean> {
    const [command, ...rest] = line.split(/\s+/);
    const argument = rest.join(' ').trim();
    switch (command?.toLowerCase()) {
      case '/quit':
      case '/exit':
        return false;
      case '/help':
      case '/start':
        write(`${CONSOLE_HELP}\n\n${renderMeetings(assistant.meetings())}`);
        return true;
      case '/meetings':
        write(renderMeetings(assistant.meetings()));
        return true;
      case '/reset':
        history.length = 0;
        lastAnswer = undefined;
        write('已清除对话记录。History cleared.');
        return true;
      case '/summary':
        if (!argument) write(`用法 Usage: /summary N\n${renderMeetings(assistant.meetings())}`);
        else write(renderSummary(await assistant.summarize(argument)));
        return true;
      case '/tasks':
      case '/people':
      case '/timeline':
        write(runInsightsCommand(command.toLowerCase(), argument, assistant));
        return true;
      case '/source': {
        const n = Number(argument);
        const citation = lastAnswer?.citations.find((c) => c.n === n);
        const view = citation && assistant.paragraph(citation.meeting.id, citation.paragraph);
        if (view) write(renderParagraph(view));
        else if (!lastAnswer) write('还没有回答可查看出处。Ask a question first.');
        else write(`用法 Usage: /source N（1–${lastAnswer.citations.length}）`);
        return true;
      }
      default: {
        if (command?.startsWith('/')) {
          write(`未知命令 Unknown command: ${command}\n${CONSOLE_HELP}`);
          return true;
        }
        const answer = await assistant.ask(line, { history });
        write(renderAnswer(answer));
        if (answer.found) {
          lastAnswer = answer;
          history.push({ question: line, answer });
          if (history.length > HISTORY_SIZE) history.shift();
        }
        return true;
      }
    }
  }

  showPrompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line) {
      try {
        if (!(await handle(line))) break;
      } catch (error) {
        logger.error('Console request failed', { error });
        write(
          error instanceof AppError ? error.userMessage : '出错了，请重试。Something went wrong. Please try again.',
        );
      }
      write('');
    }
    showPrompt();
  }
  lines.close();
}

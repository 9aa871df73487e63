/**
 * The meetings file of an index generation: JSON (`{"meetings":[…]}`) stored as UTF-16LE with a byte-order mark.
 * Meeting text is mostly Han, 2 bytes a character in UTF-16 against 3 in UTF-8, and decoding UTF-16 is a copy:
 * at 100k chunks this halves reading the file (utf8 decoding took longer than JSON.parse).
 */
import { open } from 'node:fs/promises';
import type { Meeting } from '../corpus/meeting.js';

const BOM = '\ufeff';
/** Meetings serialized per write, so the whole file never sits in memory as one string. */
const MEETINGS_PER_WRITE = 256;

/** Writes the meetings file, a few hundred meetings at a time. */
export async function writeMeetingFile(path: string, meetings: readonly Meeting[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(Buffer.from(`${BOM}{"meetings":[`, 'utf16le'));
    for (let offset = 0; offset < meetings.length; offset += MEETINGS_PER_WRITE) {
      const part = meetings.slice(offset, offset + MEETINGS_PER_WRITE).map((meeting) => JSON.stringify(meeting));
      await file.writeFile(Buffer.from(`${offset > 0 ? ',' : ''}${part.join(',')}`, 'utf16le'));
    }
    await file.writeFile(Buffer.from(']}', 'utf16le'));
  } finally {
    await file.close();
  }
}

/** Parses a meetings file's bytes; throws when they are not one (no byte-order mark, bad JSON, no meeting list). */
export function parseMeetingFile(bytes: Buffer): Meeting[] {
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== 0xfe)
    throw new Error('meetings file lacks its UTF-16 mark');
  const data = JSON.parse(bytes.toString('utf16le', 2)) as { meetings?: unknown };
  if (!Array.isArray(data.meetings)) throw new Error('meetings file holds no meeting list');
  return data.meetings as Meeting[];
}

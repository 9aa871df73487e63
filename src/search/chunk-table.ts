/**
 * The binary chunk table of an index generation: where every chunk lives, as little-endian int32 columns, so that
 * loading 300k chunks decodes typed arrays instead of parsing JSON objects.
 */
import type { StoredChunk } from './index-store.js';

/** 'CHK1' little-endian: marks a chunk table file. */
const MAGIC = 0x314b4843;
const HEADER_BYTES = 12;
const COLUMNS = 5;

/**
 * Encodes chunks as: magic, chunk count, byte length of the meeting id table (u32 each); the id table (JSON, UTF-8,
 * padded to 4 bytes); then five int32 columns: label, meeting (index into the table), paragraph, start, end.
 */
export function encodeChunkTable(chunks: Iterable<StoredChunk>): Buffer {
  const list = [...chunks];
  const ids: string[] = [];
  const idIndex = new Map<string, number>();
  const meetingOf = list.map((chunk) => {
    let index = idIndex.get(chunk.meetingId);
    if (index === undefined) {
      index = ids.length;
      ids.push(chunk.meetingId);
      idIndex.set(chunk.meetingId, index);
    }
    return index;
  });
  const idBytes = Buffer.from(JSON.stringify(ids), 'utf8');
  const paddedIdBytes = Math.ceil(idBytes.length / 4) * 4;
  const bytes = Buffer.alloc(HEADER_BYTES + paddedIdBytes + list.length * COLUMNS * 4, 0x20);
  bytes.writeUInt32LE(MAGIC, 0);
  bytes.writeUInt32LE(list.length, 4);
  bytes.writeUInt32LE(paddedIdBytes, 8);
  idBytes.copy(bytes, HEADER_BYTES);
  const columns = new Int32Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES + paddedIdBytes, list.length * COLUMNS);
  const n = list.length;
  list.forEach((chunk, i) => {
    columns[i] = chunk.label;
    columns[n + i] = meetingOf[i] as number;
    columns[2 * n + i] = chunk.paragraph;
    columns[3 * n + i] = chunk.start;
    columns[4 * n + i] = chunk.end;
  });
  return bytes;
}

/** Decodes `encodeChunkTable` output into a label → chunk map (file order); throws when the file is damaged. */
export function decodeChunkTable(file: Buffer): Map<number, StoredChunk> {
  if (file.length < HEADER_BYTES || file.readUInt32LE(0) !== MAGIC) throw new Error('not a chunk table file');
  const count = file.readUInt32LE(4);
  const idBytes = file.readUInt32LE(8);
  const expected = HEADER_BYTES + idBytes + count * COLUMNS * 4;
  if (file.length !== expected) throw new Error(`chunk table has ${file.length} bytes, expected ${expected}`);
  const ids = JSON.parse(file.toString('utf8', HEADER_BYTES, HEADER_BYTES + idBytes)) as string[];
  // Typed-array views need 4-byte alignment; a pooled Buffer may start anywhere, so copy the columns then.
  const start = file.byteOffset + HEADER_BYTES + idBytes;
  const columns =
    start % 4 === 0
      ? new Int32Array(file.buffer, start, count * COLUMNS)
      : new Int32Array(file.subarray(HEADER_BYTES + idBytes).buffer.slice(start, start + count * COLUMNS * 4));
  const chunks = new Map<number, StoredChunk>();
  for (let i = 0; i < count; i++) {
    const meetingId = ids[columns[count + i] as number];
    if (meetingId === undefined) throw new Error(`chunk table row ${i} names no meeting`);
    const label = columns[i] as number;
    chunks.set(label, {
      label,
      meetingId,
      paragraph: columns[2 * count + i] as number,
      start: columns[3 * count + i] as number,
      end: columns[4 * count + i] as number,
    });
  }
  return chunks;
}

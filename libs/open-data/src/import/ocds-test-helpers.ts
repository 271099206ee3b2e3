/**
 * Test helpers for the import specs (not exported from the library index).
 */
import { Readable } from 'node:stream';

/** A byte stream of `text` cut into chunks of `chunkSize` bytes (to exercise chunk boundaries). */
export function streamOf(text: string | Buffer, chunkSize = 64 * 1024): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

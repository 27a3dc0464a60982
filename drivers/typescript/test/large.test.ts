import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, RequestTooLargeError } from '@grumpydb/client';
import { adminClient, uniqueName } from './support/helpers.js';

/** A document whose INSERT line is exactly `lineBytes` long (terminator included). */
function docForLine(collection: string, key: string, lineBytes: number, filler: string): { blob: string } {
  const prefix = `INSERT ${collection} ${key} `;
  const overhead = Buffer.byteLength(prefix) + Buffer.byteLength('{"blob":""}') + 2;
  const unit = Buffer.byteLength(filler);
  const room = lineBytes - overhead;
  const pad = 'a'.repeat(room % unit);
  return { blob: pad + filler.repeat(Math.floor(room / unit)) };
}

describe('large documents', () => {
  it('inserts and reads back a document filling the 1 MiB request line exactly', async () => {
    const client = await adminClient();
    try {
      const db = client.database(uniqueName('big'));
      await db.createCollection('c');
      for (const filler of ['x', 'é', '😀']) {
        const key = crypto.randomUUID();
        const doc = docForLine('c', key, MAX_REQUEST_BYTES, filler);
        await db.insert('c', key, doc);
        const back = await db.get<{ blob: string }>('c', key);
        expect(back?.blob.length).toBe(doc.blob.length);
        expect(back?.blob === doc.blob).toBe(true);

        const tooBig = docForLine('c', key, MAX_REQUEST_BYTES + 1, filler);
        const err = await db.update('c', key, tooBig).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestTooLargeError);
        expect((err as RequestTooLargeError).bytes).toBe(MAX_REQUEST_BYTES + 1);
      }
      // The connection is still in step after the refusals, and a scan of
      // several ~1 MiB documents arrives intact.
      const rows = await db.scan<{ blob: string }>('c');
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(r.doc.blob.length).toBeGreaterThan(250_000);
      expect(await db.count('c')).toBe(3);
    } finally {
      await client.close();
    }
  });
});

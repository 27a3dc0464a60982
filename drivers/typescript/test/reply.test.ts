import { describe, expect, it } from 'vitest';
import { ProtocolViolationError } from '@grumpydb/client';
import { ReplyParser, type Reply } from '../src/reply.js';
import { seededRandom } from './support/helpers.js';

function parseAll(bytes: Buffer, cuts: number[] = []): Reply[] {
  const p = new ReplyParser();
  const out: Reply[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...p.push(bytes.subarray(at, cut)));
    at = cut;
  }
  return out;
}

describe('ReplyParser', () => {
  const stream = Buffer.from(
    '+OK\r\n-ERR key x not found\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*0\r\n*2\r\n$3\r\nabc\r\n$0\r\n\r\n+PONG\n',
  );
  const want: Reply[] = [
    { kind: 'simple', text: 'OK' },
    { kind: 'error', text: 'ERR key x not found' },
    { kind: 'integer', value: -42n },
    { kind: 'bulk', data: 'hello' },
    { kind: 'bulk', data: null },
    { kind: 'array', items: [] },
    { kind: 'array', items: ['abc', ''] },
    { kind: 'simple', text: 'PONG' },
  ];

  it('decodes every reply kind', () => {
    expect(parseAll(stream)).toEqual(want);
  });

  it('gives the same replies however the bytes are split (random cuts)', () => {
    const rnd = seededRandom('reply chunking');
    for (let i = 0; i < 300; i++) {
      const cuts = Array.from({ length: Math.floor(rnd.next() * 10) }, () => Math.floor(rnd.next() * stream.length)).sort((a, b) => a - b);
      expect(parseAll(stream, cuts)).toEqual(want);
    }
    const bytewise = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(parseAll(stream, bytewise)).toEqual(want);
  });

  it('reads a bulk by its declared byte length, even when the payload holds CR LF and multi-byte UTF-8', () => {
    const payload = 'a\r\nb\né€😀';
    const bytes = Buffer.concat([Buffer.from(`$${Buffer.byteLength(payload)}\r\n`), Buffer.from(payload), Buffer.from('\r\n+OK\r\n')]);
    expect(parseAll(bytes, [4, 9, 10])).toEqual([
      { kind: 'bulk', data: payload },
      { kind: 'simple', text: 'OK' },
    ]);
  });

  it('decodes a 16 MiB bulk delivered in 64 KiB chunks', () => {
    const n = 16 * 1024 * 1024;
    const body = Buffer.alloc(n, 0x61);
    const bytes = Buffer.concat([Buffer.from(`$${n}\r\n`), body, Buffer.from('\r\n')]);
    const cuts: number[] = [];
    for (let c = 65536; c < bytes.length; c += 65536) cuts.push(c);
    const out = parseAll(bytes, cuts);
    expect(out).toHaveLength(1);
    const first = out[0];
    expect(first?.kind === 'bulk' ? first.data?.length : -1).toBe(n);
  });

  it.each([
    ['unknown type', '?x\r\n'],
    ['bad integer', ':12a\r\n'],
    ['bad length', '$abc\r\n'],
    ['payload longer than declared', '$2\r\nabc\r\n'],
    ['non-bulk array element', '*1\r\n+OK\r\n'],
    ['oversized bulk', `$${16_777_216 + 38}\r\n`],
  ])('rejects %s', (_name, text) => {
    expect(() => parseAll(Buffer.from(text))).toThrow(ProtocolViolationError);
  });
});

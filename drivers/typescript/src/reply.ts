/**
 * Incremental decoder of server replies (PROTOCOL.md §3.1).
 *
 * Bytes are pushed in as they arrive, in chunks of any size; complete replies
 * come out in order. A bulk payload is read by its declared byte length, never
 * by searching for a line end, and is copied once into a buffer of that size,
 * so large documents cost linear time.
 */

import { ProtocolViolationError } from './errors.js';

/** One decoded server reply. */
export type Reply =
  | { readonly kind: 'simple'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'bulk'; readonly data: string | null }
  | { readonly kind: 'array'; readonly items: (string | null)[] };

/** Largest bulk accepted: 16 MiB plus the 37-byte key prefix of an array element. */
export const MAX_BULK_BYTES = 16_777_216 + 37;
/** Longest header or simple line accepted (the server never writes longer ones). */
export const MAX_LINE_BYTES = 1_048_576 * 4;

const LF = 0x0a;
const CR = 0x0d;

/** Decoder state: either waiting for a line or filling a bulk payload. */
export class ReplyParser {
  private pending: Buffer = Buffer.alloc(0);
  private bulk: { buf: Buffer; filled: number } | null = null;
  private array: { remaining: number; items: (string | null)[] } | null = null;

  /**
   * Feeds bytes and returns every reply they complete.
   *
   * @param chunk bytes received from the socket
   * @returns completed replies, oldest first (possibly none)
   * @throws ProtocolViolationError on malformed input; the parser must then be discarded
   */
  push(chunk: Buffer): Reply[] {
    const out: Reply[] = [];
    let data = chunk;
    for (;;) {
      if (this.bulk !== null) {
        const need = this.bulk.buf.length - this.bulk.filled;
        const take = Math.min(need, data.length);
        data.copy(this.bulk.buf, this.bulk.filled, 0, take);
        this.bulk.filled += take;
        data = data.subarray(take);
        if (this.bulk.filled < this.bulk.buf.length) return out;
        const buf = this.bulk.buf;
        this.bulk = null;
        const n = buf.length - 2;
        if (buf[n] !== CR || buf[n + 1] !== LF) {
          throw new ProtocolViolationError('bulk payload not followed by CR LF at its declared length');
        }
        this.complete({ kind: 'bulk', data: buf.toString('utf8', 0, n) }, out);
        continue;
      }
      if (this.pending.length > 0) {
        data = data.length === 0 ? this.pending : Buffer.concat([this.pending, data]);
        this.pending = Buffer.alloc(0);
      }
      const lf = data.indexOf(LF);
      if (lf < 0) {
        if (data.length > MAX_LINE_BYTES) throw new ProtocolViolationError('reply line too long');
        this.pending = Buffer.from(data);
        return out;
      }
      const end = lf > 0 && data[lf - 1] === CR ? lf - 1 : lf;
      const line = data.toString('utf8', 0, end);
      data = data.subarray(lf + 1);
      this.line(line, out);
      if (data.length === 0 && this.bulk === null) return out;
    }
  }

  private line(line: string, out: Reply[]): void {
    const tag = line[0];
    const body = line.slice(1);
    if (this.array !== null && tag !== '$') {
      throw new ProtocolViolationError(`array element is not a bulk: ${JSON.stringify(line.slice(0, 40))}`);
    }
    switch (tag) {
      case '+':
        this.complete({ kind: 'simple', text: body }, out);
        return;
      case '-':
        this.complete({ kind: 'error', text: body }, out);
        return;
      case ':':
        if (!/^[+-]?\d+$/.test(body)) throw new ProtocolViolationError(`bad integer reply: ${body}`);
        this.complete({ kind: 'integer', value: BigInt(body) }, out);
        return;
      case '$': {
        const n = parseLength(body);
        if (n < 0) {
          this.complete({ kind: 'bulk', data: null }, out);
        } else if (n > MAX_BULK_BYTES) {
          throw new ProtocolViolationError(`bulk length ${n} exceeds the protocol limit`);
        } else {
          // Payload plus its CR LF terminator, read by the declared length.
          this.bulk = { buf: Buffer.allocUnsafe(n + 2), filled: 0 };
        }
        return;
      }
      case '*': {
        const n = parseLength(body);
        if (n < 0) throw new ProtocolViolationError('negative array length');
        if (n === 0) this.complete({ kind: 'array', items: [] }, out);
        else this.array = { remaining: n, items: [] };
        return;
      }
      default:
        throw new ProtocolViolationError(`unknown reply type: ${JSON.stringify(line.slice(0, 40))}`);
    }
  }

  private complete(reply: Reply, out: Reply[]): void {
    if (this.array === null) {
      out.push(reply);
      return;
    }
    if (reply.kind !== 'bulk') throw new ProtocolViolationError('array element is not a bulk');
    this.array.items.push(reply.data);
    this.array.remaining--;
    if (this.array.remaining === 0) {
      const items = this.array.items;
      this.array = null;
      out.push({ kind: 'array', items });
    }
  }
}

function parseLength(text: string): number {
  if (!/^-?\d{1,10}$/.test(text)) throw new ProtocolViolationError(`bad length: ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * JSON encoding and decoding for the wire.
 *
 * Decoding: JavaScript numbers are IEEE doubles, so an integer literal beyond
 * ±(2^53 − 1) cannot be held exactly. {@link parseJson} returns such integers
 * (literals without fraction or exponent) as `bigint`; every other number is a
 * `number`. The server writes floats with a `.0` (`30.0`), which JavaScript
 * cannot tell apart from the integer `30` once parsed: both become `30`.
 *
 * Encoding: {@link stringifyJson} writes compact strict JSON, accepts `bigint`
 * (written as an integer literal), refuses NaN and infinities, and escapes
 * every control character and every Unicode whitespace character inside
 * strings as `\uXXXX` (optionally the plain space too), so an encoded value
 * never contains a line break and can travel as one word (REPL.md §12.1).
 */

import { ClientArgumentError, ProtocolViolationError } from './errors.js';

/** A JSON value as the driver reads and writes it. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** Options of {@link stringifyJson}. */
export interface StringifyOptions {
  /** Also escape the plain space inside strings (needed for one-word JSON such as the QUERYRANGE start). */
  readonly escapeSpace?: boolean;
}

const MAX_DEPTH = 128;
const LONG_DIGITS = /\d{16,}/;

/**
 * Parses server JSON, keeping integers beyond the safe range as `bigint`.
 *
 * @param text JSON text
 * @returns the parsed value
 * @throws ProtocolViolationError when the text is not valid JSON
 */
export function parseJson(text: string): JsonValue {
  try {
    if (!LONG_DIGITS.test(text)) {
      return JSON.parse(text) as JsonValue;
    }
    return new Parser(text).parseDocument();
  } catch (err) {
    if (err instanceof ProtocolViolationError) throw err;
    throw new ProtocolViolationError(`server sent invalid JSON: ${(err as Error).message}`);
  }
}

/** Recursive-descent parser used only when the text may hold unsafe integers. */
class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('trailing characters');
    return value;
  }

  private fail(what: string): never {
    throw new ProtocolViolationError(`server sent invalid JSON: ${what} at offset ${this.pos}`);
  }

  private skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  private parseValue(depth: number): JsonValue {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(depth + 1);
      case '[':
        return this.parseArray(depth + 1);
      case '"':
        return this.parseString();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.parseNumber();
    }
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('unexpected token');
    this.pos += word.length;
    return value;
  }

  private parseObject(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.pos++;
    const out: { [key: string]: JsonValue } = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth);
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === '}') return out;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private parseArray(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.pos++;
    const out: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.parseValue(depth));
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === ']') return out;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private parseString(): string {
    const t = this.text;
    let end = this.pos + 1;
    for (;;) {
      if (end >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(end);
      if (c === 0x22) break;
      if (c === 0x5c) end += 2;
      else end++;
    }
    const raw = t.slice(this.pos, end + 1);
    this.pos = end + 1;
    return JSON.parse(raw) as string;
  }

  private parseNumber(): JsonValue {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (m === null || m[0] === '' || m[0] === '-') this.fail('unexpected token');
    const literal = m[0];
    this.pos += literal.length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(literal);
      return Number.isSafeInteger(n) ? n : BigInt(literal);
    }
    return Number(literal);
  }
}

/**
 * Writes a value as compact strict JSON for the wire.
 *
 * Objects' `toJSON` methods are honoured (so a `Date` becomes its ISO string);
 * `undefined`, functions and symbols are skipped as members and written as
 * `null` in arrays, as `JSON.stringify` does.
 *
 * @param value the value to encode
 * @param options see {@link StringifyOptions}
 * @returns the JSON text, free of raw control and whitespace characters inside strings
 * @throws ClientArgumentError for NaN, infinities, cycles, nesting deeper than 128 or an unencodable root
 */
export function stringifyJson(value: unknown, options: StringifyOptions = {}): string {
  const parts: string[] = [];
  const escapeSpace = options.escapeSpace === true;
  const seen = new Set<object>();
  if (!writeValue(value, parts, escapeSpace, seen, 0)) {
    throw new ClientArgumentError(`cannot encode ${typeof value} as JSON`);
  }
  return parts.join('');
}

function writeValue(value: unknown, out: string[], escapeSpace: boolean, seen: Set<object>, depth: number): boolean {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      out.push(quote(value, escapeSpace));
      return true;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ClientArgumentError('invalid value: NaN and infinities cannot be stored');
      }
      out.push(String(value));
      return true;
    case 'bigint':
      out.push(value.toString());
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) {
    out.push('null');
    return true;
  }
  if (depth >= MAX_DEPTH) throw new ClientArgumentError(`JSON nesting deeper than ${MAX_DEPTH}`);
  if (seen.has(value)) throw new ClientArgumentError('cannot encode a cyclic structure as JSON');
  seen.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      if (!writeValue(item, out, escapeSpace, seen, depth + 1)) out.push('null');
    });
    out.push(']');
  } else {
    out.push('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const start = out.length;
      out.push(first ? '' : ',', quote(key, escapeSpace), ':');
      if (writeValue((value as Record<string, unknown>)[key], out, escapeSpace, seen, depth + 1)) first = false;
      else out.length = start;
    }
    out.push('}');
  }
  seen.delete(value);
  return true;
}

// Characters escaped inside strings: C0 controls, DEL..U+00A0 controls and
// NBSP, and the Unicode White_Space set beyond ASCII; plus `"` and `\`.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const NEEDS_ESCAPE_G = new RegExp(NEEDS_ESCAPE.source, 'g');
const NEEDS_ESCAPE_SPACE = new RegExp(NEEDS_ESCAPE.source.replace('["', '[ "'));
const NEEDS_ESCAPE_SPACE_G = new RegExp(NEEDS_ESCAPE_SPACE.source, 'g');

function escapeChar(ch: string): string {
  if (ch === '"') return '\\"';
  if (ch === '\\') return '\\\\';
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function quote(s: string, escapeSpace: boolean): string {
  let body = s;
  if ((escapeSpace ? NEEDS_ESCAPE_SPACE : NEEDS_ESCAPE).test(s)) {
    body = s.replace(escapeSpace ? NEEDS_ESCAPE_SPACE_G : NEEDS_ESCAPE_G, escapeChar);
  }
  // A lone surrogate cannot be sent as UTF-8; escape it and let the server judge it.
  body = body.replace(LONE_SURROGATE, escapeChar);
  return '"' + body + '"';
}

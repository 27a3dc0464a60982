import { describe, expect, it } from 'vitest';
import { ClientArgumentError, ProtocolViolationError, parseJson, stringifyJson } from '@grumpydb/client';
import { seededRandom } from './support/helpers.js';

describe('parseJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['30.0', 30],
    ['-0.0', -0],
    ['9007199254740991', 9007199254740991],
    ['9007199254740993', 9007199254740993n],
    ['-9223372036854775808', -9223372036854775808n],
    ['[1,12345678901234567,1.5e300]', [1, 12345678901234567n, 1.5e300]],
    ['{"s":"1234567890123456789","n":1234567890123456789}', { s: '1234567890123456789', n: 1234567890123456789n }],
    ['"\\u00e9\\n\\"x\\\\"', 'é\n"x\\'],
  ])('parses %s', (text, want) => {
    expect(parseJson(text)).toEqual(want);
  });

  it('keeps a __proto__ member as data in both paths', () => {
    for (const text of ['{"__proto__":{"x":1}}', '{"__proto__":{"x":1},"n":12345678901234567}']) {
      const v = parseJson(text) as Record<string, unknown>;
      expect(Object.keys(v)).toContain('__proto__');
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    }
  });

  it.each(['{', '[1,]', '{"a":1}x', 'tru', '12345678901234567890 1', '"abc'])('rejects %s', (text) => {
    expect(() => parseJson(text)).toThrow(ProtocolViolationError);
  });

  it('refuses nesting deeper than 128 on the bigint path', () => {
    const deep = '['.repeat(129) + '12345678901234567' + ']'.repeat(129);
    expect(() => parseJson(deep)).toThrow(ProtocolViolationError);
    const ok = '['.repeat(128) + '12345678901234567' + ']'.repeat(128);
    expect(JSON.stringify(parseJson(ok), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain('12345678901234567');
  });
});

describe('stringifyJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"b":1,"a":[true,null,"x"]}'],
    [12345678901234567890n, '12345678901234567890'],
    [{ u: undefined, f: () => 1, k: 1 }, '{"k":1}'],
    [[undefined], '[null]'],
    [new Date(0), '"1970-01-01T00:00:00.000Z"'],
    ['tab\tnl\ncr\r', '"tab\\u0009nl\\u000acr\\u000d"'],
    ['nbsp\u00a0ls\u2028ideo\u3000', '"nbsp\\u00a0ls\\u2028ideo\\u3000"'],
    ['quote"back\\', '"quote\\"back\\\\"'],
    ['lone\ud800', '"lone\\ud800"'],
    ['pair\ud83d\ude00', '"pair\ud83d\ude00"'],
  ])('encodes case %#', (value, want) => {
    expect(stringifyJson(value)).toBe(want);
  });

  it('escapes the plain space only when asked', () => {
    expect(stringifyJson({ 'a b': 'c d' })).toBe('{"a b":"c d"}');
    expect(stringifyJson({ 'a b': 'c d' }, { escapeSpace: true })).toBe('{"a\\u0020b":"c\\u0020d"}');
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s', (n) => {
    expect(() => stringifyJson({ n })).toThrow(ClientArgumentError);
  });

  it('refuses cycles, over-deep values and unencodable roots', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => stringifyJson(cyclic)).toThrow(ClientArgumentError);
    let deep: unknown = 1;
    for (let i = 0; i < 129; i++) deep = [deep];
    expect(() => stringifyJson(deep)).toThrow(ClientArgumentError);
    expect(() => stringifyJson(undefined)).toThrow(ClientArgumentError);
  });

  it('round-trips random values and never emits a raw control or whitespace character inside strings', () => {
    const rnd = seededRandom('json round trip');
    const alphabet = ['a', 'é', ' ', '\t', '\n', '\u2028', '\u00a0', '"', '\\', '\u0001', '😀', '\u007f'];
    const str = (): string => Array.from({ length: Math.floor(rnd.next() * 8) }, () => alphabet[Math.floor(rnd.next() * alphabet.length)]).join('');
    const value = (depth: number): unknown => {
      const r = rnd.next();
      if (depth > 3 || r < 0.3) {
        const kinds = [null, true, false, Math.floor(rnd.next() * 1e6) - 5e5, rnd.next() * 100, str(), BigInt(2 ** 53) * 7n + BigInt(Math.floor(rnd.next() * 1000))];
        return kinds[Math.floor(rnd.next() * kinds.length)];
      }
      if (r < 0.65) return Array.from({ length: Math.floor(rnd.next() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(rnd.next() * 4); i++) o[`k${i}${str()}`] = value(depth + 1);
      return o;
    };
    for (let i = 0; i < 500; i++) {
      const v = value(0);
      const text = stringifyJson(v);
      expect(text).not.toMatch(/[\u0000-\u001f\u2028\u00a0]/);
      expect(parseJson(text)).toEqual(v);
      expect(stringifyJson(v, { escapeSpace: true })).not.toContain(' ');
    }
  });
});

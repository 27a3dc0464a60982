import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyExistsError, CyclicReferenceError, GrumpyClient, NotFoundError, ref, type Database } from '@grumpydb/client';
import { adminClient, uniqueName } from './support/helpers.js';

let client: GrumpyClient;
let db: Database;

beforeAll(async () => {
  client = await adminClient();
  db = client.database(uniqueName('data'));
});
afterAll(async () => {
  await client.close();
});

const keys = Array.from({ length: 6 }, () => crypto.randomUUID()).sort();

describe('collections', () => {
  it('creates, lists and drops collections', async () => {
    expect(await db.listCollections()).toEqual([]);
    await db.createCollection('people');
    await db.createCollection('extra');
    expect(await db.listCollections()).toEqual(['extra', 'people']);
    await db.dropCollection('extra');
    expect(await db.listCollections()).toEqual(['people']);
    await expect(db.dropCollection('extra')).rejects.toBeInstanceOf(NotFoundError);
    await db.flush();
  });
});

describe('documents', () => {
  it('insert / get / update / delete round trip, with key forms and canonical keys out', async () => {
    const key = keys[0] as string;
    await db.insert('people', key.toUpperCase().replace(/-/g, ''), { name: 'Ann', age: 31, tags: ['a', 'b'] });
    expect(await db.get('people', `{${key}}`)).toEqual({ name: 'Ann', age: 31, tags: ['a', 'b'] });
    expect(await db.getRaw('people', `urn:uuid:${key}`)).toBe('{"name":"Ann","age":31,"tags":["a","b"]}');
    await db.update('people', key, { name: 'Ann', age: 32 });
    expect(await db.get('people', key)).toEqual({ name: 'Ann', age: 32 });
    await db.delete('people', key);
    expect(await db.get('people', key)).toBeNull();
    await expect(db.delete('people', key)).rejects.toMatchObject({ code: 'key_not_found' });
  });

  it('keeps int64 precision through bigint and keeps field order', async () => {
    const key = crypto.randomUUID();
    await db.insert('people', key, { z: 9007199254740993n, a: -9223372036854775807n, f: 2.5, i: 30 });
    expect(await db.getRaw('people', key)).toBe('{"z":9007199254740993,"a":-9223372036854775807,"f":2.5,"i":30}');
    const doc = await db.get<Record<string, unknown>>('people', key);
    expect(doc).toEqual({ z: 9007199254740993n, a: -9223372036854775807n, f: 2.5, i: 30 });
    expect(Object.keys(doc ?? {})).toEqual(['z', 'a', 'f', 'i']);
    await db.delete('people', key);
  });

  it('stores strings with line breaks, Unicode whitespace and non-object documents', async () => {
    const key = crypto.randomUUID();
    const text = 'line1\r\nline2\u2028\u00a0\t"q" <&> é 😀';
    await db.insert('people', key, { text });
    expect(await db.get('people', key)).toEqual({ text });
    await db.update('people', key, [1, 'two', null]);
    expect(await db.get('people', key)).toEqual([1, 'two', null]);
    await db.update('people', key, 'just a string');
    expect(await db.get('people', key)).toBe('just a string');
    await db.delete('people', key);
  });

  it('upserts with putWithVectorClock', async () => {
    const key = crypto.randomUUID();
    await db.putWithVectorClock('people', key, { v: 1 }, { node: 1 });
    await db.putWithVectorClock('people', key, { v: 2 });
    expect(await db.get('people', key)).toEqual({ v: 2 });
    await db.delete('people', key);
  });

  it('insertMany is atomic; scan, count and compact see the documents', async () => {
    await db.createCollection('batch');
    const n = await db.insertMany('batch', keys.map((k, i) => [k, { i, even: i % 2 === 0 }] as const));
    expect(n).toBe(keys.length);
    await expect(db.insertMany('batch', [{ key: crypto.randomUUID(), doc: {} }, { key: keys[0] as string, doc: {} }])).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await db.count('batch')).toBe(keys.length);
    const all = await db.scan('batch');
    expect(all.map((r) => r.key)).toEqual(keys);
    expect(all[2]?.doc).toEqual({ i: 2, even: true });
    const mid = await db.scan('batch', { start: keys[1] as string, end: keys[3] as string });
    expect(mid.map((r) => r.key)).toEqual(keys.slice(1, 4));
    expect(await db.count('batch', { even: true })).toBe(3);
    expect(await db.compact('batch')).toBe(keys.length);
    expect(await db.stats('batch')).toMatchObject({ documents: keys.length, pool: { capacity: expect.any(Number) } });
    const h1 = await db.snapshotHlc();
    await db.insert('batch', crypto.randomUUID(), {});
    expect(await db.snapshotHlc()).toBeGreaterThanOrEqual(h1);
    expect(h1).toBeGreaterThan(0n);
  });
});

describe('indexes and queries', () => {
  it('creates, lists, queries and drops indexes', async () => {
    await db.createCollection('items');
    const rows = [
      { name: 'bob', age: 35, tags: ['x'] },
      { name: 'bobby', age: 35.0, tags: ['x', 'y'] },
      { name: 'ann', age: 20, tags: [] },
      { name: 'has space', age: 50 },
    ];
    const ks = rows.map(() => crypto.randomUUID());
    await db.insertMany('items', rows.map((r, i) => [ks[i] as string, r] as const));
    await db.createIndex('items', 'by_name', 'name');
    await db.createIndex('items', 'by_age', 'age');
    await db.createIndex('items', 'by_tag', 'tags');
    await expect(db.createIndex('items', 'by_age', 'age')).rejects.toMatchObject({ code: 'index_exists' });
    expect(await db.listIndexes('items')).toEqual(['by_name', 'by_age', 'by_tag']);

    expect((await db.query('items', 'by_name', 'bob')).map((r) => r.doc)).toEqual([rows[0]]);
    expect((await db.query('items', 'by_age', 35)).length).toBe(2);
    expect((await db.query('items', 'by_tag', 'y')).map((r) => r.key)).toEqual([ks[1]]);
    expect((await db.queryRange('items', 'by_age', 20, 35)).map((r) => r.key)).toEqual([ks[2]]);
    // A start bound containing a space travels as one word.
    expect((await db.queryRange('items', 'by_name', 'has space', 'i')).map((r) => r.key)).toEqual([ks[3]]);

    await db.dropIndex('items', 'by_tag');
    expect(await db.listIndexes('items')).toEqual(['by_name', 'by_age']);
    await expect(db.dropIndex('items', 'by_tag')).rejects.toMatchObject({ code: 'index_not_found' });
  });

  it('find with filter, sort, skip, limit, projection; explain', async () => {
    const found = await db.find<{ name: string }>('items', { age: { $gte: 30 } }, { sort: { name: -1 }, skip: 1, limit: 2, projection: { name: 1 } });
    expect(found.map((r) => r.doc)).toEqual([{ name: 'bobby' }, { name: 'bob' }]);
    expect(await db.find('items', { name: 'nobody' })).toEqual([]);
    expect((await db.find('items')).length).toBe(4);
    expect((await db.find('items', {}, { sort: [['age', 1], ['name', 1]], limit: 1 }))[0]?.doc).toMatchObject({ name: 'ann' });
    const plan = await db.explain('items', { name: 'bob' });
    expect(plan.plan).toBe('index');
    expect(plan.index).toBe('by_name');
    expect(plan.returned).toBe(1);
  });

  it('resolve follows references to the requested depth and reports cycles', async () => {
    await db.createCollection('refs');
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await db.insert('refs', c, { leaf: true });
    await db.insert('refs', b, { next: ref('refs', c) });
    await db.insert('refs', a, { next: ref('refs', b) });
    expect(await db.resolve('refs', a)).toEqual({ next: { next: ref('refs', c) } });
    expect(await db.resolve('refs', a, 0)).toEqual({ next: ref('refs', b) });
    expect(await db.resolve('refs', a, 16)).toEqual({ next: { next: { leaf: true } } });
    expect(await db.resolve('refs', crypto.randomUUID())).toBeNull();
    await db.update('refs', c, { back: ref('refs', a) });
    await expect(db.resolve('refs', a, 16)).rejects.toBeInstanceOf(CyclicReferenceError);
  });
});

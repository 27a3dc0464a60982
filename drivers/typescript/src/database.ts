/**
 * A handle on one database: documents, collections, indexes and the query
 * extensions (PROTOCOL.md §4.4–§4.6, REPL.md §12.3).
 *
 * A handle holds no connection of its own: each call is sent on the client's
 * session bound to this database, which selects it with `USE` when needed.
 * Handles are cheap; any number may be used concurrently.
 */

import { ClientArgumentError, ProtocolViolationError } from './errors.js';
import { stringifyJson, type JsonValue } from './json.js';
import type { Session } from './session.js';
import {
  expectBulk,
  expectCount,
  expectInteger,
  expectJson,
  expectOk,
  expectOkCount,
  expectArray,
  expectRows,
  rest,
  word,
  type Row,
} from './wire.js';

/** Options of {@link Database.find} (REPL.md §9.6). */
export interface FindOptions {
  /** Sort paths in order: `{age: -1, name: 1}` or `[["age", -1], ["name", 1]]`. */
  readonly sort?: Readonly<Record<string, 1 | -1>> | readonly (readonly [string, 1 | -1])[];
  /** Results to drop after sorting. */
  readonly skip?: number;
  /** Maximum number of results; 0 means no limit. */
  readonly limit?: number;
  /** Inclusion (`{name: 1}`) or exclusion (`{secret: 0}`) projection. */
  readonly projection?: Readonly<Record<string, 0 | 1 | boolean>>;
}

/** The plan the server chose for a FIND, as returned by {@link Database.explain}. */
export interface FindPlan {
  /** `index`, `scan` or `key-range`. */
  readonly plan: string;
  /** Index used, or null. */
  readonly index: string | null;
  /** Bounds of the index or key range (free-form). */
  readonly bounds: JsonValue;
  /** Documents read. */
  readonly examined: number;
  /** Documents returned. */
  readonly returned: number;
}

/** The reply of {@link Database.stats}. */
export interface CollectionStats {
  /** Live documents in the collection. */
  readonly documents: number;
  /** Buffer-pool figures of the collection. */
  readonly pool: { readonly cached: number; readonly capacity: number; readonly reads: number; readonly writes: number };
}

/** A document for {@link Database.insertMany}: `[key, doc]` or `{key, doc}`. */
export type BatchEntry = readonly [string, unknown] | { readonly key: string; readonly doc: unknown };

/** Operations on one database; obtain it with `client.database(name)`. */
export class Database {
  /**
   * @param session the client's session
   * @param name the database name
   */
  constructor(
    private readonly session: Session,
    readonly name: string,
  ) {
    word(name, 'database name');
  }

  private run(line: string) {
    return this.session.execute(line, this.name);
  }

  // ---- collections -------------------------------------------------------

  /** Creates a collection (`CREATE COLLECTION`). */
  async createCollection(name: string): Promise<void> {
    expectOk(await this.run(`CREATE COLLECTION ${word(name, 'collection')}`));
  }

  /** Drops a collection with its documents and indexes (`DROP COLLECTION`). */
  async dropCollection(name: string): Promise<void> {
    expectOk(await this.run(`DROP COLLECTION ${word(name, 'collection')}`));
  }

  /** Lists the collection names, sorted (`LIST COLLECTIONS`). */
  async listCollections(): Promise<string[]> {
    return expectArray(await this.run('LIST COLLECTIONS'));
  }

  /** Makes every collection durable and checkpoints the log (`FLUSH`). */
  async flush(): Promise<void> {
    expectOk(await this.run('FLUSH'));
  }

  /** The database's hybrid logical clock (`SNAPSHOT_HLC`). */
  async snapshotHlc(): Promise<bigint> {
    return expectInteger(await this.run('SNAPSHOT_HLC'));
  }

  // ---- documents ---------------------------------------------------------

  /**
   * Stores a new document (`INSERT`).
   *
   * @param collection collection name
   * @param key UUID in any accepted spelling
   * @param doc any JSON-encodable value
   * @throws AlreadyExistsError when the key exists; NotFoundError when the collection does not
   */
  async insert(collection: string, key: string, doc: unknown): Promise<void> {
    expectOk(await this.run(`INSERT ${word(collection, 'collection')} ${word(key, 'key')} ${stringifyJson(doc)}`));
  }

  /**
   * Reads one document (`GET`).
   *
   * @returns the document, or null when the key does not exist
   */
  async get<T = JsonValue>(collection: string, key: string): Promise<T | null> {
    return expectJson<T>(await this.run(`GET ${word(collection, 'collection')} ${word(key, 'key')}`));
  }

  /**
   * Reads one document as the server's JSON text, without parsing it.
   *
   * @returns the compact JSON text, or null when the key does not exist
   */
  async getRaw(collection: string, key: string): Promise<string | null> {
    return expectBulk(await this.run(`GET ${word(collection, 'collection')} ${word(key, 'key')}`));
  }

  /**
   * Replaces an existing document (`UPDATE`).
   *
   * @throws NotFoundError when the key does not exist
   */
  async update(collection: string, key: string, doc: unknown): Promise<void> {
    expectOk(await this.run(`UPDATE ${word(collection, 'collection')} ${word(key, 'key')} ${stringifyJson(doc)}`));
  }

  /**
   * Removes a document (`DELETE`).
   *
   * @throws NotFoundError when the key does not exist
   */
  async delete(collection: string, key: string): Promise<void> {
    expectOk(await this.run(`DELETE ${word(collection, 'collection')} ${word(key, 'key')}`));
  }

  /**
   * Inserts or replaces a document with a vector clock (`PUT_WITH_VC`).
   *
   * @param vectorClock any JSON value (the single-node server ignores its content)
   */
  async putWithVectorClock(collection: string, key: string, doc: unknown, vectorClock: unknown = {}): Promise<void> {
    const vc = stringifyJson(vectorClock, { escapeSpace: true });
    expectOk(await this.run(`PUT_WITH_VC ${word(collection, 'collection')} ${word(key, 'key')} ${stringifyJson(doc)} ${vc}`));
  }

  /**
   * Lists documents in key order (`SCAN`), optionally within an inclusive key range.
   *
   * @param range `start` and `end` keys; both or neither
   */
  async scan<T = JsonValue>(collection: string, range?: { readonly start: string; readonly end: string }): Promise<Row<T>[]> {
    let line = `SCAN ${word(collection, 'collection')}`;
    if (range !== undefined) line += ` ${word(range.start, 'range start')} ${word(range.end, 'range end')}`;
    return expectRows<T>(await this.run(line));
  }

  /**
   * Counts documents: all of them (`COUNT`), or those matching a filter (`FIND … {"count":true}`).
   *
   * @param filter optional FIND filter (REPL.md §9)
   */
  async count(collection: string, filter?: Readonly<Record<string, unknown>>): Promise<number> {
    if (filter === undefined) return expectCount(await this.run(`COUNT ${word(collection, 'collection')}`));
    return expectCount(await this.run(`FIND ${word(collection, 'collection')} ${stringifyJson(filter)} {"count":true}`));
  }

  /**
   * Inserts documents in one atomic, durable transaction (`INSERTMANY`).
   *
   * @param entries non-empty list of `[key, doc]` or `{key, doc}`
   * @returns the number inserted
   * @throws AlreadyExistsError when any key exists (nothing is inserted)
   */
  async insertMany(collection: string, entries: readonly BatchEntry[]): Promise<number> {
    if (!Array.isArray(entries) || entries.length === 0) throw new ClientArgumentError('insertMany needs a non-empty array');
    const pairs = entries.map((e: BatchEntry) => (Array.isArray(e) ? [e[0], e[1]] : [(e as { key: string }).key, (e as { doc: unknown }).doc]));
    return expectOkCount(await this.run(`INSERTMANY ${word(collection, 'collection')} ${stringifyJson(pairs)}`));
  }

  /**
   * Rewrites a collection's live documents (`COMPACT`).
   *
   * @returns the number of documents preserved
   */
  async compact(collection: string): Promise<number> {
    return expectOkCount(await this.run(`COMPACT ${word(collection, 'collection')}`));
  }

  // ---- indexes -----------------------------------------------------------

  /**
   * Creates a secondary index on a dot-separated field path (`CREATE INDEX`).
   */
  async createIndex(collection: string, name: string, fieldPath: string): Promise<void> {
    expectOk(await this.run(`CREATE INDEX ${word(collection, 'collection')} ${word(name, 'index name')} ${rest(fieldPath, 'field path')}`));
  }

  /** Drops a secondary index (`DROP INDEX`). */
  async dropIndex(collection: string, name: string): Promise<void> {
    expectOk(await this.run(`DROP INDEX ${word(collection, 'collection')} ${word(name, 'index name')}`));
  }

  /** Lists a collection's index names in creation order (`LIST INDEXES`). */
  async listIndexes(collection: string): Promise<string[]> {
    return expectArray(await this.run(`LIST INDEXES ${word(collection, 'collection')}`));
  }

  /**
   * Documents whose indexed value equals `value` (`QUERY`).
   *
   * @param value a scalar JSON value
   */
  async query<T = JsonValue>(collection: string, index: string, value: unknown): Promise<Row<T>[]> {
    return expectRows<T>(await this.run(`QUERY ${word(collection, 'collection')} ${word(index, 'index name')} ${stringifyJson(value)}`));
  }

  /**
   * Documents with an indexed value in the half-open range `[start, end)` (`QUERYRANGE`).
   */
  async queryRange<T = JsonValue>(collection: string, index: string, start: unknown, end: unknown): Promise<Row<T>[]> {
    const s = stringifyJson(start, { escapeSpace: true });
    return expectRows<T>(await this.run(`QUERYRANGE ${word(collection, 'collection')} ${word(index, 'index name')} ${s} ${stringifyJson(end)}`));
  }

  // ---- extensions --------------------------------------------------------

  /**
   * Documents matching a filter, with sort, skip, limit and projection (`FIND`, REPL.md §9).
   *
   * @param filter filter object; `{}` matches every document
   */
  async find<T = JsonValue>(collection: string, filter: Readonly<Record<string, unknown>> = {}, options?: FindOptions): Promise<Row<T>[]> {
    let line = `FIND ${word(collection, 'collection')} ${stringifyJson(filter)}`;
    if (options !== undefined) line += ` ${stringifyJson(options)}`;
    return expectRows<T>(await this.run(line));
  }

  /**
   * The plan the server would use for a FIND (`"explain": true`).
   */
  async explain(collection: string, filter: Readonly<Record<string, unknown>> = {}, options: FindOptions = {}): Promise<FindPlan> {
    const line = `FIND ${word(collection, 'collection')} ${stringifyJson(filter)} ${stringifyJson({ ...options, explain: true })}`;
    const plan = expectJson<FindPlan>(await this.run(line));
    if (plan === null) throw new ProtocolViolationError('server returned no plan');
    return plan;
  }

  /**
   * A document with its references replaced by their targets (`RESOLVE`, REPL.md §10).
   *
   * @param depth references followed, 0–256 (default 1)
   * @returns the resolved document, or null when the key does not exist
   * @throws CyclicReferenceError on a reference back onto its own path
   */
  async resolve<T = JsonValue>(collection: string, key: string, depth?: number): Promise<T | null> {
    let line = `RESOLVE ${word(collection, 'collection')} ${word(key, 'key')}`;
    if (depth !== undefined) {
      if (!Number.isInteger(depth)) throw new ClientArgumentError('depth must be an integer');
      line += ` ${depth}`;
    }
    return expectJson<T>(await this.run(line));
  }

  /** Document count and buffer-pool figures of a collection (`STATS`). */
  async stats(collection: string): Promise<CollectionStats> {
    const stats = expectJson<CollectionStats>(await this.run(`STATS ${word(collection, 'collection')}`));
    if (stats === null) throw new ProtocolViolationError('server returned no stats');
    return stats;
  }
}

/**
 * Builds the inbound reference form `{"$ref":{"collection":c,"uuid":u}}` (PROTOCOL.md §3.3).
 *
 * @param collection target collection
 * @param uuid target key, canonical lower-case hyphenated
 */
export function ref(collection: string, uuid: string): { $ref: { collection: string; uuid: string } } {
  return { $ref: { collection, uuid } };
}

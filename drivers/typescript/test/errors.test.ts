import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  AlreadyExistsError,
  ClientArgumentError,
  CommandSyntaxError,
  CyclicReferenceError,
  DocumentTooLargeError,
  ForwardError,
  GrumpyError,
  InvalidArgumentError,
  InvalidCredentialsError,
  InvalidTokenError,
  NoDatabaseSelectedError,
  NotAuthenticatedError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TokenExpiredError,
  UnsupportedError,
  errorFromServer,
} from '@grumpydb/client';
import { adminClient, uniqueName } from './support/helpers.js';

describe('errorFromServer', () => {
  it.each([
    ['ERR not authenticated', NotAuthenticatedError, 'not_authenticated'],
    ["ERR access denied: Write on Collection { database: \"d\", collection: \"c\" } denied for user 'bob'", AccessDeniedError, 'access_denied'],
    ['ERR invalid credentials', InvalidCredentialsError, 'invalid_credentials'],
    ['ERR token expired', TokenExpiredError, 'token_expired'],
    ['ERR invalid token: expected access token', InvalidTokenError, 'invalid_token'],
    ['ERR rate limited (login: retry after 4s)', RateLimitedError, 'rate_limited'],
    ['ERR line too long', CommandSyntaxError, 'line_too_long'],
    ['ERR unknown command: FOO', CommandSyntaxError, 'unknown_command'],
    ['ERR missing argument: GET requires <uuid>', CommandSyntaxError, 'missing_argument'],
    ['ERR no database selected (use USE <db>)', NoDatabaseSelectedError, 'no_database_selected'],
    ["ERR invalid UUID 'x': bad", InvalidArgumentError, 'invalid_uuid'],
    ['ERR invalid JSON: oops', InvalidArgumentError, 'invalid_json'],
    ['ERR invalid vector_clock JSON: oops', InvalidArgumentError, 'invalid_vector_clock'],
    ['ERR invalid name: name cannot be empty', InvalidArgumentError, 'invalid_name'],
    ['ERR invalid filter: unknown operator $regex', InvalidArgumentError, 'invalid_filter'],
    ['ERR value type cannot be indexed', InvalidArgumentError, 'value_not_indexable'],
    ['ERR document too large: 16777300 bytes (max 16777216)', DocumentTooLargeError, 'document_too_large'],
    ['ERR cyclic reference detected: c/u', CyclicReferenceError, 'cyclic_reference'],
    ['ERR key 3df9dde6-1a2b-4c3d-8e9f-001122334455 not found', NotFoundError, 'key_not_found'],
    ['ERR key 3df9dde6-1a2b-4c3d-8e9f-001122334455 already exists', AlreadyExistsError, 'key_exists'],
    ['ERR collection not found: c', NotFoundError, 'collection_not_found'],
    ['ERR user already exists: acme/bob', AlreadyExistsError, 'user_exists'],
    ['ERR v5 only supports R=1, W=1', UnsupportedError, 'unsupported_concern'],
    ['ERR internal error: boom', ServerError, 'internal_error'],
    ['ERR I/O error: disk', ServerError, 'io_error'],
  ])('maps %s', (text, cls, code) => {
    const err = errorFromServer(text);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(GrumpyError);
    expect(err.code).toBe(code);
    expect(err.message).toBe(text.slice(4));
    expect(err.serverMessage).toBe(text.slice(4));
  });

  it('parses forward errors', () => {
    const err = errorFromServer('ERR forward to n2@10.0.0.2:6380; not the owner');
    expect(err).toBeInstanceOf(ForwardError);
    expect((err as ForwardError).nodeId).toBe('n2');
    expect((err as ForwardError).address).toBe('10.0.0.2:6380');
  });

  it('falls back to a plain GrumpyError for unknown texts', () => {
    const err = errorFromServer('ERR something new');
    expect(err.constructor).toBe(GrumpyError);
    expect(err.code).toBe('server_error');
  });
});

describe('errors from the real server', () => {
  it('maps each failure to its class', async () => {
    const client = await adminClient();
    try {
      const db = client.database(uniqueName('errs'));
      const key = crypto.randomUUID();
      await expect(db.get('nope', key)).rejects.toBeInstanceOf(NotFoundError);
      await db.createCollection('c');
      await expect(db.createCollection('c')).rejects.toMatchObject({ code: 'collection_exists' });
      await expect(db.get('c', 'not-a-uuid')).rejects.toMatchObject({ code: 'invalid_uuid' });
      await expect(db.update('c', key, {})).rejects.toMatchObject({ code: 'key_not_found', message: `key ${key} not found` });
      await db.insert('c', key, 1);
      await expect(db.insert('c', key, 2)).rejects.toMatchObject({ code: 'key_exists' });
      await expect(db.createCollection('Bad')).rejects.toMatchObject({ code: 'invalid_name' });
      await expect(db.find('c', { a: { $regex: 'x' } })).rejects.toMatchObject({ code: 'invalid_filter' });
      await expect(db.createIndex('c', 'i', 'a')).resolves.toBeUndefined();
      await expect(db.query('c', 'i', [1])).rejects.toMatchObject({ code: 'value_not_indexable' });
      await expect(db.query('c', 'nope', 1)).rejects.toMatchObject({ code: 'index_not_found' });
      await expect(db.resolve('c', key, 999)).rejects.toMatchObject({ code: 'invalid_depth' });
      await expect(client.createUser('admin@_system', 'x')).rejects.toBeInstanceOf(AlreadyExistsError);
      await expect(client.grant('nonsense', 'x', 'admin')).rejects.toMatchObject({ code: 'unknown_role' });
      await expect(db.insert('c', 'has space', 1)).rejects.toBeInstanceOf(ClientArgumentError);
      await expect(db.insert('c', crypto.randomUUID(), { n: NaN })).rejects.toBeInstanceOf(ClientArgumentError);
      expect(() => client.database('bad name')).toThrow(ClientArgumentError);
      await expect(client.createUser('x@_system', ' leading space')).rejects.toBeInstanceOf(ClientArgumentError);
      await expect(client.createUser('x@_system', 'two\nlines')).rejects.toBeInstanceOf(ClientArgumentError);
      await expect(db.createIndex('c', 'j', 'a ')).rejects.toBeInstanceOf(ClientArgumentError);
    } finally {
      await client.close();
    }
  });
});

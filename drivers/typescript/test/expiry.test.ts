// Token expiry against the real server: a server whose access tokens live
// two seconds. Expiry never closes an open connection (PROTOCOL.md §5.1);
// an expired token is refused by TOKEN; REFRESH issues a working one.

import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startServer } from '../scripts/server-harness.mjs';
import { GrumpyClient, TokenExpiredError } from '../src/index.js';

const PASSWORD = 'grumpy-expiry-pw';
let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;

beforeAll(async () => {
  const built = await buildServer();
  dir = built.dir;
  server = await startServer({
    binary: built.binary,
    workDir: dir,
    password: PASSWORD,
    name: 'short-ttl',
    config: '[auth]\naccess_token_ttl_secs = 2\n',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('token expiry (real server, 2 s access tokens)', () => {
  it('keeps the open connection, refuses the expired token, and refreshes', async () => {
    const client = await GrumpyClient.connect({
      host: server.host, port: server.port, tenant: '_system', username: 'admin', password: PASSWORD,
    });
    try {
      const expired = client.accessToken!;
      await client.database('exp').createCollection('c');
      await new Promise((r) => setTimeout(r, 2300));
      // The connection authenticated before expiry keeps working.
      await client.database('exp').insert('c', '00000000-0000-0000-0000-000000000001', { n: 1 });
      // Presenting the expired token again is refused with the typed error.
      await expect(client.authenticate(expired)).rejects.toBeInstanceOf(TokenExpiredError);
      // REFRESH gives a new access token that works.
      const fresh = await client.refresh();
      expect(fresh).not.toBe(expired);
      await client.authenticate(fresh);
      expect(await client.database('exp').count('c')).toBe(1);
    } finally {
      await client.close();
    }
  }, 30_000);
});

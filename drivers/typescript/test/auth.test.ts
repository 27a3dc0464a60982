import { describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  GrumpyClient,
  InvalidCredentialsError,
  InvalidTokenError,
  NotAuthenticatedError,
  TokenVerificationError,
} from '@grumpydb/client';
import { adminClient, jwksUrl, plainServer, uniqueName } from './support/helpers.js';

describe('authentication', () => {
  it('logs in, verifies the access token through the JWKS and reads the topology', async () => {
    const s = plainServer();
    const client = await adminClient({ jwksUrl: jwksUrl(s) });
    try {
      expect(client.claims?.sub).toBe('admin');
      expect(client.claims?.tenant).toBe('_system');
      expect(client.claims?.roles).toEqual([{ role: 'server_admin', scope: { type: 'server' } }]);
      expect(client.lastTopology?.n).toBe(1);
      expect(client.lastTopology?.peers[0]?.addr).toBe(`127.0.0.1:${s.port}`);
      const me = await client.whoami();
      expect(me).toEqual({ user: 'admin', tenant: '_system', roles: ['server_admin:Server'] });

      // Independently of the driver: the token verifies with jose against the JWKS.
      const token = client.accessToken as string;
      const header = decodeProtectedHeader(token);
      expect(header.alg).toBe('RS256');
      expect(header.kid).toMatch(/^[0-9a-f]{16}$/);
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl(s))));
      expect(payload['token_type']).toBe('access');
      expect(payload.aud).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('refuses bad credentials with InvalidCredentialsError', async () => {
    const s = plainServer();
    await expect(
      GrumpyClient.connect({ host: s.host, port: s.port, tenant: '_system', username: 'admin', password: 'wrong password' }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(
      GrumpyClient.connect({ host: s.host, port: s.port, tenant: 'nosuch', username: 'ghost', password: 'x' }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('fails verification against a JWKS that does not hold the signing key', async () => {
    const s = plainServer();
    const http = await import('node:http');
    const fake = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"keys":[]}');
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const addr = fake.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    try {
      await expect(
        adminClient({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` }),
      ).rejects.toBeInstanceOf(TokenVerificationError);
      expect(s.port).toBeGreaterThan(0);
    } finally {
      await new Promise((r) => fake.close(r));
    }
  });

  it('authenticates a new client with an existing access token, and refuses a refresh token there', async () => {
    const s = plainServer();
    const first = await adminClient();
    try {
      const second = await GrumpyClient.connect({ host: s.host, port: s.port, token: first.accessToken as string, jwksUrl: jwksUrl(s) });
      expect((await second.whoami()).user).toBe('admin');
      await second.close();
      await expect(
        GrumpyClient.connect({ host: s.host, port: s.port, token: first.refreshToken as string }),
      ).rejects.toMatchObject({ code: 'invalid_token', message: 'invalid token: expected access token' });
      await expect(GrumpyClient.connect({ host: s.host, port: s.port, token: 'garbage' })).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      await first.close();
    }
  });

  it('refreshes the access token with current roles', async () => {
    const s = plainServer();
    const admin = await adminClient();
    const tenant = uniqueName('t');
    const dbName = uniqueName('d');
    try {
      await admin.createTenant(tenant);
      await admin.createUser(`carol@${tenant}`, 'carol pass word');
      const carol = await GrumpyClient.connect({ host: s.host, port: s.port, tenant, username: 'carol', password: 'carol pass word', jwksUrl: jwksUrl(s) });
      try {
        expect(carol.claims?.roles).toEqual([]);
        await expect(carol.database(dbName).listCollections()).rejects.toMatchObject({ code: 'database_not_found' });
        await admin.grant('db_admin', { database: dbName }, `carol@${tenant}`);
        await admin.grant('read_only', { database: dbName, collection: 'c' }, `carol@${tenant}`);
        const before = carol.accessToken;
        const fresh = await carol.refresh();
        expect(fresh).not.toBe(before);
        expect(carol.claims?.roles).toEqual([
          { role: 'db_admin', scope: { type: 'database', name: dbName } },
          { role: 'read_only', scope: { type: 'collection', database: dbName, collection: 'c' } },
        ]);
        // The open connection keeps its old roles until the new token is presented.
        expect((await carol.whoami()).roles).toEqual([]);
        await carol.authenticate(fresh);
        expect((await carol.whoami()).roles).toEqual([
          `db_admin:Database { name: "${dbName}" }`,
          `read_only:Collection { database: "${dbName}", collection: "c" }`,
        ]);
      } finally {
        await carol.close();
      }
    } finally {
      await admin.close();
    }
  });

  it('an unauthenticated client may ping but not read', async () => {
    const s = plainServer();
    const anon = await GrumpyClient.connect({ host: s.host, port: s.port });
    try {
      await expect(anon.ping()).resolves.toBeUndefined();
      await expect(anon.whoami()).rejects.toBeInstanceOf(NotAuthenticatedError);
      await expect(anon.refresh()).rejects.toMatchObject({ code: 'client_argument' });
    } finally {
      await anon.close();
    }
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionError, GrumpyClient } from '@grumpydb/client';
import { jwksUrl, secureServer } from './support/helpers.js';

describe('TLS', () => {
  it('connects when the generated certificate is trusted as CA, by IP and by name', async () => {
    const s = secureServer();
    const ca = await readFile(path.join(s.dataDir, '_auth', 'server.crt'));
    for (const host of ['127.0.0.1', 'localhost']) {
      const client = await GrumpyClient.connect({
        host,
        port: s.port,
        tls: { ca },
        tenant: '_system',
        username: 'admin',
        password: s.password,
        jwksUrl: jwksUrl(s),
      });
      try {
        expect(client.claims?.sub).toBe('admin');
        const db = client.database('tls_db');
        await db.createCollection('c').catch(() => undefined);
        const key = crypto.randomUUID();
        await db.insert('c', key, { over: 'tls' });
        expect(await db.get('c', key)).toEqual({ over: 'tls' });
      } finally {
        await client.close();
      }
    }
  });

  it('rejects the self-signed certificate when no CA is given', async () => {
    const s = secureServer();
    const attempt = GrumpyClient.connect({ host: s.host, port: s.port, tls: true, tenant: '_system', username: 'admin', password: s.password });
    await expect(attempt).rejects.toBeInstanceOf(ConnectionError);
    await expect(attempt).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('fails cleanly when speaking plain TCP to the TLS port', async () => {
    const s = secureServer();
    await expect(GrumpyClient.connect({ host: s.host, port: s.port, tls: false, connectTimeoutMs: 1500 })).rejects.toBeInstanceOf(ConnectionError);
  });
});

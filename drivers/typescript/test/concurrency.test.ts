import { describe, expect, it } from 'vitest';
import { GrumpyClient, NotFoundError } from '@grumpydb/client';
import { adminClient, plainServer, seededRandom, uniqueName } from './support/helpers.js';

describe('concurrent use', () => {
  it('interleaves many operations on several databases over one client and matches a model', async () => {
    const client = await adminClient();
    const rnd = seededRandom('concurrency model');
    try {
      const dbs = [client.database(uniqueName('ca')), client.database(uniqueName('cb')), client.database(uniqueName('cc'))];
      await Promise.all(dbs.map((d) => d.createCollection('c')));
      const model = new Map<string, Map<string, number>>(dbs.map((d) => [d.name, new Map()]));
      const ops: Promise<void>[] = [];
      for (let i = 0; i < 600; i++) {
        const d = dbs[Math.floor(rnd.next() * dbs.length)]!;
        const key = crypto.randomUUID();
        model.get(d.name)!.set(key, i);
        ops.push(
          d.insert('c', key, { i, db: d.name }).then(async () => {
            expect(await d.get('c', key)).toEqual({ i, db: d.name });
          }),
        );
      }
      await Promise.all(ops);
      for (const d of dbs) {
        const rows = await d.scan<{ i: number; db: string }>('c');
        const want = model.get(d.name)!;
        expect(rows.length).toBe(want.size);
        for (const r of rows) {
          expect(r.doc.db).toBe(d.name);
          expect(want.get(r.key)).toBe(r.doc.i);
        }
      }
    } finally {
      await client.close();
    }
  });

  it('never runs a command in the wrong database when USE fails for one of them', async () => {
    const s = plainServer();
    const admin = await adminClient();
    const tenant = uniqueName('ct');
    const good = uniqueName('good');
    try {
      await admin.createTenant(tenant);
      await admin.createUser(`fay@${tenant}`, 'fay-pw');
      await admin.grant('tenant_admin', { tenant }, `fay@${tenant}`);
      const setup = await GrumpyClient.connect({ host: s.host, port: s.port, tenant, username: 'fay', password: 'fay-pw' });
      await setup.database(good).createCollection('c');
      await setup.close();
      await admin.revoke('tenant_admin', { tenant }, `fay@${tenant}`);
      await admin.grant('read_write', { database: good }, `fay@${tenant}`);
      // fay may write into `good` but cannot create `missing`: every USE of it fails.
      const fay = await GrumpyClient.connect({ host: s.host, port: s.port, tenant, username: 'fay', password: 'fay-pw' });
      try {
        const ok = fay.database(good);
        const bad = fay.database(uniqueName('missing'));
        const results = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? ok : bad).insert('c', crypto.randomUUID(), { i })),
        );
        results.forEach((r, i) => {
          if (i % 2 === 0) expect(r.status).toBe('fulfilled');
          else {
            expect(r.status).toBe('rejected');
            expect((r as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
            expect((r as PromiseRejectedResult).reason.code).toBe('database_not_found');
          }
        });
        expect(await ok.count('c')).toBe(50);
      } finally {
        await fay.close();
      }
    } finally {
      await admin.close();
    }
  });

  it('serves several clients in parallel', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => adminClient()));
    const name = uniqueName('par');
    try {
      await clients[0]!.database(name).createCollection('c');
      await Promise.all(
        clients.map(async (c, n) => {
          const d = c.database(name);
          await Promise.all(Array.from({ length: 50 }, (_, i) => d.insert('c', crypto.randomUUID(), { n, i })));
        }),
      );
      expect(await clients[1]!.database(name).count('c')).toBe(400);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('reconnects after the connection is lost, replaying the token', async () => {
    const client = await adminClient();
    try {
      const d = client.database(uniqueName('rc'));
      await d.createCollection('c');
      // Reach into the session to cut the socket, as a network failure would.
      const session = (client as unknown as { session: { main: { destroy(): void } } }).session;
      session.main.destroy();
      const key = crypto.randomUUID();
      await d.insert('c', key, { after: 'reconnect' });
      expect(await d.get('c', key)).toEqual({ after: 'reconnect' });
      expect((await client.whoami()).user).toBe('admin');
    } finally {
      await client.close();
    }
  });
});

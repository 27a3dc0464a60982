import { describe, expect, it } from 'vitest';
import { AccessDeniedError, GrumpyClient, NotAuthenticatedError, NotFoundError } from '@grumpydb/client';
import { adminClient, plainServer, uniqueName } from './support/helpers.js';

describe('databases, users, grants, tenants, topology', () => {
  it('manages databases', async () => {
    const admin = await adminClient();
    try {
      const name = uniqueName('adm');
      await admin.createDatabase(name);
      expect(await admin.listDatabases()).toContain(name);
      await expect(admin.createDatabase(name)).rejects.toMatchObject({ code: 'database_exists' });
      await admin.dropDatabase(name);
      expect(await admin.listDatabases()).not.toContain(name);
      await expect(admin.dropDatabase(name)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await admin.close();
    }
  });

  it('manages tenants, users and grants, and the grants take effect', async () => {
    const s = plainServer();
    const admin = await adminClient();
    const tenant = uniqueName('ten');
    const dbName = uniqueName('shared');
    try {
      await admin.createTenant(tenant);
      expect(await admin.listTenants()).toContain(tenant);
      await expect(admin.createTenant(tenant)).rejects.toMatchObject({ code: 'tenant_exists' });
      await admin.createUser(`dave@${tenant}`, 'pw dave');
      await admin.createUser(`erin@${tenant}`, 'pw erin');
      await expect(admin.dropUser(`nobody@${tenant}`)).rejects.toMatchObject({ code: 'user_not_found' });

      // Give dave tenant admin, let him set up a database and grant erin read access.
      await admin.grant('tenant_admin', { tenant }, `dave@${tenant}`);
      expect(await admin.listUsers(tenant)).toEqual([
        { username: 'dave', tenant, roles: ['tenant_admin'] },
        { username: 'erin', tenant, roles: [] },
      ]);
      const dave = await GrumpyClient.connect({ host: s.host, port: s.port, tenant, username: 'dave', password: 'pw dave' });
      const erin = await GrumpyClient.connect({ host: s.host, port: s.port, tenant, username: 'erin', password: 'pw erin' });
      try {
        const ddb = dave.database(dbName);
        await ddb.createCollection('docs');
        const key = crypto.randomUUID();
        await ddb.insert('docs', key, { secret: 1 });
        await dave.grant('read_only', { database: dbName, collection: 'docs' }, 'erin');
        await expect(erin.database(dbName).get('docs', key)).rejects.toBeInstanceOf(AccessDeniedError);
        await erin.authenticate(await erin.refresh());
        expect(await erin.database(dbName).get('docs', key)).toEqual({ secret: 1 });
        await expect(erin.database(dbName).insert('docs', crypto.randomUUID(), {})).rejects.toMatchObject({
          code: 'access_denied',
          message: `access denied: Write on Collection { database: "${dbName}", collection: "docs" } denied for user 'erin'`,
        });
        await dave.revoke('read_only', `docs:${dbName}`, 'erin');
        expect((await admin.listUsers(`@${tenant}`)).find((u) => u.username === 'erin')?.roles).toEqual([]);
        await expect(dave.grant('server_admin', { tenant }, 'erin')).rejects.toBeInstanceOf(AccessDeniedError);

        await admin.dropUser(`erin@${tenant}`);
        await expect(erin.whoami()).rejects.toBeInstanceOf(NotAuthenticatedError);
        expect(await dave.listDatabases()).toEqual([dbName]);
      } finally {
        await dave.close();
        await erin.close();
      }
      await admin.dropTenant(tenant);
      expect(await admin.listTenants()).not.toContain(tenant);
      await expect(admin.dropTenant('_system')).rejects.toMatchObject({ code: 'invalid_name' });
    } finally {
      await admin.close();
    }
  });

  it('admin commands sent on the side connection use the newest token', async () => {
    const s = plainServer();
    const admin = await adminClient();
    const tenant = uniqueName('side');
    try {
      await admin.createTenant(tenant);
      await admin.createUser(`gus@${tenant}`, 'gus-pw');
      await admin.createUser(`hal@${tenant}`, 'hal-pw');
      const gus = await GrumpyClient.connect({ host: s.host, port: s.port, tenant, username: 'gus', password: 'gus-pw' });
      try {
        await expect(gus.grant('read_only', { tenant }, 'hal')).rejects.toBeInstanceOf(AccessDeniedError);
        await admin.grant('tenant_admin', { tenant }, `gus@${tenant}`);
        await gus.authenticate(await gus.refresh());
        await gus.grant('read_only', { tenant }, 'hal');
        expect((await admin.listUsers(tenant)).find((u) => u.username === 'hal')?.roles).toEqual(['read_only']);
      } finally {
        await gus.close();
      }
    } finally {
      await admin.close();
    }
  });

  it('reports the topology of the single node', async () => {
    const s = plainServer();
    const admin = await adminClient();
    try {
      const t = await admin.topology();
      expect(t.n).toBe(1);
      expect(t.peers).toEqual([{ addr: `127.0.0.1:${s.port}`, node_id: t.local_node_id }]);
      expect(t.vnodes_per_node).toBe(256);
      expect(t.writers).toEqual([]);
      expect(t.cluster_id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await admin.close();
    }
  });
});

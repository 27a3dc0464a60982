// Runs the README examples as written. Only the port numbers change (the test
// servers listen on free ports instead of 6380/6381) and, in the seed README,
// the '<uuid>' placeholder becomes the key of a document inserted beforehand.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrumpyClient } from '@grumpydb/client';
import { adminClient, plainServer } from './support/helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const generated = path.join(here, '.generated');
const knownKey = crypto.randomUUID();

function exampleOf(markdown: string): string {
  const blocks = [...markdown.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const block = blocks.find((b) => b.includes('GrumpyClient.connect('));
  if (block === undefined) throw new Error('no GrumpyClient.connect example found');
  return block;
}

async function runExample(name: string, source: string): Promise<{ doc: unknown }> {
  const s = plainServer();
  const code = source
    .replace(/port: 6380/g, `port: ${s.port}`)
    .replace(/localhost:6381/g, `localhost:${s.httpPort}`)
    .replace(/'<uuid>'/g, `'${knownKey}'`);
  expect(code).toContain(`port: ${s.port}`);
  await mkdir(generated, { recursive: true });
  const file = path.join(generated, `${name}.ts`);
  await writeFile(file, `${code}\nexport { doc };\n`);
  return (await import(/* @vite-ignore */ file)) as { doc: unknown };
}

beforeAll(async () => {
  const s = plainServer();
  const admin = await adminClient();
  await admin.createTenant('acme').catch(() => undefined);
  await admin.createUser('alice@acme', 's3cr3t').catch(() => undefined);
  await admin.grant('tenant_admin', { tenant: 'acme' }, 'alice@acme');
  await admin.close();
  const alice = await GrumpyClient.connect({ host: s.host, port: s.port, tenant: 'acme', username: 'alice', password: 's3cr3t' });
  const db = alice.database('myapp');
  await db.createCollection('users').catch(() => undefined);
  await db.insert('users', knownKey, { name: 'Known' });
  await alice.close();
});

afterAll(async () => {
  await rm(generated, { recursive: true, force: true });
});

describe('README examples', () => {
  it('the seed README "Client Drivers" TypeScript example works as written', async () => {
    const seed = path.resolve(here, '..', '..', '..', '..', 'shared', 'seed', 'README.md');
    const text = await readFile(seed, 'utf8').catch(() => null);
    if (text === null) {
      throw new Error(`seed README not found at ${seed}: the repository expects shared/ beside it`);
    }
    const { doc } = await runExample('seed-readme', exampleOf(text));
    expect(doc).toEqual({ name: 'Known' });
  });

  it('the driver README quick start works as written', async () => {
    const text = await readFile(path.resolve(here, '..', 'README.md'), 'utf8');
    const { doc } = await runExample('driver-readme', exampleOf(text));
    expect(doc).toEqual({ name: 'Bob' });
    const s = plainServer();
    const alice = await GrumpyClient.connect({ host: s.host, port: s.port, tenant: 'acme', username: 'alice', password: 's3cr3t' });
    expect((await alice.database('myapp').find('users', { name: 'Bob' })).length).toBeGreaterThanOrEqual(2);
    await alice.close();
  });
});

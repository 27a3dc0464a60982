// Builds and runs real grumpydb-server processes for the tests and the benchmark.
// Each server gets fresh loopback ports and a fresh data directory; stop() ends
// the process (SIGTERM, then SIGKILL after 10 s) and removes the directory.

import { spawn, execFile } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Directory of the Go server module (../../server from the driver directory). */
export const SERVER_DIR = path.resolve(here, '..', '..', '..', 'server');

/**
 * Builds the server binary into a fresh temporary directory.
 * @returns {Promise<{binary: string, dir: string}>}
 */
export async function buildServer() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grumpydb-ts-'));
  const binary = path.join(dir, 'grumpydb-server');
  await promisify(execFile)('go', ['build', '-o', binary, './cmd/grumpydb-server'], {
    cwd: SERVER_DIR,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { binary, dir };
}

/** @returns {Promise<number>} a currently free loopback TCP port */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr !== null ? addr.port : 0));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port }, () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * Starts one server.
 * @param {{binary: string, workDir: string, password: string, tls?: boolean, name: string, config?: string}} opts
 * @returns {Promise<{host: string, port: number, httpPort: number, dataDir: string, password: string, tls: boolean, stop: () => Promise<void>, log: () => string}>}
 */
export async function startServer(opts) {
  const dataDir = await mkdtemp(path.join(opts.workDir, `${opts.name}-data-`));
  if (opts.config) {
    // Optional TOML, e.g. a short access-token lifetime for expiry tests.
    await writeFile(path.join(dataDir, 'absent.toml'), opts.config);
  }
  const port = await freePort();
  const httpPort = await freePort();
  const args = [
    '--data', dataDir,
    '--bind', `127.0.0.1:${port}`,
    '--http-bind', `127.0.0.1:${httpPort}`,
    '--bootstrap-password', opts.password,
    '--log-format', 'text',
    '--config', path.join(dataDir, 'absent.toml'),
    opts.tls ? '--tls' : '--no-tls',
  ];
  const child = spawn(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  exited.then(() => {
    done = true;
  });
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (done) throw new Error(`server ${opts.name} exited during startup:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server ${opts.name} not ready after 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: '127.0.0.1',
    port,
    httpPort,
    dataDir,
    password: opts.password,
    tls: opts.tls === true,
    log: () => log,
    async stop() {
      if (!done) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

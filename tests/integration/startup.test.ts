import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../support/test-database.ts';

/**
 * The app as `npm start` runs it: `node dist/main.js`, compiled by server/build.mjs.
 */

const ROOT = process.cwd();
let home: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['server/build.mjs', '--server'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  home = mkdtempSync(join(tmpdir(), 'entente-startup-'));
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  output: string;
  ms: number;
}

/**
 * Runs the compiled app until it exits; once it logs that it is up, `whenUp` runs and the
 * app is sent SIGINT (as Ctrl-C would).
 */
function runApp(
  env: Record<string, string>,
  whenUp: () => Promise<void> = async () => {},
  timeoutMs = 60_000,
): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let up = false;
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!up && output.includes('Entente is up')) {
        up = true;
        void whenUp().finally(() => child.kill('SIGINT'));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('starting the compiled app', () => {
  it('when PORT is already taken, then it exits non-zero within seconds naming the port, and starts no Neo4j', async () => {
    const blocker = await listenOn(0);
    const port = (blocker.address() as { port: number }).port;
    try {
      // Embedded mode: without the early check a Neo4j would start in `home` first.
      const exit = await runApp({ PORT: String(port), HOST: '127.0.0.1', ENTENTE_HOME: home });
      expect(exit.code).toBe(1);
      expect(exit.ms).toBeLessThan(10_000);
      expect(exit.output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(exit.output).not.toContain('Entente is up');
      const run = join(home, 'run');
      expect(existsSync(run) ? readdirSync(run) : []).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('when started on a free port against a Neo4j, then it logs each start-up phase with its time and serves health', async () => {
    const probe = await listenOn(0);
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const { uri, user, password } = testCredentials();
    let health = 0;
    const exit = await runApp(
      {
        PORT: String(port),
        NEO4J_URI: uri,
        NEO4J_USER: user,
        NEO4J_PASSWORD: password,
        ENTENTE_SEED_ON_START: 'false',
      },
      async () => {
        // Health gives Neo4j 2 s to answer; a busy machine may need a second try.
        const deadline = Date.now() + 30_000;
        while (health !== 200 && Date.now() < deadline) {
          health = (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
        }
      },
    );
    expect(health).toBe(200);
    expect(exit.output).toContain('Entente is up');
    for (const phase of ['database', 'query warm-up', 'listen']) {
      expect(exit.output).toMatch(new RegExp(`start-up: ${phase} \\(\\d+ ms\\)`));
    }
    expect(exit.code).toBe(0);
  });
});

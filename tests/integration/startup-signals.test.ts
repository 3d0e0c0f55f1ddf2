import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '../support/processes.ts';

/** The app started as `npm start` starts it, with its own throwaway embedded Neo4j home. */

const home = mkdtempSync(join(tmpdir(), 'entente-startup-signal-'));
let jvmPid: number | undefined;

afterAll(() => {
  if (jvmPid !== undefined && isAlive(jvmPid)) process.kill(jvmPid, 'SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

describe('stopping the app while its Neo4j is still starting', () => {
  it('when SIGTERM arrives before Neo4j answers, then the app exits and the JVM it started is stopped', async () => {
    mkdirSync(home, { recursive: true });
    // The jars are shared; only the home (data, conf, run) is new.
    symlinkSync(join(process.cwd(), '.neo4j', 'lib'), join(home, 'lib'));
    const app = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NEO4J_URI: '',
        NEO4J_PASSWORD: '',
        ENTENTE_HOME: home,
        ENTENTE_NEO4J_BOLT_PORT: String(21000 + Math.floor(Math.random() * 2000)),
        ENTENTE_NEO4J_HEAP: '256m',
        ENTENTE_NEO4J_PAGECACHE: '64m',
        ENTENTE_SEED_ON_START: 'false',
        PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    app.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const exited = new Promise<number | null>((resolve) => app.on('exit', (code) => resolve(code)));
    const record = join(home, 'run', 'entente-neo4j.json');
    try {
      await waitFor(() => existsSync(record), 60_000);
      jvmPid = (JSON.parse(readFileSync(record, 'utf8')) as { pid: number }).pid;
      expect(isAlive(jvmPid)).toBe(true);
      app.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 90_000)),
      ]);
      expect(code, stderr).toBe(0);
      await waitFor(() => !isAlive(jvmPid!), 10_000);
      expect(existsSync(record)).toBe(false);
    } finally {
      if (app.exitCode === null) app.kill('SIGKILL');
    }
  }, 180_000);
});

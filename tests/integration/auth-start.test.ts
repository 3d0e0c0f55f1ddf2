import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAuth } from '../../server/auth/create-auth.ts';
import { testCredentials, testDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/processes.ts';
import { TEST_SECRET } from '../support/auth-app.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's entry points as its own process; `input` is piped to stdin. */
function run(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { input?: string; until?: (output: string) => Promise<boolean> | boolean } = {},
): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, NEO4J_URI: '', NEO4J_PASSWORD: '', ENTENTE_AUTH: '', HOST: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
    if (options.until) {
      const check = options.until;
      void waitFor(() => check(stdout + stderr), 90_000)
        .catch(() => undefined)
        .finally(() => child.kill('SIGTERM'));
    }
  });
}

function databaseEnv(): Record<string, string> {
  const { uri, user, password } = testCredentials();
  return { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('starting on an address other machines can reach', () => {
  it('when HOST is 0.0.0.0 and ENTENTE_AUTH is not set, then the app refuses to start', async () => {
    const result = await run('server/main.ts', [], { HOST: '0.0.0.0', ...databaseEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ENTENTE_AUTH');
    expect(result.stderr).toContain('0.0.0.0');
  });

  it('when ENTENTE_AUTH=off is set explicitly, then it starts, warns in its log and in /api/health', async () => {
    const port = await freePort();
    let health: { status?: string; warnings?: string[] } = {};
    const result = await run(
      'server/main.ts',
      [],
      {
        HOST: '0.0.0.0',
        PORT: String(port),
        ENTENTE_AUTH: 'off',
        ENTENTE_SEED_ON_START: 'false',
        ...databaseEnv(),
      },
      {
        until: async (output) => {
          if (!output.includes('Entente is up')) return false;
          // The first answer may come before the driver has connected.
          health = (await (
            await fetch(`http://127.0.0.1:${port}/api/health`)
          ).json()) as typeof health;
          return health.status === 'ok';
        },
      },
    );
    expect(result.stdout).toMatch(
      /"level":40.*Sign-in is off \(ENTENTE_AUTH=off\) while listening on 0\.0\.0\.0/,
    );
    expect(health.status).toBe('ok');
    expect(health.warnings?.[0]).toContain('Sign-in is off');
  });
});

describe('npm run users', () => {
  const env = () => ({ ...databaseEnv(), ENTENTE_SECRET: TEST_SECRET });

  it('when accounts are added, listed, changed and removed, then sign-in follows each step', async () => {
    const db = testDatabase();
    try {
      await db.autoCommit('MATCH (n:__User|__Session) DETACH DELETE n');
      const auth = await createAuth(
        db,
        { secret: TEST_SECRET, sessionIdleMinutes: 30, sessionMaxHours: 8 },
        { adminToken: undefined },
      );
      const signIn = (username: string, password: string) =>
        auth.service.signIn(username, password, '10.9.9.9').then(
          (signedIn) => signedIn.identity.role,
          () => 'refused',
        );

      const added = await run('server/users-cli.ts', ['add', 'grace', '--role', 'analyst'], env(), {
        input: 'grace-picks-a-long-one\n',
      });
      expect(added.code).toBe(0);
      expect(added.stderr).toContain(`database ${testCredentials().uri}`);
      expect(added.stdout).toContain('Added grace (analyst).');
      expect(added.stdout).not.toContain('grace-picks-a-long-one');
      expect(await signIn('grace', 'grace-picks-a-long-one')).toBe('analyst');

      const again = await run('server/users-cli.ts', ['add', 'grace', '--role', 'viewer'], env(), {
        input: 'another-long-password\n',
      });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');

      const listed = await run('server/users-cli.ts', ['list'], env());
      expect(listed.stdout).toMatch(/^grace\s+analyst\s+\d{4}-/m);

      const demoted = await run(
        'server/users-cli.ts',
        ['set-role', 'grace', '--role', 'viewer'],
        env(),
      );
      expect(demoted.code).toBe(0);
      expect(await signIn('grace', 'grace-picks-a-long-one')).toBe('viewer');

      const reset = await run('server/users-cli.ts', ['reset-password', 'grace'], env());
      expect(reset.code).toBe(0);
      const generated = /Password \(shown once\): (\S+)/.exec(reset.stdout)?.[1] ?? '';
      expect(generated.length).toBeGreaterThanOrEqual(20);
      expect(await signIn('grace', 'grace-picks-a-long-one')).toBe('refused');
      expect(await signIn('grace', generated)).toBe('viewer');

      const removed = await run('server/users-cli.ts', ['remove', 'grace'], env());
      expect(removed.code).toBe(0);
      expect(await signIn('grace', generated)).toBe('refused');

      const trail = await auth.audit.list({
        user: undefined,
        action: undefined,
        limit: 50,
        offset: 0,
      });
      const changes = trail.entries
        .filter((e) => e.target === 'grace' && e.action.startsWith('user-'))
        .map((e) => e.action)
        .reverse();
      expect(changes).toEqual(['user-add', 'user-set-role', 'user-reset-password', 'user-remove']);
      expect(JSON.stringify(trail.entries)).not.toContain(generated);
    } finally {
      await db.close();
    }
  });

  it('when the role or the name is wrong, then it explains and exits with 2', async () => {
    const badRole = await run('server/users-cli.ts', ['add', 'bob', '--role', 'owner'], env());
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of viewer, analyst, admin');
    const reserved = await run('server/users-cli.ts', ['add', 'token', '--role', 'admin'], env());
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('reserved');
  });
});

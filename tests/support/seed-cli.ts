import { spawn } from 'node:child_process';
import { testCredentials } from './test-database.ts';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the seed CLI from its TypeScript source as its own Node process against the test
 * database (no tsx wrapper process, so a SIGKILL hits the loader itself). `killWhen` sees
 * stderr as it grows; when it says so, the loader is killed.
 */
export function runSeedCli(
  args: string[],
  killWhen?: (stderr: string) => boolean,
): Promise<CliRun> {
  const { uri, user, password } = testCredentials();
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/seed-cli.ts',
      ...args,
      '--uri',
      uri,
      '--user',
      user,
      '--password',
      password,
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, NEO4J_URI: '', NEO4J_PASSWORD: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!killed && killWhen?.(stderr)) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  // Bounded: no run of the CLI may take longer than two minutes.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

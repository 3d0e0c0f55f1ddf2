import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import type { Logger } from '../logger.ts';
import {
  cachedJars,
  checkPrerequisites,
  EmbeddedNeo4jError,
  jarsResolved,
  resolveJars,
} from './maven.ts';
import { classSharing, isAlive, NO_SHARING, type ClassSharing } from './class-sharing.ts';
import { jvmArguments, type NeoJit, renderConfig, writeInitialPassword } from './neo4j-config.ts';

export { jvmArguments, queryLimitSettings, renderConfig } from './neo4j-config.ts';

export {
  cachedJars,
  checkPrerequisites,
  EmbeddedNeo4jError,
  jarsResolved,
  NEO4J_VERSION,
  resolveJars,
  writeJarList,
} from './maven.ts';

export interface EmbeddedOptions {
  /** Neo4j home: conf/, data/, logs/, run/ live here. */
  homeDir: string;
  /** Where the Maven-resolved jars are kept; shared between homes. */
  libDir: string;
  /** Preferred Bolt port; the next free one is taken when it is busy. */
  boltPort: number;
  heap: string;
  pageCache: string;
  /** Which JIT compilers Neo4j's JVM uses (default `quick`). */
  jit?: NeoJit;
  /** Class-data sharing for Neo4j's JVM (default on; see class-sharing.ts). */
  classSharing?: boolean;
  logger?: Logger | undefined;
  /** Aborting while the server starts stops it (a SIGTERM during start-up must not leave a JVM). */
  signal?: AbortSignal | undefined;
}

export interface RunningNeo4j {
  uri: string;
  user: string;
  password: string;
  boltPort: number;
  pid: number;
  /** True when this process started (or adopted) the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface RunRecord {
  pid: number;
  boltPort: number;
  ownerPid: number;
}

export async function findFreePort(preferred: number, attempts = 50): Promise<number> {
  for (let port = preferred; port < preferred + attempts; port += 1) {
    if (await portIsFree(port)) return port;
  }
  throw new EmbeddedNeo4jError(
    `No free port between ${preferred} and ${preferred + attempts - 1}.`,
  );
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function boltAnswers(port: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolveAnswer(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolveAnswer(false);
    });
    socket.once('error', () => resolveAnswer(false));
    socket.connect(port, '127.0.0.1');
  });
}

function isOurNeo4j(pid: number, homeDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('CommunityEntryPoint') && cmdline.includes(resolve(homeDir));
  } catch {
    return isAlive(pid);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the password file, creating it (mode 0600) on first use. */
function passwordFor(homeDir: string): string {
  const file = join(homeDir, 'password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

/** On first start the server wants the initial `neo4j` password changed; do it on `system`. */
async function ensurePassword(uri: string, password: string): Promise<void> {
  const probe = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
  try {
    // Bolt opens a moment before the databases accept sessions; retry briefly.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await probe.verifyConnectivity({ database: 'system' });
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (code === 'Neo.ClientError.Security.Unauthorized' || code.includes('CredentialsExpired'))
          break;
        if (attempt >= 120) throw error;
        await sleep(250);
      }
    }
  } finally {
    await probe.close();
  }
  const initial = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'));
  try {
    const session = initial.session({ database: 'system' });
    try {
      await session.run('ALTER CURRENT USER SET PASSWORD FROM $old TO $new', {
        old: 'neo4j',
        new: password,
      });
    } finally {
      await session.close();
    }
  } catch (error) {
    throw new EmbeddedNeo4jError(
      `Neo4j in ${process.cwd()} refused both the stored and the initial password. ` +
        'Delete its data directory (or the password file with it) to start afresh.',
      { cause: error },
    );
  } finally {
    await initial.close();
  }
}

/** Stops the server; true when it exited on its own after SIGTERM (not killed). */
async function stopProcess(
  pid: number,
  child: ChildProcess | undefined,
  timeoutMs = 60_000,
): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const exited = child
    ? new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())))
    : undefined;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    if (exited) {
      await Promise.race([exited, sleep(200)]);
    } else {
      await sleep(200);
    }
    if (child && child.exitCode !== null) return true;
  }
  if (!isAlive(pid)) return true;
  process.kill(pid, 'SIGKILL');
  return false;
}

/** Creates the home and its folders; the home holds the password and the data, so only this user may read it. */
export function privateHome(homeDir: string): void {
  mkdirSync(homeDir, { recursive: true, mode: 0o700 });
  chmodSync(homeDir, 0o700);
  for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) {
    mkdirSync(join(homeDir, dir), { recursive: true, mode: 0o700 });
  }
}

/**
 * Starts (or reuses) a Neo4j Community server in `homeDir` and waits until Bolt answers.
 * A server left running by a crashed run is adopted; a stale record is cleared.
 */
export async function startEmbeddedNeo4j(options: EmbeddedOptions): Promise<RunningNeo4j> {
  const { homeDir, logger } = options;
  privateHome(homeDir);
  const password = passwordFor(homeDir);
  const recordFile = join(homeDir, 'run', 'entente-neo4j.json');

  const existing = readRecord(recordFile);
  if (
    existing &&
    isAlive(existing.pid) &&
    isOurNeo4j(existing.pid, homeDir) &&
    (await waitForBolt(existing.boltPort, existing.pid, 120_000, homeDir).then(
      () => true,
      // It was shutting down (or died) while we waited: start afresh below.
      () => false,
    ))
  ) {
    const ownerAlive = existing.ownerPid !== process.pid && isAlive(existing.ownerPid);
    const uri = `bolt://127.0.0.1:${existing.boltPort}`;
    await ensurePassword(uri, password);
    if (!ownerAlive) writeRecord(recordFile, { ...existing, ownerPid: process.pid });
    logger?.info(
      { pid: existing.pid, boltPort: existing.boltPort, adopted: !ownerAlive },
      ownerAlive
        ? 'using the local Neo4j that is already running'
        : 'adopted a Neo4j left by an earlier run',
    );
    return handle(
      uri,
      password,
      existing.boltPort,
      existing.pid,
      !ownerAlive,
      undefined,
      recordFile,
    );
  }
  if (existing) rmSync(recordFile, { force: true });

  let phaseAt = Date.now();
  const phaseDone = (phase: string, extra: Record<string, unknown> = {}) => {
    const ms = Date.now() - phaseAt;
    logger?.info({ phase, ms, ...extra }, `start-up: ${phase} (${ms} ms)`);
    phaseAt = Date.now();
  };
  const cached = jarsResolved(options.libDir);
  const { java } = checkPrerequisites(process.env, !cached && !cachedJars());
  phaseDone('java check');
  await resolveJars(options.libDir, logger);
  phaseDone(cached ? 'neo4j jars (unchanged, maven skipped)' : 'neo4j jars');
  const boltPort = await findFreePort(options.boltPort);
  const config = renderConfig(homeDir, boltPort, options.heap, options.pageCache, options.jit);
  writeFileSync(join(homeDir, 'conf', 'neo4j.conf'), config);
  writeInitialPassword(homeDir, password);
  const sharing: ClassSharing =
    options.classSharing === false ? NO_SHARING : classSharing(options.libDir, java);

  const started = Date.now();
  const child = spawn(
    java,
    [
      ...jvmArguments(config),
      ...sharing.args,
      '-cp',
      `${join(resolve(options.libDir), '*')}`,
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${resolve(homeDir)}`,
      `--config-dir=${resolve(homeDir, 'conf')}`,
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  if (child.pid === undefined) {
    sharing.settle(false);
    throw new EmbeddedNeo4jError('Java could not be started.');
  }
  sharing.started(child.pid);
  writeRecord(recordFile, { pid: child.pid, boltPort, ownerPid: process.pid });

  const pid = child.pid;
  const cancelled = new Promise<never>((_resolve, reject) => {
    const abort = () => reject(new EmbeddedNeo4jError('Neo4j start-up was cancelled.'));
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
  });
  cancelled.catch(() => undefined);
  try {
    await Promise.race([waitForBolt(boltPort, pid, 180_000, homeDir, () => stderr), cancelled]);
    phaseDone('neo4j jvm start', { classSharing: sharing.mode });
    const uri = `bolt://127.0.0.1:${boltPort}`;
    await Promise.race([ensurePassword(uri, password), cancelled]);
    // Read once, when the system database was made; the password file stays the one copy.
    rmSync(join(homeDir, 'data', 'dbms', 'auth.ini'), { force: true });
    phaseDone('neo4j password');
    logger?.info({ pid: child.pid, boltPort, ms: Date.now() - started }, 'local Neo4j is up');
    return handle(uri, password, boltPort, child.pid, true, child, recordFile, sharing);
  } catch (error) {
    const died = child.exitCode !== null || child.signalCode !== null;
    sharing.settle(await stopProcess(child.pid, child));
    rmSync(recordFile, { force: true });
    if (died && sharing.mode === 'use' && !options.signal?.aborted) {
      // A JVM that cannot map its class archive crashes rather than start without it.
      logger?.warn({ err: error }, 'Neo4j died mapping its class archive; starting without it');
      sharing.discard();
      return startEmbeddedNeo4j({ ...options, classSharing: false });
    }
    throw error;
  }
}

function handle(
  uri: string,
  password: string,
  boltPort: number,
  pid: number,
  owned: boolean,
  child: ChildProcess | undefined,
  recordFile: string,
  sharing: ClassSharing = NO_SHARING,
): RunningNeo4j {
  let stopping: Promise<void> | undefined;
  return {
    uri,
    user: 'neo4j',
    password,
    boltPort,
    pid,
    owned,
    stop() {
      if (!owned) return Promise.resolve();
      stopping ??= stopProcess(pid, child).then((clean) => {
        sharing.settle(clean);
        rmSync(recordFile, { force: true });
      });
      return stopping;
    },
  };
}

async function waitForBolt(
  port: number,
  pid: number,
  timeoutMs: number,
  homeDir: string,
  stderr: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      throw new EmbeddedNeo4jError(
        `Neo4j exited during start-up. See ${join(homeDir, 'logs', 'neo4j.log')}.\n${stderr().slice(-1500)}`,
      );
    }
    if (await boltAnswers(port)) return;
    await sleep(250);
  }
  throw new EmbeddedNeo4jError(
    `Neo4j did not open Bolt on port ${port} within ${timeoutMs / 1000} s.`,
  );
}

function readRecord(file: string): RunRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

function writeRecord(file: string, record: RunRecord): void {
  writeFileSync(file, JSON.stringify(record));
}

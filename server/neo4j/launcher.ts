import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import type { Logger } from '../logger.ts';

/** Neo4j Community release the embedded default runs; kept in step with pom.xml. */
export const NEO4J_VERSION = '5.26.30';
const POM = join(dirname(fileURLToPath(import.meta.url)), 'pom.xml');

export interface EmbeddedOptions {
  /** Neo4j home: conf/, data/, logs/, run/ live here. */
  homeDir: string;
  /** Where the Maven-resolved jars are kept; shared between homes. */
  libDir: string;
  /** Preferred Bolt port; the next free one is taken when it is busy. */
  boltPort: number;
  heap: string;
  pageCache: string;
  logger?: Logger | undefined;
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

export class EmbeddedNeo4jError extends Error {
  readonly code = 'EMBEDDED_NEO4J_FAILED';
}

const WAYS_OUT = [
  'Entente starts a local Neo4j itself when NEO4J_URI is not set, and that needs Java 17+ and Maven.',
  'Choose one:',
  '  1. install JDK 17 (or newer) and Maven, e.g. `apt-get install openjdk-17-jdk-headless maven`;',
  '  2. run Neo4j in Docker with `docker compose up`;',
  '  3. point Entente at an existing Neo4j 5: NEO4J_URI=neo4j://host:7687 NEO4J_USER=… NEO4J_PASSWORD=….',
].join('\n');

/** Checks for Java 17+ and Maven, with one message naming the ways out when either is missing. */
export function checkPrerequisites(): { java: string } {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const javaVersion = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)/.exec(`${javaVersion.stderr ?? ''}${javaVersion.stdout ?? ''}`);
  const major = match ? Number(match[1]) : 0;
  const maven = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  const problems: string[] = [];
  if (javaVersion.error || major < 17) {
    problems.push(
      major ? `Java ${major} found; Neo4j 5.26 needs Java 17 or newer.` : 'Java was not found.',
    );
  }
  if (maven.error || maven.status !== 0) problems.push('Maven (mvn) was not found.');
  if (problems.length > 0) throw new EmbeddedNeo4jError(`${problems.join(' ')}\n${WAYS_OUT}`);
  return { java };
}

/** Resolves the Neo4j jars from Maven Central into `libDir` (once; Maven caches them in ~/.m2). */
export function resolveJars(libDir: string, logger?: Logger): void {
  const marker = join(libDir, `.resolved-${NEO4J_VERSION}`);
  if (existsSync(marker)) return;
  rmSync(libDir, { recursive: true, force: true });
  mkdirSync(libDir, { recursive: true });
  logger?.info({ version: NEO4J_VERSION }, 'resolving Neo4j Community jars with Maven');
  const result = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${resolve(libDir)}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.status !== 0) {
    throw new EmbeddedNeo4jError(
      `Maven could not resolve Neo4j ${NEO4J_VERSION}:\n${(result.stdout + result.stderr).slice(-2000)}`,
    );
  }
  writeFileSync(marker, new Date().toISOString());
}

/** Bytes in a size such as `512m` or `1g` (the launcher's own format). */
function sizeInBytes(size: string): number {
  const match = /^(\d+)([kmg])$/i.exec(size);
  if (!match) return 512 * 1024 ** 2;
  const power = { k: 1, m: 2, g: 3 }[(match[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g'];
  return Number(match[1]) * 1024 ** power;
}

/**
 * What one query may use: one transaction at most a quarter of the heap, all transactions
 * together at most half, so no single request (nor a few at once) can exhaust the heap and
 * leave Neo4j half-dead. `db.transaction.timeout` is a server-side backstop for work whose
 * client sets no timeout of its own (the console always sets one, much shorter).
 */
export function queryLimitSettings(heap: string): Record<string, string> {
  const mebibytes = Math.max(64, Math.floor(sizeInBytes(heap) / 1024 ** 2));
  return {
    'db.memory.transaction.max': `${Math.floor(mebibytes / 4)}m`,
    'dbms.memory.transaction.total.max': `${Math.floor(mebibytes / 2)}m`,
    'dbms.memory.tracking.enable': 'true',
    'db.transaction.timeout': '300s',
  };
}

/**
 * Settings mirror the official distribution's neo4j.conf; memory is sized for a small
 * machine and Bolt listens on loopback only, with HTTP off.
 */
export function renderConfig(
  homeDir: string,
  boltPort: number,
  heap: string,
  pageCache: string,
): string {
  const home = resolve(homeDir);
  return [
    '# Generated by Entente on every start; edit ENTENTE_* variables instead.',
    `server.directories.data=${join(home, 'data')}`,
    `server.directories.logs=${join(home, 'logs')}`,
    `server.directories.run=${join(home, 'run')}`,
    `server.directories.import=${join(home, 'import')}`,
    `server.directories.plugins=${join(home, 'plugins')}`,
    `server.bolt.listen_address=127.0.0.1:${boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${boltPort}`,
    'server.bolt.enabled=true',
    'server.http.enabled=false',
    'server.https.enabled=false',
    `server.memory.heap.initial_size=${heap}`,
    `server.memory.heap.max_size=${heap}`,
    `server.memory.pagecache.size=${pageCache}`,
    ...Object.entries(queryLimitSettings(heap)).map(([key, value]) => `${key}=${value}`),
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    'dbms.security.procedures.unrestricted=',
    'db.tx_log.rotation.retention_policy=2 days 1G',
    'server.jvm.additional=-XX:+UseG1GC',
    'server.jvm.additional=-XX:-OmitStackTraceInFastThrow',
    'server.jvm.additional=-XX:+AlwaysPreTouch',
    'server.jvm.additional=-XX:+UnlockExperimentalVMOptions',
    'server.jvm.additional=-XX:+TrustFinalNonStaticFields',
    'server.jvm.additional=-XX:+DisableExplicitGC',
    'server.jvm.additional=-Djdk.nio.maxCachedBufferSize=1024',
    'server.jvm.additional=-Dio.netty.tryReflectionSetAccessible=true',
    'server.jvm.additional=-Djdk.tls.ephemeralDHKeySize=2048',
    'server.jvm.additional=-Djdk.tls.rejectClientInitiatedRenegotiation=true',
    'server.jvm.additional=-XX:FlightRecorderOptions=stackdepth=256',
    'server.jvm.additional=-XX:+UnlockDiagnosticVMOptions',
    'server.jvm.additional=-XX:+DebugNonSafepoints',
    'server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED',
    'server.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED',
    'server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    'server.jvm.additional=-Dlog4j2.disable.jmx=true',
    '',
  ].join('\n');
}

/**
 * JVM arguments for the child process. The entry point is started directly (not through the
 * `neo4j` script), so the `server.jvm.additional` lines are passed here as well.
 */
export function jvmArguments(config: string): string[] {
  const extra = config
    .split('\n')
    .filter((line) => line.startsWith('server.jvm.additional='))
    .map((line) => line.slice('server.jvm.additional='.length));
  const memory = (key: string) =>
    config
      .split('\n')
      .find((line) => line.startsWith(`${key}=`))
      ?.split('=')[1] ?? '512m';
  return [
    `-Xms${memory('server.memory.heap.initial_size')}`,
    `-Xmx${memory('server.memory.heap.max_size')}`,
    ...extra.filter((arg) => arg !== '-XX:+AlwaysPreTouch'),
    '-Dfile.encoding=UTF-8',
  ];
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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

async function stopProcess(
  pid: number,
  child: ChildProcess | undefined,
  timeoutMs = 60_000,
): Promise<void> {
  if (!isAlive(pid)) return;
  const exited = child
    ? new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())))
    : undefined;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    if (exited) {
      await Promise.race([exited, sleep(200)]);
    } else {
      await sleep(200);
    }
    if (child && child.exitCode !== null) return;
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
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

  const { java } = checkPrerequisites();
  resolveJars(options.libDir, logger);
  const boltPort = await findFreePort(options.boltPort);
  const config = renderConfig(homeDir, boltPort, options.heap, options.pageCache);
  writeFileSync(join(homeDir, 'conf', 'neo4j.conf'), config);

  const started = Date.now();
  const child = spawn(
    java,
    [
      ...jvmArguments(config),
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
  if (child.pid === undefined) throw new EmbeddedNeo4jError('Java could not be started.');
  writeRecord(recordFile, { pid: child.pid, boltPort, ownerPid: process.pid });

  try {
    await waitForBolt(boltPort, child.pid, 180_000, homeDir, () => stderr);
    const uri = `bolt://127.0.0.1:${boltPort}`;
    await ensurePassword(uri, password);
    logger?.info({ pid: child.pid, boltPort, ms: Date.now() - started }, 'local Neo4j is up');
    return handle(uri, password, boltPort, child.pid, true, child, recordFile);
  } catch (error) {
    await stopProcess(child.pid, child);
    rmSync(recordFile, { force: true });
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
      stopping ??= stopProcess(pid, child).then(() => rmSync(recordFile, { force: true }));
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

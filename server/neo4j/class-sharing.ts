import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Class-data sharing for the embedded Neo4j's JVM. The first run records the classes it
 * loaded (Neo4j's own start, then the Cypher planner and runtime our seed files and warm-up
 * touch) into an archive when it exits; every later run maps that archive instead of finding,
 * parsing and verifying some 15,000 classes again. On this 2-core machine that took a third
 * off both Neo4j's start and the first plans of a fresh JVM.
 *
 * The archive is valid for one Java and one set of jars, so its name carries a fingerprint of
 * both; a run whose fingerprint has no archive records one. Recording costs that run a few
 * seconds (the JVM keeps what it needs to write the archive, and writes it at exit), so only
 * one run records at a time, and an archive counts only once its JVM has exited and the file
 * is renamed into place: a run killed while writing leaves no half archive behind.
 */
export interface ClassSharing {
  /** JVM arguments for this run: use the archive, record one, or nothing. */
  readonly args: string[];
  readonly mode: 'use' | 'record' | 'off';
  /** The JVM is running as this process: a recording whose JVM is gone can be taken over. */
  started(jvmPid: number): void;
  /** The JVM died starting with this archive: drop it, so the next start records afresh. */
  discard(): void;
  /**
   * After the JVM has exited: keep the recorded archive (renamed into place) when the JVM
   * exited by itself, drop it when it had to be killed (it may be half written).
   */
  settle(exitedCleanly: boolean): void;
}

interface Recording {
  /** Process that took the lock (it renames the archive when the JVM exits). */
  ownerPid: number;
  /** The recording JVM, once started: when it is gone, so is the recording. */
  jvmPid?: number;
}

export const NO_SHARING: ClassSharing = {
  args: [],
  mode: 'off',
  started: () => undefined,
  discard: () => undefined,
  settle: () => undefined,
};

export function classSharing(libDir: string, java: string): ClassSharing {
  // Beside the jars, so every home that runs these jars (the app's, the tests') shares it.
  const dir = join(dirname(resolve(libDir)), 'cds');
  let fingerprint: string;
  try {
    // An archive of our classes sits on top of the JDK's own; a JDK shipped without one
    // (a trimmed runtime) would refuse to record.
    if (!nonEmpty(baseArchive(java))) return NO_SHARING;
    fingerprint = archiveFingerprint(libDir, java);
    mkdirSync(dir, { recursive: true });
  } catch {
    return NO_SHARING;
  }
  const archive = join(dir, `neo4j-${fingerprint}.jsa`);
  if (nonEmpty(archive)) {
    return {
      ...NO_SHARING,
      args: [`-XX:SharedArchiveFile=${archive}`],
      mode: 'use',
      discard: () => rmSync(archive, { force: true }),
    };
  }
  const lock = join(dir, `neo4j-${fingerprint}.recording`);
  if (!takeLock(lock)) return NO_SHARING;
  const partial = join(dir, `neo4j-${fingerprint}.${process.pid}.partial`);
  rmSync(partial, { force: true });
  let jvm: number | undefined;
  return {
    args: [`-XX:ArchiveClassesAtExit=${partial}`],
    mode: 'record',
    discard: () => undefined,
    started(jvmPid) {
      jvm = jvmPid;
      const record: Recording = { ownerPid: process.pid, jvmPid };
      writeFileSync(lock, JSON.stringify(record));
    },
    settle(exitedCleanly) {
      // A later start may have taken the recording over (this JVM died unsettled); it is theirs.
      if (readRecording(lock)?.jvmPid !== jvm) return;
      try {
        if (exitedCleanly && nonEmpty(partial) && mapsCleanly(java, libDir, partial)) {
          renameSync(partial, archive);
          dropOthers(dir, fingerprint);
        }
      } finally {
        rmSync(partial, { force: true });
        rmSync(lock, { force: true });
      }
    },
  };
}

function readRecording(lock: string): Recording | undefined {
  try {
    return JSON.parse(readFileSync(lock, 'utf8')) as Recording;
  } catch {
    return undefined;
  }
}

/** One Java (its resolved binary) and one set of jars (names, sizes and times, as CDS checks). */
export function archiveFingerprint(libDir: string, java: string): string {
  const binary = realpathSync(locate(java));
  const lib = resolve(libDir);
  const jars = readdirSync(lib)
    .filter((name) => name.endsWith('.jar'))
    .sort()
    .map((name) => {
      const stat = statSync(join(lib, name));
      return `${name}:${stat.size}:${Math.trunc(stat.mtimeMs)}`;
    });
  const javaStat = statSync(binary);
  return createHash('sha256')
    .update(JSON.stringify({ java: binary, javaTime: javaStat.mtimeMs, lib, jars }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Whether a JVM maps the archive with its checksums verified. A damaged archive does not
 * fall back quietly: the JVM that maps it crashes, so none is kept without this check.
 */
function mapsCleanly(java: string, libDir: string, archive: string): boolean {
  const run = spawnSync(
    java,
    [
      '-Xshare:on',
      '-XX:+VerifySharedSpaces',
      `-XX:SharedArchiveFile=${archive}`,
      '-cp',
      join(resolve(libDir), '*'),
      '-version',
    ],
    { stdio: 'ignore', timeout: 30_000 },
  );
  return run.status === 0;
}

/** The JDK's own class archive, which a recorded archive extends. */
export function baseArchive(java: string): string {
  const home = dirname(dirname(realpathSync(locate(java))));
  return join(home, 'lib', 'server', 'classes.jsa');
}

function locate(command: string): string {
  if (isAbsolute(command) || command.includes('/')) return command;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (nonEmpty(candidate)) return candidate;
  }
  throw new Error(`${command} is not on PATH`);
}

function nonEmpty(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

/** The recording lock, taken over when the process that held it is gone. */
function takeLock(lock: string): boolean {
  const record: Recording = { ownerPid: process.pid };
  try {
    writeFileSync(lock, JSON.stringify(record), { flag: 'wx' });
    return true;
  } catch {
    try {
      const held = readRecording(lock);
      if (!held || isAlive(held.jvmPid ?? held.ownerPid)) return false;
      // Its JVM died without the archive being settled: what it wrote may be half an archive.
      for (const name of readdirSync(join(lock, '..'))) {
        if (name.endsWith(`.${held.ownerPid}.partial`)) rmSync(join(lock, '..', name));
      }
      writeFileSync(lock, JSON.stringify(record));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Archives of other Java or jar sets are dead weight (about 110 MB each), and so are partial
 * ones a JVM wrote after the process that would have renamed them was gone.
 */
function dropOthers(dir: string, fingerprint: string): void {
  for (const name of readdirSync(dir)) {
    const stale =
      name.endsWith('.partial') || (name.endsWith('.jsa') && !name.includes(fingerprint));
    if (name.startsWith('neo4j-') && stale) rmSync(join(dir, name), { force: true });
  }
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';

/** Neo4j Community release the embedded default runs; kept in step with pom.xml. */
export const NEO4J_VERSION = '5.26.30';
const POM = join(dirname(fileURLToPath(import.meta.url)), 'pom.xml');
/** The jars the pom resolves to, so a start can take them from ~/.m2 without Maven. */
const JAR_LIST = join(dirname(POM), 'jars.txt');
/** In libDir: the checksum of the pom the jars were resolved from. */
const RESOLVED_FROM = '.resolved-pom.sha256';

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

export interface Prerequisites {
  java: string;
  /** `java -version` as printed. */
  javaVersion: string;
}

/**
 * Checks for Java 17+ and Maven, with one message naming the ways out. Maven is only
 * asked about when Java is there: `mvn` itself fails without Java, and blaming Maven for
 * a missing Java sent people looking in the wrong place.
 */
export function checkPrerequisites(
  env: NodeJS.ProcessEnv = process.env,
  needMaven = true,
): Prerequisites {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8', env });
  const printed = `${probe.stderr ?? ''}${probe.stdout ?? ''}`.trim();
  const major = Number(/version "(\d+)/.exec(printed)?.[1] ?? 0);
  if (probe.error || major < 17) {
    const where = env.JAVA_HOME ? ` (JAVA_HOME=${env.JAVA_HOME})` : ' on the PATH';
    const problem = major
      ? `Java ${major} found; Neo4j 5.26 needs Java 17 or newer.`
      : `Java was not found${where}.`;
    throw new EmbeddedNeo4jError(`${problem}\n${WAYS_OUT}`);
  }
  if (needMaven) {
    const maven = spawnSync('mvn', ['-v'], { encoding: 'utf8', env });
    if (maven.error || maven.status !== 0) {
      const problem = maven.error
        ? 'Maven (mvn) was not found on the PATH.'
        : `Maven (mvn -v) failed: ${`${maven.stderr}${maven.stdout}`.trim().split('\n')[0]}`;
      throw new EmbeddedNeo4jError(`${problem}\n${WAYS_OUT}`);
    }
  }
  return { java, javaVersion: printed };
}

/** The checksum `libDir` must carry for its jars to be those of the current pom. */
export function pomChecksum(): string {
  return createHash('sha256').update(readFileSync(POM)).digest('hex');
}

/** Whether `libDir` holds the jars of the current pom (then Maven is not needed at all). */
export function jarsResolved(libDir: string): boolean {
  const stamp = join(libDir, RESOLVED_FROM);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === pomChecksum();
}

/** Maven's local repository: MAVEN_REPO_LOCAL, else ~/.m2/repository. */
function localRepository(env: NodeJS.ProcessEnv): string {
  return env.MAVEN_REPO_LOCAL ?? join(homedir(), '.m2', 'repository');
}

/** `group:artifact:version[:classifier]` → its path in a Maven repository and its jar name. */
function jarOf(coordinates: string, repository: string): { path: string; name: string } {
  const [group = '', artifact = '', version = '', classifier] = coordinates.split(':');
  const name = `${artifact}-${version}${classifier ? `-${classifier}` : ''}.jar`;
  return { path: join(repository, ...group.split('.'), artifact, version, name), name };
}

/**
 * The jars of jars.txt as found in the local Maven repository, or undefined when the list
 * was made from another pom or any jar is missing (then Maven resolves them).
 */
export function cachedJars(
  env: NodeJS.ProcessEnv = process.env,
): { path: string; name: string }[] | undefined {
  if (!existsSync(JAR_LIST)) return undefined;
  const text = readFileSync(JAR_LIST, 'utf8');
  if (!text.includes(`pom sha256 ${pomChecksum()}`)) return undefined;
  const repository = localRepository(env);
  const jars = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((coordinates) => jarOf(coordinates, repository));
  return jars.every((jar) => existsSync(jar.path)) ? jars : undefined;
}

/** Writes jars.txt from what Maven resolves the pom to (`npm run neo4j -- list-jars`). */
export function writeJarList(env: NodeJS.ProcessEnv = process.env): number {
  const listed = join(dirname(JAR_LIST), '.dependency-list.txt');
  const run = spawnSync(
    'mvn',
    ['-B', '-q', '-f', POM, 'dependency:list', '-DincludeScope=runtime', `-DoutputFile=${listed}`],
    { encoding: 'utf8', env },
  );
  if (run.status !== 0 || !existsSync(listed)) {
    throw new EmbeddedNeo4jError(`Maven could not list the jars:\n${run.stdout}${run.stderr}`);
  }
  const coordinates = readFileSync(listed, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(':'))
    // group:artifact:jar[:classifier]:version:scope
    .filter((parts) => parts.length >= 5 && parts[2] === 'jar')
    .map(([group, artifact, , ...rest]) => {
      const [version, classifier] = rest.length === 3 ? [rest[1], rest[0]] : [rest[0], undefined];
      return [group, artifact, version, classifier].filter(Boolean).join(':');
    })
    .sort();
  rmSync(listed, { force: true });
  writeFileSync(
    JAR_LIST,
    [
      '# The runtime jars server/neo4j/pom.xml resolves to (group:artifact:version[:classifier]),',
      `# for pom sha256 ${pomChecksum()}.`,
      '# Regenerate after changing the pom: npm run neo4j -- list-jars',
      ...coordinates,
      '',
    ].join('\n'),
  );
  return coordinates.length;
}

/** Links (or, across file systems, copies) the jars into `dir`. */
function placeJars(jars: { path: string; name: string }[], dir: string): void {
  for (const jar of jars) {
    try {
      linkSync(jar.path, join(dir, jar.name));
    } catch {
      copyFileSync(jar.path, join(dir, jar.name));
    }
  }
}

const DOWNLOADED = /^\[INFO\] Downloaded from \S+: \S+ \((\d+(?:\.\d+)?) (B|kB|MB|GB)/;
const COPYING = /^\[INFO\] Copying \S+\.jar to /;
const UNIT = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 } as const;

/**
 * Resolves the Neo4j jars from Maven Central into `libDir`, unless the stamp there says
 * they came from the same pom. While Maven works, progress is logged every few seconds
 * (artifacts and megabytes downloaded, jars copied), so a first download of ~144 MB is
 * not two minutes of silence.
 */
export async function resolveJars(
  libDir: string,
  logger?: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (jarsResolved(libDir)) return;
  // Jars land in a side folder that takes libDir's place only once complete and stamped:
  // a run interrupted while Maven copies leaves libDir as it was, never half-filled.
  const partial = `${libDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const local = cachedJars(env);
  if (local) {
    // Every jar is already in the local Maven repository: no Maven JVM to start.
    placeJars(local, partial);
    logger?.info({ jars: local.length }, 'Neo4j jars taken from the local Maven repository');
    finish(libDir, partial);
    return;
  }
  logger?.info({ version: NEO4J_VERSION }, 'resolving Neo4j Community jars with Maven');
  const progress = { downloads: 0, bytes: 0, copied: 0 };
  let output = '';
  const child = spawn(
    'mvn',
    [
      '-B',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${resolve(partial)}`,
      '-DincludeScope=runtime',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Maven's own JVM only runs for seconds: the quick compiler is all it needs.
      env: { MAVEN_OPTS: '-XX:TieredStopAtLevel=1 -Xshare:auto', ...env },
    },
  );
  let pending = '';
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const downloaded = DOWNLOADED.exec(line);
      if (downloaded) {
        progress.downloads += 1;
        progress.bytes += Number(downloaded[1]) * UNIT[downloaded[2] as keyof typeof UNIT];
      } else if (COPYING.test(line)) {
        progress.copied += 1;
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let reported = '';
  const report = () => {
    const now = `${progress.downloads}/${progress.copied}`;
    if (now === reported) return;
    reported = now;
    logger?.info(
      {
        downloaded: progress.downloads,
        megabytes: Math.round(progress.bytes / 1e5) / 10,
        jarsCopied: progress.copied,
      },
      `Maven: ${progress.downloads} artifacts downloaded (${(progress.bytes / 1e6).toFixed(1)} MB), ${progress.copied} jars copied`,
    );
  };
  const ticker = setInterval(report, 3_000);
  const status = await new Promise<number | null>((done) => {
    child.once('error', () => done(null));
    child.once('close', (code) => done(code));
  }).finally(() => clearInterval(ticker));
  if (status !== 0) {
    throw new EmbeddedNeo4jError(
      `Maven could not resolve Neo4j ${NEO4J_VERSION}:\n${output.slice(-2000)}`,
    );
  }
  report();
  finish(libDir, partial);
}

/** Stamps the complete side folder and puts it in libDir's place. */
function finish(libDir: string, partial: string): void {
  writeFileSync(join(partial, RESOLVED_FROM), `${pomChecksum()}\n`);
  rmSync(libDir, { recursive: true, force: true });
  renameSync(partial, libDir);
}

import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jvmArguments, privateHome, renderConfig } from '../../server/neo4j/launcher.ts';
import {
  cachedJars,
  checkPrerequisites,
  jarsResolved,
  pomChecksum,
  resolveJars,
} from '../../server/neo4j/maven.ts';

describe('the embedded Neo4j configuration', () => {
  const config = renderConfig('/tmp/home', 7699, '768m', '256m');

  it('binds Bolt to loopback on the chosen port and turns HTTP off', () => {
    expect(config).toContain('server.bolt.listen_address=127.0.0.1:7699');
    expect(config).toContain('server.http.enabled=false');
    expect(config).toContain('dbms.security.auth_enabled=true');
  });

  it('when no JIT is chosen, then Neo4j runs the quick compiler only; with full, both', () => {
    expect(jvmArguments(config)).toContain('-XX:TieredStopAtLevel=1');
    const full = renderConfig('/tmp/home', 7699, '768m', '256m', 'full');
    expect(jvmArguments(full)).not.toContain('-XX:TieredStopAtLevel=1');
  });

  it('keeps data under the home directory', () => {
    expect(config).toContain('server.directories.data=/tmp/home/data');
  });

  it('passes heap and the distribution JVM options to the JVM it starts', () => {
    const args = jvmArguments(config);
    expect(args).toContain('-Xmx768m');
    expect(args).toContain('-Xms768m');
    expect(args).toContain('--add-opens=java.base/sun.nio.ch=ALL-UNNAMED');
    expect(args).toContain('-XX:+UseG1GC');
    expect(config).toContain('server.memory.pagecache.size=256m');
  });

  it('when Neo4j is started, then one transaction may use at most a quarter of the heap and all together half', () => {
    expect(config).toContain('db.memory.transaction.max=192m');
    expect(config).toContain('dbms.memory.transaction.total.max=384m');
    expect(config).toContain('dbms.memory.tracking.enable=true');
    expect(config).toMatch(/^db\.transaction\.timeout=\d+s$/m);
    expect(renderConfig('/tmp/home', 7699, '1g', '256m')).toContain(
      'db.memory.transaction.max=256m',
    );
  });
});

describe('the embedded Neo4j home', () => {
  it('when the home is prepared, then only its owner can read it', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'entente-home-')), '.neo4j');
    privateHome(home);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'data')).mode & 0o777).toBe(0o700);
  });
});

describe('the embedded Neo4j prerequisites', () => {
  it('when Java is missing, then the message says Java is missing and does not blame Maven', () => {
    // mvn is installed here, but it cannot run without Java either.
    const env = { ...process.env, JAVA_HOME: '/nonexistent/jdk' };
    expect(() => checkPrerequisites(env)).toThrow(
      /^Java was not found \(JAVA_HOME=\/nonexistent\/jdk\)\.\n/,
    );
    let message = '';
    try {
      checkPrerequisites(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toMatch(/Maven \(mvn\) was not found|mvn -v\) failed/);
  });

  it('when the jars were resolved from the current pom, then Maven is skipped; from another pom, it is not', () => {
    const lib = mkdtempSync(join(tmpdir(), 'entente-lib-'));
    try {
      expect(jarsResolved(lib)).toBe(false);
      writeFileSync(join(lib, '.resolved-pom.sha256'), `${pomChecksum()}\n`);
      expect(jarsResolved(lib)).toBe(true);
      writeFileSync(join(lib, '.resolved-pom.sha256'), 'an older pom\n');
      expect(jarsResolved(lib)).toBe(false);
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  });

  /** A stand-in `mvn` that copies one jar into its output folder, then exits with `status`. */
  function fakeMaven(status: number): NodeJS.ProcessEnv {
    const bin = mkdtempSync(join(tmpdir(), 'entente-mvn-'));
    const script = join(bin, 'mvn');
    writeFileSync(
      script,
      `#!/bin/sh\nfor a in "$@"; do case "$a" in -DoutputDirectory=*) out="\${a#-DoutputDirectory=}";; esac; done\n` +
        `echo "[INFO] Copying neo4j-new.jar to $out/neo4j-new.jar"\ntouch "$out/neo4j-new.jar"\nexit ${status}\n`,
    );
    chmodSync(script, 0o755);
    // An empty local repository: the jars cannot come from ~/.m2, so Maven is asked.
    return {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      MAVEN_REPO_LOCAL: join(bin, 'm2'),
    };
  }

  it('when Maven stops halfway through copying, then the jar folder is left as it was, not half-filled', async () => {
    const home = mkdtempSync(join(tmpdir(), 'entente-home-'));
    const lib = join(home, 'lib');
    try {
      mkdirSync(lib);
      writeFileSync(join(lib, 'neo4j-old.jar'), '');
      await expect(resolveJars(lib, undefined, fakeMaven(1))).rejects.toThrow(/Maven could not/);
      expect(readdirSync(lib)).toEqual(['neo4j-old.jar']);
      expect(jarsResolved(lib)).toBe(false);

      await resolveJars(lib, undefined, fakeMaven(0));
      expect(readdirSync(lib).sort()).toEqual(['.resolved-pom.sha256', 'neo4j-new.jar']);
      expect(jarsResolved(lib)).toBe(true);
      expect(existsSync(`${lib}.partial`)).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('when the pom changes, then its jar list is regenerated with it (npm run neo4j -- list-jars)', () => {
    const list = readFileSync(join('server', 'neo4j', 'jars.txt'), 'utf8');
    expect(list).toContain(`pom sha256 ${pomChecksum()}`);
  });

  it('when every listed jar is in the local Maven repository, then the jars are placed without running Maven', async () => {
    const home = mkdtempSync(join(tmpdir(), 'entente-home-'));
    const repository = join(home, 'm2');
    try {
      const env = { ...fakeMaven(1), MAVEN_REPO_LOCAL: repository };
      expect(cachedJars(env)).toBeUndefined();
      // Make the repository hold every listed jar: only their names matter here.
      const lines = readFileSync(join('server', 'neo4j', 'jars.txt'), 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'));
      for (const line of lines) {
        const [group = '', artifact = '', version = '', classifier] = line.split(':');
        const dir = join(repository, ...group.split('.'), artifact, version);
        mkdirSync(dir, { recursive: true });
        writeFileSync(
          join(dir, `${artifact}-${version}${classifier ? `-${classifier}` : ''}.jar`),
          '',
        );
      }
      expect(cachedJars(env)).toHaveLength(lines.length);
      // The stand-in Maven fails: reaching it would fail the resolution.
      const lib = join(home, 'lib');
      await resolveJars(lib, undefined, env);
      expect(readdirSync(lib).filter((name) => name.endsWith('.jar'))).toHaveLength(lines.length);
      expect(jarsResolved(lib)).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

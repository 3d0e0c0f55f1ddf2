import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jvmArguments, privateHome, renderConfig } from '../../server/neo4j/launcher.ts';

describe('the embedded Neo4j configuration', () => {
  const config = renderConfig('/tmp/home', 7699, '768m', '256m');

  it('binds Bolt to loopback on the chosen port and turns HTTP off', () => {
    expect(config).toContain('server.bolt.listen_address=127.0.0.1:7699');
    expect(config).toContain('server.http.enabled=false');
    expect(config).toContain('dbms.security.auth_enabled=true');
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

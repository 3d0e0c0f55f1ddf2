import { describe, expect, it } from 'vitest';
import { jvmArguments, renderConfig } from '../../server/neo4j/launcher.ts';

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
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('when nothing is set, then it uses the embedded Neo4j on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.neo4j.kind).toBe('embedded');
    expect(config.embedded).toMatchObject({ boltPort: 7687, heap: '512m', pageCache: '512m' });
    expect(config.seedOnStart).toBe(true);
  });

  it('when NEO4J_URI is set, then it targets that server with the given credentials', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'secret',
      NEO4J_DATABASE: 'graph',
    });
    expect(config.neo4j).toEqual({
      kind: 'external',
      uri: 'neo4j+s://abc.databases.neo4j.io',
      user: 'reader',
      password: 'secret',
      database: 'graph',
    });
  });

  it('when several variables are wrong, then the error names each one', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://x', ENTENTE_NEO4J_HEAP: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('NEO4J_URI');
    expect(problems).toContain('ENTENTE_NEO4J_HEAP');
  });

  it('when NEO4J_URI is set without a password, then it says the password is required', () => {
    expect(() => loadConfig({ NEO4J_URI: 'neo4j://db:7687' })).toThrow(/NEO4J_PASSWORD/);
  });
});

describe('loadConfig: who may reach the server', () => {
  it('when HOST is loopback, then only loopback host names are answered and no proxy is trusted', () => {
    const config = loadConfig({});
    expect(config.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(config.trustProxy).toBe(false);
  });

  it('when ENTENTE_ALLOWED_HOSTS and ENTENTE_TRUST_PROXY are set, then they are used as given', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      ENTENTE_AUTH: 'local',
      ENTENTE_ALLOWED_HOSTS: 'Graph.Example.org, localhost',
      ENTENTE_TRUST_PROXY: '1',
    });
    expect(config.allowedHosts).toEqual(['graph.example.org', 'localhost']);
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({ ENTENTE_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('when the answer byte cap and data rate limit are not set, then they are 10 MB and 3000 a minute', () => {
    const config = loadConfig({});
    expect(config.queryMaxBytes).toBe(10 * 1024 * 1024);
    expect(config.dataRateLimit).toBe(3_000);
  });
});

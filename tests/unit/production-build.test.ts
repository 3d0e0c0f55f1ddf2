import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

function build(...args: string[]) {
  const result = spawnSync(process.execPath, ['server/build.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

/** The text of every script of a built client. */
function bundle(dir: string): string {
  const assets = join(ROOT, 'client', dir, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(assets, name), 'utf8'))
    .join('\n');
}

describe('the production build', () => {
  it('when npm start runs, then it runs compiled JavaScript after a build step that fills in what is missing', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
    expect(scripts.start).toBe('node dist/main.js');
    expect(scripts.prestart).toBe('node server/build.mjs');
    expect(scripts.dev).toContain('watch');
  });

  it('when the server is built, then the launcher finds its pom and jar list beside it, so a start with the jars in ~/.m2 runs no Maven', () => {
    build('--server', '--force');
    for (const file of ['pom.xml', 'jars.txt']) {
      expect(readFileSync(join(ROOT, 'dist/neo4j', file), 'utf8')).toBe(
        readFileSync(join(ROOT, 'server/neo4j', file), 'utf8'),
      );
    }
  }, 300_000);

  it('when the client sources have not changed since the last build, then building again does not rebuild it', () => {
    build('--client');
    expect(build('--client')).not.toContain('client built');
  }, 300_000);

  it('when built for production, then the bundle has no test hook; the end-to-end build has it', () => {
    build('--client');
    expect(bundle('dist')).not.toContain('__entente');
    build('--test-client');
    expect(bundle('dist-test')).toContain('__entente');
  }, 300_000);
});

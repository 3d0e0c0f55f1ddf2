// @ts-check
/* global process, console */
/**
 * Builds what is stale, and nothing else: the server (tsc → dist/) and the client
 * (vite → client/dist/) are each rebuilt only when a checksum of their sources differs
 * from the one stamped on the last build. `npm start` runs this first, so a fresh clone
 * builds once and later starts go straight to `node dist/main.js`.
 *
 *   node server/build.mjs              server and client (production bundle)
 *   node server/build.mjs --server     the server only (the CLIs)
 *   node server/build.mjs --client     the client only
 *   node server/build.mjs --test-client  the client with its end-to-end test hook, into client/dist-test/
 *   node server/build.mjs --force      rebuild even when the stamps match
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const STAMP = '.build-stamp';

/** Every file under `dir` (recursively), sorted, as paths relative to the project. */
function filesUnder(dir) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return found.sort();
}

/** One digest over the names and contents of the inputs (and the build's own flavour). */
function checksum(inputs, flavour) {
  const hash = createHash('sha256').update(flavour);
  for (const file of inputs) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(join(ROOT, file)));
  }
  return hash.digest('hex');
}

function upToDate(outDir, sum) {
  const stamp = join(ROOT, outDir, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sum;
}

function run(command, args, env = {}) {
  const result = spawnSync(join(BIN, command), args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    console.error(`build: ${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

const lockfile = existsSync(join(ROOT, 'package-lock.json')) ? ['package-lock.json'] : [];
/** Files the compiled launcher reads from its own folder. */
const NEO4J_FILES = ['pom.xml', 'jars.txt'];

const targets = {
  server: {
    outDir: 'dist',
    inputs: () => [...filesUnder('server'), 'tsconfig.json', ...lockfile],
    build() {
      // A clean output, so a source that was removed leaves no stale module behind.
      rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
      // Emit only: `npm run typecheck` (and npm test) check types; a start need not wait for it.
      run('tsc', ['-p', 'server/tsconfig.build.json', '--noCheck']);
      // The launcher finds its pom and the list of jars it resolves to beside itself;
      // without the list a start runs Maven even when every jar is in ~/.m2.
      mkdirSync(join(ROOT, 'dist', 'neo4j'), { recursive: true });
      for (const file of NEO4J_FILES) {
        copyFileSync(join(ROOT, 'server/neo4j', file), join(ROOT, 'dist/neo4j', file));
      }
    },
  },
  client: {
    outDir: 'client/dist',
    inputs: () => [
      ...filesUnder('client/src'),
      'client/index.html',
      'client/vite.config.ts',
      ...lockfile,
    ],
    build: () => run('vite', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']),
  },
  'test-client': {
    outDir: 'client/dist-test',
    inputs: () => [
      ...filesUnder('client/src'),
      'client/index.html',
      'client/vite.config.ts',
      ...lockfile,
    ],
    build: () =>
      run('vite', [
        'build',
        '--config',
        'client/vite.config.ts',
        '--mode',
        'test',
        '--outDir',
        'dist-test',
        '--logLevel',
        'warn',
      ]),
  },
};

const args = process.argv.slice(2);
const force = args.includes('--force');
const named = ['server', 'client', 'test-client'].filter((name) => args.includes(`--${name}`));
const chosen = named.length > 0 ? named : ['server', 'client'];

for (const name of chosen) {
  const target = targets[name];
  const sum = checksum(target.inputs(), name);
  if (!force && upToDate(target.outDir, sum)) continue;
  const started = Date.now();
  target.build();
  writeFileSync(join(ROOT, target.outDir, STAMP), `${sum}\n`);
  // stderr, so the CLIs' own output stays clean.
  console.error(`build: ${name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

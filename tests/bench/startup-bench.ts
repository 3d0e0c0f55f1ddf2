import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow } from './bench-context.ts';
import { freePort } from './load-bench.ts';
import { median } from './stats.ts';

/**
 * Start-up: `npm start` as a user runs it, on a fresh ENTENTE_HOME (first start: empty
 * database, jars from ~/.m2, the seed files applied) and then again on the same home (warm
 * start: nothing to do). Health is polled every 50 ms; the app's own `start-up: …` log lines
 * give the phases, and "Neo4j's own start" is its JVM's time from spawn to Bolt answering,
 * which the targets are stated against. Right after health, a search, node details, the
 * neighbours and an expansion are each timed once: they are the first requests people make.
 * The section starts its own apps and Neo4j servers; the run's shared Neo4j stays idle.
 */

const RUNS = 3;
const POLL_MS = 50;

interface Start {
  healthMs: number;
  phases: Map<string, number>;
  firstRequests: Map<string, number>;
}

const spread = (values: number[], digits = 1) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function startOnce(home: string, log: (message: string) => void): Promise<Start> {
  const port = await freePort();
  const began = performance.now();
  // The embedded default, as on a fresh machine: no external database, no sign-in.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENTENTE_HOME: home,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'ENTENTE_AUTH'])
    delete env[name];
  const child = spawn('npm', ['start', '--silent'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const phases = new Map<string, number>();
  let tail = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-20_000);
    for (const line of chunk.toString().split('\n')) {
      const phase = /"phase":"([^"]+)","ms":(\d+)/.exec(line);
      if (phase?.[1] && phase[2]) phases.set(phase[1], Number(phase[2]));
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-20_000);
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    const healthMs = await waitForHealth(url, child, began, () => tail);
    const firstRequests = await timeFirstRequests(url);
    log(
      `  health ${(healthMs / 1000).toFixed(1)} s; neo4j ${((phases.get('neo4j jvm start') ?? 0) / 1000).toFixed(1)} s; first requests ${[...firstRequests].map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`,
    );
    return { healthMs, phases, firstRequests };
  } finally {
    await stop(child);
  }
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  began: number,
  tail: () => string,
): Promise<number> {
  const deadline = began + 300_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited:\n${tail().slice(-3000)}`);
    const ok = await fetch(`${url}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return performance.now() - began;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  throw new Error(`no health within 300 s:\n${tail().slice(-3000)}`);
}

async function timeFirstRequests(url: string): Promise<Map<string, number>> {
  const timed = new Map<string, number>();
  const time = async (name: string, path: string, init?: RequestInit) => {
    const at = performance.now();
    const response = await fetch(`${url}${path}`, init);
    const body = (await response.json()) as unknown;
    timed.set(name, performance.now() - at);
    if (!response.ok) throw new Error(`${name}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const found = (await time('search', '/api/search?q=Khrenin')) as { results: { id: string }[] };
  const id = found.results[0]?.id;
  if (!id) throw new Error('search found nothing for Khrenin');
  const node = encodeURIComponent(id);
  await time('details', `/api/nodes/${node}`);
  await time('neighbours', `/api/nodes/${node}/neighbors`);
  await time('expand', '/api/expand', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids: [id] }),
  });
  return timed;
}

/** Ctrl-C as a user would give it, to npm and the app it runs. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGINT');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

export async function startupBench(ctx: BenchContext): Promise<BenchRow[]> {
  // The build belongs to `npm install` (its prepare step); a forced one is timed once here.
  const buildAt = performance.now();
  const build = spawnSync(process.execPath, ['server/build.mjs', '--force'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const buildS = (performance.now() - buildAt) / 1000;

  const first: Start[] = [];
  const warm: Start[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const home = mkdtempSync(join(tmpdir(), 'entente-startup-'));
    try {
      ctx.log(`startup run ${run}: first start`);
      first.push(await startOnce(home, ctx.log));
      ctx.log(`startup run ${run}: warm start`);
      warm.push(await startOnce(home, ctx.log));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }

  const seconds = (starts: Start[], pick: (start: Start) => number) =>
    starts.map((start) => pick(start) / 1000);
  const neo4jOwn = (start: Start) => start.phases.get('neo4j jvm start') ?? Number.NaN;
  const rows: BenchRow[] = [
    {
      section: 'startup',
      what: 'build of server and client (npm install runs it; forced here), once',
      figure: `${buildS.toFixed(1)} s`,
    },
  ];
  for (const [kind, starts, allowance] of [
    ['first start (empty database, jars in ~/.m2, seed files applied)', first, 3],
    ['warm start (nothing changed)', warm, 2],
  ] as const) {
    const overhead = starts.map((start) => (start.healthMs - neo4jOwn(start)) / 1000);
    rows.push({
      section: 'startup',
      what: `${kind}: npm start → /api/health 200, s, median (min–max) of ${RUNS}`,
      figure: `${spread(seconds(starts, (s) => s.healthMs))} s`,
      baseline: `Neo4j's own start ${spread(seconds(starts, neo4jOwn))} s`,
      ratio: `+${spread(overhead)} s`,
      target: `≤ Neo4j's own start + ${allowance} s`,
      met: median(overhead) <= allowance,
    });
    const phaseNames = [...new Set(starts.flatMap((start) => [...start.phases.keys()]))];
    rows.push({
      section: 'startup',
      what: `${kind}: phases, s, median (min–max)`,
      figure: phaseNames
        .map((name) => `${name} ${spread(seconds(starts, (s) => s.phases.get(name) ?? 0))}`)
        .join('; '),
    });
  }
  const seedFiles = seconds(first, (start) => start.phases.get('seed files') ?? Number.NaN);
  rows.push({
    section: 'startup',
    what: `the seed files of cypher/ on a first start, s, median (min–max) of ${RUNS}`,
    figure: `${spread(seedFiles, 2)} s`,
    target: '≤ 1.5 s',
    met: median(seedFiles) <= 1.5,
  });
  for (const name of ['search', 'details', 'neighbours', 'expand']) {
    const times = [...first, ...warm].map((start) => start.firstRequests.get(name) ?? Number.NaN);
    rows.push({
      section: 'startup',
      what: `first ${name} right after health, ms, median (min–max) of ${times.length} starts`,
      figure: `${spread(times, 0)} ms`,
      target: '≤ 100 ms',
      met: median(times) <= 100,
    });
  }
  return rows;
}

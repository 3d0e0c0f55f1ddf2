import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createAuth } from '../../server/auth/create-auth.ts';
import type { BenchContext, BenchRow } from './bench-context.ts';
import { cpuShare, jvmPidFor } from './cpu-sampler.ts';
import {
  autocannon,
  type AutocannonResult,
  CONNECTIONS,
  elementIds,
  ensureGraph,
  mixedRequests,
  startServer,
  stopServer,
} from './load-bench.ts';
import { median, round } from './stats.ts';

/**
 * Replicas: two app processes (the compiled server, as `npm start` runs it) on one Neo4j
 * behind a round-robin proxy on loopback. The load mix of the load section runs through
 * the proxy with one upstream, then with both, alternating, so the proxy's cost is in both
 * figures and a busy moment of the machine does not land on one side only. CPU time of each
 * process is read from /proc around every run to say what bounds the ratio. Then, on a pair
 * with sign-in on, the facts that make replicas safe: a session and an investigation made
 * through one are seen through the other; one seed file uploaded to both at once applies once.
 */

const RUN_SECONDS = 30;
const RUNS = 5;
/** Long enough on a busy machine for both replicas and Neo4j's plans and pages to warm. */
const WARMUP_SECONDS = 20;
const TARGET_RATIO = 1.6;
const SECRET = 'a-bench-secret-shared-by-both-replicas';
const ADMIN_TOKEN = 'a-bench-admin-token-for-uploads';
const ANALYST = { username: 'replica-analyst', password: 'replica-analyst-password' };

interface Spawned {
  url: string;
  child: ChildProcess;
  logTail: () => string;
}

/** Runs `args` with node and keeps its last output, to explain a failure. */
function spawnNode(args: string[], env: Record<string, string>): Omit<Spawned, 'url'> {
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = `${output}${chunk.toString()}`.slice(-4_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, logTail: () => output };
}

/** One replica: `node dist/main.js` on its own port, pointed at the run's Neo4j. */
function startReplica(ctx: BenchContext, env: Record<string, string>): Promise<Spawned> {
  return startServer(ctx, {
    args: ['dist/main.js'],
    env: {
      ENTENTE_ADMIN_TOKEN: ADMIN_TOKEN,
      ENTENTE_SECRET: SECRET,
      ENTENTE_HOME: join(ctx.workDir, 'replica-home'),
      ...env,
    },
    withinMs: 120_000,
  });
}

/** The proxy in a process of its own, so its CPU time is its own. */
async function startProxy(upstreams: string[]): Promise<Spawned> {
  const spawned = spawnNode(
    ['--import', 'tsx', 'tests/bench/round-robin-proxy.ts', '0', ...upstreams],
    {},
  );
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    spawned.child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening (\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    spawned.child.once('exit', () => reject(new Error(`the proxy exited: ${spawned.logTail()}`)));
  });
  return { url: `http://127.0.0.1:${port}`, ...spawned };
}

const loadAverage = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const statusCount = (result: AutocannonResult, leading: string) =>
  Object.entries(result.statusCodeStats)
    .filter(([code]) => code.startsWith(leading))
    .reduce((sum, [, stat]) => sum + Number(stat.count ?? 0), 0);

interface Measured {
  rps: number;
  p99: number;
  failed: number;
  cores: Record<string, number>;
  machine: number;
  others: number;
}

const spread = (values: number[], digits = 1) =>
  `${round(median(values), digits)} (${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)})`;

export async function replicasBench(ctx: BenchContext): Promise<BenchRow[]> {
  await ensureGraph(ctx);
  const build = spawnSync(process.execPath, ['server/build.mjs', '--server'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the server build failed');
  const names =
    ctx.graph.byLabel
      .get('Person')
      ?.slice(100, 400)
      .map((p) => p.name.split(' ')[1] ?? p.name) ?? [];
  const ids = await elementIds(ctx, ctx.graph.ordinaryNodeIds(300));
  const neo4jPid = jvmPidFor(join(ctx.workDir, 'neo4j'));
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const onFailure = (status: number, body: string) => {
    if (failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
  };

  const started: Spawned[] = [];
  const measured: Record<'one' | 'two', Measured[]> = { one: [], two: [] };
  try {
    const a = await startReplica(ctx, {});
    started.push(a);
    const b = await startReplica(ctx, {});
    started.push(b);
    const viaOne = await startProxy([a.url]);
    started.push(viaOne);
    const viaTwo = await startProxy([a.url, b.url]);
    started.push(viaTwo);
    const run = (url: string, seconds: number) =>
      autocannon({
        url,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 20,
        requests: mixedRequests(names, ids, ctx.spec.people, onFailure),
      });
    // Both replicas warm (JIT, driver pools, plans) before anything is timed.
    ctx.log(`replicas: warming up both replicas for ${WARMUP_SECONDS} s; ${loadAverage()}`);
    await run(viaTwo.url, WARMUP_SECONDS);
    failures.length = 0;

    for (let pass = 1; pass <= RUNS; pass += 1) {
      // Alternating which goes first keeps a drift in the machine's load off one side.
      const order = pass % 2 === 1 ? (['one', 'two'] as const) : (['two', 'one'] as const);
      for (const setup of order) {
        const proxy = setup === 'one' ? viaOne : viaTwo;
        const processes: Record<string, number> = {
          'app A': a.child.pid as number,
          'app B': b.child.pid as number,
          proxy: proxy.child.pid as number,
          'load generator': process.pid,
        };
        if (neo4jPid) processes['Neo4j JVM'] = neo4jPid;
        const cpu = cpuShare(processes);
        const result = await run(proxy.url, RUN_SECONDS);
        const share = cpu.stop();
        const failed = statusCount(result, '5') + statusCount(result, '4') + result.errors;
        measured[setup].push({
          rps: result.requests.average,
          p99: result.latency.p99,
          failed,
          ...share,
        });
        const cores = Object.entries(share.cores)
          .map(([name, c]) => `${name} ${round(c, 2)}`)
          .join(', ');
        ctx.log(
          `replicas: round ${pass}, ${setup === 'one' ? 'one replica' : 'two replicas'}: ${round(result.requests.average, 1)} req/s, p99 ${result.latency.p99} ms, ${failed} failed; cores: ${cores}, machine ${round(share.machine, 2)}, others ${round(share.others, 2)}; ${loadAverage()}`,
        );
      }
    }
    for (const failure of failures) ctx.log(`replicas: failed answer: ${failure}`);
    // The load pair is stopped before the sign-in pair starts, so only one pair runs at a time.
    for (const p of started.splice(0)) await stopServer(p.child);

    rows.push(...throughputRows(measured, loadAverage()));
    rows.push(...(await sharedStateChecks(ctx, ids, started)));
  } finally {
    for (const p of started) await stopServer(p.child);
  }
  // A missed ratio is reported with what bounds it; a failed answer or check fails the command.
  const failedAnswers = [...measured.one, ...measured.two].some((m) => m.failed > 0);
  if (failedAnswers || rows.some((r) => r.met === false && !r.target?.includes('requests/s'))) {
    process.exitCode = 1;
  }
  return rows;
}

const values = (runs: Measured[], pick: (m: Measured) => number) => runs.map(pick);

/** Cores each process used per run, as "name median (min–max)". */
function coresUsed(runs: Measured[]): string {
  const names = Object.keys(runs[0]?.cores ?? {});
  const each = names.map(
    (name) =>
      `${name} ${spread(
        values(runs, (r) => r.cores[name] ?? 0),
        2,
      )}`,
  );
  const machine = spread(
    values(runs, (r) => r.machine),
    2,
  );
  const others = spread(
    values(runs, (r) => r.others),
    2,
  );
  return `${each.join(', ')}; whole machine ${machine}, other work ${others}`;
}

/** CPU milliseconds one request costs each process (median over runs). */
function cpuPerRequest(runs: Measured[]): Record<string, number> {
  const names = Object.keys(runs[0]?.cores ?? {});
  return Object.fromEntries(
    names.map((name) => [name, median(values(runs, (r) => ((r.cores[name] ?? 0) / r.rps) * 1000))]),
  );
}

/** Cores all the benchmark's processes together got, median over runs. */
const ours = (runs: Measured[]) =>
  median(values(runs, (r) => Object.values(r.cores).reduce((sum, c) => sum + c, 0)));

/** Requests answered per CPU-second the benchmark's processes spent, median over runs. */
const perCpuSecond = (runs: Measured[]) =>
  median(values(runs, (r) => r.rps / Object.values(r.cores).reduce((sum, c) => sum + c, 0)));

function throughputRows(measured: Record<'one' | 'two', Measured[]>, load: string): BenchRow[] {
  const { one, two } = measured;
  const summary = (runs: Measured[]) =>
    `${spread(values(runs, (r) => r.rps))} req/s, p99 ${spread(
      values(runs, (r) => r.p99),
      0,
    )} ms, ` +
    `failed ${runs.reduce((sum, r) => sum + r.failed, 0)}; cores used: ${coresUsed(runs)}`;
  const ratios = two.map((t, i) => t.rps / (one[i]?.rps ?? Number.NaN));
  const ratio = median(values(two, (r) => r.rps)) / median(values(one, (r) => r.rps));
  // What the 2 cores could give if nothing else ran: each Node process is held to one core by
  // its JavaScript thread; all processes together to two.
  const perRequest = cpuPerRequest(one);
  const app = perRequest['app A'] ?? Number.NaN;
  const total = Object.values(perRequest).reduce((sum, ms) => sum + ms, 0);
  const ceilingOne = Math.min(1000 / app, 2000 / total);
  const ceilingTwo = Math.min(2000 / app, 2000 / total);
  const costs = Object.entries(perRequest)
    .map(([name, ms]) => `${name} ${round(ms, 1)}`)
    .join(', ');
  const what = `search/expand/console mix, ${CONNECTIONS} connections, ${RUN_SECONDS} s × ${RUNS} runs (median, min–max)`;
  return [
    { section: 'replicas', what: `one replica behind the proxy: ${what}`, figure: summary(one) },
    {
      section: 'replicas',
      what: `two replicas behind the proxy: ${what}`,
      figure: summary(two),
      baseline: `${round(median(values(one, (r) => r.rps)), 1)} req/s`,
      ratio: `${ratio.toFixed(3)}× (per round ${ratios.map((r) => round(r, 2)).join(', ')}); ${load}`,
      target: `≥ ${TARGET_RATIO}× requests/s`,
      met: ratio >= TARGET_RATIO,
    },
    {
      section: 'replicas',
      what: 'CPU ms per request (one-replica runs) and the ceilings they set on 2 otherwise idle cores',
      figure:
        `${costs} (total ${round(total, 1)}); one replica ≤ ${round(ceilingOne, 1)} req/s ` +
        `(${ceilingOne === 1000 / app ? 'its one JavaScript thread' : 'the two cores'}), two ≤ ${round(ceilingTwo, 1)} req/s ` +
        `(${ceilingTwo === 2000 / app ? 'their JavaScript threads' : 'the two cores'})`,
      ratio: `${round(ceilingTwo / ceilingOne, 2)}× at most`,
    },
    {
      section: 'replicas',
      what: 'cores the benchmark processes got on the shared machine (median), and requests per CPU-second they spent',
      figure:
        `one replica ${round(ours(one), 2)} cores, ${round(perCpuSecond(one), 1)} req per CPU-s; ` +
        `two replicas ${round(ours(two), 2)} cores, ${round(perCpuSecond(two), 1)} req per CPU-s`,
      ratio: `${round(ours(two) / ours(one), 2)}× the cores`,
    },
  ];
}

/** Sign-in, investigations and seed uploads across two replicas with sign-in on. */
async function sharedStateChecks(
  ctx: BenchContext,
  nodeIds: string[],
  started: Spawned[],
): Promise<BenchRow[]> {
  const auth = await createAuth(
    ctx.db,
    { secret: SECRET, sessionIdleMinutes: 30, sessionMaxHours: 8 },
    { adminToken: ADMIN_TOKEN },
  );
  await ctx.db.write((tx) =>
    tx.run('MATCH (u:__User {username: $name}) DETACH DELETE u', { name: ANALYST.username }),
  );
  await auth.users.create(ANALYST.username, 'analyst', await auth.hasher.hash(ANALYST.password));
  const a = await startReplica(ctx, { ENTENTE_AUTH: 'local' });
  started.push(a);
  const b = await startReplica(ctx, { ENTENTE_AUTH: 'local' });
  started.push(b);

  const signIn = await fetch(`${a.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: a.url },
    body: JSON.stringify(ANALYST),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const session = (await (await fetch(`${b.url}/api/session`, { headers: { cookie } })).json()) as {
    user: { username: string } | null;
  };
  const sessionShared = signIn.ok && session.user?.username === ANALYST.username;

  const scene = {
    nodes: nodeIds.slice(0, 5).map((id, i) => ({ id, x: i * 80, y: 0 })),
    edges: [],
    filters: { hiddenLabels: [], hiddenTypes: [], hiddenStances: [], asOf: null },
    viewport: { zoom: 1, pan: { x: 0, y: 0 } },
  };
  const created = await fetch(`${a.url}/api/investigations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: a.url },
    body: JSON.stringify({ title: 'Saved through replica A', scene }),
  });
  const saved = (await created.json()) as { id: string; version: number };
  const readBack = await fetch(`${b.url}/api/investigations/${saved.id}`, { headers: { cookie } });
  const opened = (await readBack.json()) as { title?: string; scene?: { nodes: unknown[] } };
  const investigationShared =
    created.status === 201 &&
    readBack.ok &&
    opened.title === 'Saved through replica A' &&
    opened.scene?.nodes.length === scene.nodes.length;

  // Enough statements that the first upload is still applying when the second arrives.
  const statements = 2_000;
  const file = Array.from(
    { length: statements },
    (_, i) => `CREATE (:ReplicaOnce {n: ${i}, name: 'statement ${i}'});`,
  ).join('\n');
  const upload = (url: string) =>
    fetch(`${url}/api/seeds?name=replica-once.cypher`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: file,
    }).then(async (r) => ({
      status: r.status,
      file: ((await r.json()) as { file?: { status: string } }).file,
    }));
  const answers = await Promise.all([upload(a.url), upload(b.url)]);
  const written = Number(
    (await ctx.db.readQuery('MATCH (n:ReplicaOnce) RETURN count(n) AS n')).records[0]?.get('n'),
  );
  const outcomes = answers.map((x) => `${x.status} ${x.file?.status ?? '?'}`);
  const appliedOnce =
    outcomes.slice().sort().join(', ') === '200 applied, 200 skipped' && written === statements;
  await ctx.db.autoCommit('MATCH (n:ReplicaOnce) CALL (n) { DETACH DELETE n } IN TRANSACTIONS');
  await ctx.db.write((tx) =>
    tx.run("MATCH (f:__SeedFile {name: 'upload/replica-once.cypher'}) DELETE f"),
  );
  ctx.log(
    `replicas: session A→B ${sessionShared}, investigation A→B ${investigationShared} (${created.status}, ${readBack.status}), uploads ${outcomes.join(' / ')}, ${written} nodes written; ${loadAverage()}`,
  );
  return [
    {
      section: 'replicas',
      what: 'sign in through replica A (ENTENTE_AUTH=local, one ENTENTE_SECRET), then GET /api/session through B',
      figure: sessionShared
        ? `B knows ${ANALYST.username}`
        : `B answered ${JSON.stringify(session)}`,
      target: 'the session works on both',
      met: sessionShared,
    },
    {
      section: 'replicas',
      what: 'save an investigation through replica A, open it through B',
      figure: `POST ${created.status} on A, GET ${readBack.status} on B, title and ${scene.nodes.length} nodes as saved: ${investigationShared}`,
      target: 'read back as saved',
      met: investigationShared,
    },
    {
      section: 'replicas',
      what: `upload one seed file (${statements.toLocaleString('en')} statements) to A and B at the same moment`,
      figure: `answers ${outcomes.join(' / ')}; ${written.toLocaleString('en')} nodes written`,
      target: 'one applied, the other skipped; written once',
      met: appliedOnce,
    },
  ];
}

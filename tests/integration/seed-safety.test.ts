import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { SeedError } from '../../server/seed/seed-errors.ts';
import { SeedLoader, textSource } from '../../server/seed/seed-loader.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { runSeedCli } from '../support/seed-cli.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testCredentials, testDatabase } from '../support/test-database.ts';

/**
 * What a seed file (even one uploaded with the admin token) can never do: read files or
 * URLs through spacing tricks, run administration commands, leave traces from a dry run,
 * hold Neo4j with one huge statement, shadow a cypher/ file, touch the ledger, or repeat
 * the committed blocks of an interrupted file.
 */

const ADMIN_TOKEN = 'seed-safety-admin-token-0123456789';
const logger = createLogger('silent');

let db: Database;
let dir: string;
let seeds: SeedService;
let server: Awaited<ReturnType<typeof listen>>;
/** A web server that counts the requests it gets: LOAD CSV must never reach it. */
let bait: Server;
let baitUrl: string;
let baitHits = 0;

beforeAll(async () => {
  db = testDatabase();
  dir = mkdtempSync(join(tmpdir(), 'entente-seed-safety-'));
  seeds = new SeedService(db, { cypherDir: dir, adminToken: ADMIN_TOKEN, logger });
  server = await listen(createApp({ logger, health: new HealthService(db), seeds }));
  bait = createServer((_req, res) => {
    baitHits++;
    res.end('secret\n');
  });
  await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
  baitUrl = `http://127.0.0.1:${(bait.address() as AddressInfo).port}/data.csv`;
});

beforeEach(async () => {
  await resetDatabase(db);
  baitHits = 0;
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => bait?.close(resolve));
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const upload = (body: string, query: string) =>
  fetch(`${server.url}/api/seeds?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
    body,
    signal: AbortSignal.timeout(60_000),
  });

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { file?: string; line?: number; col?: number; partiallyApplied?: boolean };
  };
}

async function count(cypher: string): Promise<number> {
  const result = await db.readQuery(cypher);
  return Number(result.records[0]?.get(0) ?? 0);
}

async function names(): Promise<string> {
  const result = await db.readQuery(
    `CALL db.labels() YIELD label WITH collect(label) AS labels
     CALL db.relationshipTypes() YIELD relationshipType WITH labels, collect(relationshipType) AS types
     CALL db.propertyKeys() YIELD propertyKey
     RETURN labels, types, collect(propertyKey) AS keys`,
  );
  return JSON.stringify(result.records[0]?.toObject());
}

async function users(): Promise<string[]> {
  const result = await db.readQuery('SHOW USERS YIELD user RETURN collect(user) AS users');
  return result.records[0]?.get('users') as string[];
}

describe('seed files never read files or URLs through Neo4j spacing', () => {
  it.each([
    ['VT', '\u000b'],
    ['U+2028', '\u2028'],
    ['U+001C', '\u001c'],
  ])(
    'when an upload writes LOAD%sCSV, then it is refused, as a dry run too, and nothing is fetched',
    async (_name, space) => {
      const body = `CREATE (:Before);\nLOAD${space}CSV FROM '${baitUrl}' AS row CREATE (:Leak {line: row[0]});\n`;
      for (const query of ['name=leak.cypher&dryRun=true', 'name=leak.cypher']) {
        const response = await upload(body, query);
        const answer = (await response.json()) as ErrorBody;
        expect(response.status).toBe(400);
        expect(answer.error.code).toBe('SEED_FILE_ACCESS_REFUSED');
        expect(answer.error.details).toMatchObject({ file: 'leak.cypher', line: 2, col: 1 });
        expect(answer.error.message).not.toMatch(/--allow-file-access/);
      }
      expect(baitHits).toBe(0);
      expect(await count('MATCH (n) RETURN count(n)')).toBe(0);
    },
  );

  it('when file access is allowed and the file is dry-run, then it is validated only and nothing is fetched', async () => {
    const outcome = await new SeedLoader(db).load(
      textSource('csv.cypher', `LOAD CSV FROM '${baitUrl}' AS row CREATE (:Row {v: row[0]});`),
      { dryRun: true, allowFileAccess: true },
    );
    expect(outcome).toMatchObject({ status: 'dry-run', counters: null });
    expect(outcome.notRehearsedBecause).toMatch(/files or URLs/);
    expect(baitHits).toBe(0);
  });
});

describe('seed files never run administration commands', () => {
  const attempts = [
    ":begin\nCREATE USER mallory SET PASSWORD 'secret-password-1' CHANGE NOT REQUIRED;\n:commit\n",
    "CREATE\u000bUSER mallory SET PASSWORD 'secret-password-1' CHANGE NOT REQUIRED;",
    ":begin\nCREATE (:Fine);\n:commit\n:begin\nALTER USER mallory SET PASSWORD 'secret-password-2';\n:commit\n",
    "USE system CREATE USER mallory SET PASSWORD 'secret-password-1';",
    'CREATE OR REPLACE ROLE mallory;',
    'GRANT ROLE admin TO mallory;',
  ];

  it.each(attempts)(
    'when an upload holds %j, then it is refused with its position and nothing runs',
    async (body) => {
      const before = await users();
      for (const query of ['name=admin.cypher&dryRun=true', 'name=admin.cypher']) {
        const response = await upload(body, query);
        const answer = (await response.json()) as ErrorBody;
        expect(response.status, JSON.stringify(answer)).toBe(400);
        expect(answer.error.code).toBe('SEED_STATEMENT_REFUSED');
        expect(answer.error.details?.line).toBeGreaterThanOrEqual(1);
      }
      expect(await users()).toEqual(before);
      expect(await count('MATCH (n) RETURN count(n)')).toBe(0);
    },
  );

  it('when a data statement creates :USER and :ROLE nodes, then it is not mistaken for administration', async () => {
    const response = await upload(
      "CREATE (:USER {name: 'a'})-[:HAS]->(:ROLE {name: 'b'});",
      'name=people.cypher',
    );
    expect(response.status).toBe(200);
  });
});

describe('dry runs leave nothing behind', () => {
  it('when a dry run would introduce new names, then it validates only and the database keeps no new label, type or key', async () => {
    const before = await names();
    const response = await upload(
      "CREATE (:Ghost {ghostKey: 1})-[:HAUNTS]->(:Ghost {otherGhostKey: 'x'});",
      'name=ghost.cypher&dryRun=true',
    );
    const { file } = (await response.json()) as {
      file: { counters: unknown; notRehearsedBecause: string };
    };
    expect(response.status).toBe(200);
    expect(file.counters).toBeNull();
    expect(file.notRehearsedBecause).toMatch(/Ghost.*HAUNTS.*ghostKey/s);
    expect(await names()).toBe(before);
  });

  it('when a dry run sets properties from a map parameter, then it is not rehearsed', async () => {
    const outcome = await new SeedLoader(db).load(
      textSource('map.cypher', ':param props => {freshKey: 1}\nCREATE (n:Known) SET n += $props;'),
      { dryRun: true },
    );
    expect(outcome.counters).toBeNull();
    expect(outcome.notRehearsedBecause).toMatch(/line 2/);
  });

  it('when every name is known, then the dry run rehearses and reports counters, and deletions are flagged', async () => {
    await db.autoCommit('CREATE (:Known {k: 1})-[:LINKS]->(:Known {k: 2})');
    const before = await names();
    const outcome = await new SeedLoader(db).load(
      textSource(
        'known.cypher',
        'MATCH (n:Known {k: 1}) DETACH DELETE n;\nCREATE (:Known {k: 3});',
      ),
      { dryRun: true },
    );
    expect(outcome.counters).toMatchObject({ nodesDeleted: 1, nodesCreated: 1 });
    expect(outcome.warnings.join('\n')).toMatch(/DELETES: 1 statement\(s\).*known\.cypher:1:/);
    expect(await count('MATCH (n:Known) RETURN count(n)')).toBe(2);
    expect(await names()).toBe(before);
  });
});

describe('uploads are bounded', () => {
  it('when one statement is 9.5 MB, then the upload answers 413 within seconds and nothing runs', async () => {
    const big = `RETURN '${'x'.repeat(9_500_000)}' AS s;`;
    const started = performance.now();
    const response = await upload(big, 'name=big.cypher&dryRun=true');
    const answer = (await response.json()) as ErrorBody;
    expect(response.status).toBe(413);
    expect(answer.error.code).toBe('SEED_STATEMENT_TOO_LARGE');
    expect(answer.error.details).toMatchObject({ line: 1, col: 1 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('uploads have their own ledger namespace', () => {
  it('when an upload is named like a later cypher/ file, then start-up still applies that file', async () => {
    expect((await upload('CREATE (:FromUpload);', 'name=40-later.cypher')).status).toBe(200);
    writeFileSync(join(dir, '40-later.cypher'), 'CREATE (:FromFolder);');
    writeFileSync(join(dir, '50-after.cypher'), 'CREATE (:AfterIt);');
    const result = await seeds.applyPending();
    expect(result.failure).toBeUndefined();
    expect(await count('MATCH (n:FromFolder) RETURN count(n)')).toBe(1);
    expect(await count('MATCH (n:AfterIt) RETURN count(n)')).toBe(1);
    const listed = (await (await fetch(`${server.url}/api/seeds`)).json()) as {
      files: { name: string; origin: string; status: string }[];
    };
    expect(listed.files.filter((f) => f.name === '40-later.cypher')).toEqual([
      expect.objectContaining({ origin: 'folder', status: 'applied' }),
      expect.objectContaining({ origin: 'upload', status: 'applied' }),
    ]);
    rmSync(join(dir, '40-later.cypher'));
    rmSync(join(dir, '50-after.cypher'));
  });

  it('when a changed upload is refused over HTTP, then the message says force=true, not a command-line flag', async () => {
    await upload('CREATE (:V {v: 1});', 'name=v.cypher');
    const response = await upload('CREATE (:V {v: 2});', 'name=v.cypher');
    const answer = (await response.json()) as ErrorBody;
    expect(response.status).toBe(409);
    expect(answer.error.message).toMatch(/force=true/);
    expect(answer.error.message).not.toMatch(/--force/);
  });
});

describe('the ledger is the app’s own', () => {
  it('when a statement names a reserved __ label, then it is refused', async () => {
    const response = await upload(
      'MATCH (f:__SeedFile) DETACH DELETE f;',
      'name=wipe-ledger.cypher',
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('SEED_STATEMENT_REFUSED');
  });

  it('when an upload deletes everything, then the ledger survives and nothing of the file is written', async () => {
    expect((await upload('CREATE (:Keep);', 'name=keep.cypher')).status).toBe(200);
    const response = await upload('MATCH (n) DETACH DELETE n;', 'name=wipe.cypher');
    const answer = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(answer.error.code).toBe('SEED_RESERVED_DATA_TOUCHED');
    expect(await count('MATCH (n:Keep) RETURN count(n)')).toBe(1);
    expect(await count("MATCH (f:__SeedFile {name: 'upload/keep.cypher'}) RETURN count(f)")).toBe(
      1,
    );
  });
});

describe('a multi-block file that stops part-way', () => {
  const blocks = [1, 2, 3, 4, 5, 6]
    .map((n) =>
      n === 5
        ? // Fails (division by zero) until a :Gate node exists: an interruption we can repeat.
          ':begin\nOPTIONAL MATCH (g:Gate) CREATE (:Block {n: 5, ok: 1 / CASE WHEN g IS NULL THEN 0 ELSE 1 END});\n:commit'
        : `:begin\nCREATE (:Block {n: ${n}});\n:commit`,
    )
    .join('\n');

  it('when it is run again, then it resumes after the last committed block and no block is applied twice', async () => {
    const loader = new SeedLoader(db);
    const first = await loader
      .load(textSource('blocks.cypher', blocks))
      .catch((error: unknown) => error);
    expect(first).toBeInstanceOf(SeedError);
    expect((first as SeedError).details).toMatchObject({ line: 14, partiallyApplied: true });
    expect(await count('MATCH (b:Block) RETURN count(b)')).toBe(4);
    const partial = (await loader.ledger.entries()).find((e) => e.name === 'blocks.cypher');
    expect(partial?.committedParts).toBe(4);

    await db.autoCommit('CREATE (:Gate)');
    const second = await loader.load(textSource('blocks.cypher', blocks));
    expect(second.status).toBe('applied');
    const result = await db.readQuery('MATCH (b:Block) RETURN b.n AS n ORDER BY n');
    expect(result.records.map((r) => Number(r.get('n')))).toEqual([1, 2, 3, 4, 5, 6]);
    const done = (await loader.ledger.entries()).find((e) => e.name === 'blocks.cypher');
    expect(done?.committedParts).toBeUndefined();
  });
});

describe('a constraint that fails while it is created', () => {
  it('when existing data breaks it, then the upload answers 400 with the file position and says nothing was written', async () => {
    await db.autoCommit('CREATE (:Dup {k: 1}), (:Dup {k: 1})');
    const response = await upload(
      'CREATE (:Other);\n\nCREATE CONSTRAINT dup_k FOR (n:Dup) REQUIRE n.k IS UNIQUE;\n',
      'name=constraint.cypher',
    );
    const answer = (await response.json()) as ErrorBody;
    expect(response.status, JSON.stringify(answer)).toBe(400);
    expect(answer.error.code).toBe('SEED_STATEMENT_FAILED');
    expect(answer.error.details).toMatchObject({ file: 'constraint.cypher', line: 3, col: 1 });
    expect(answer.error.message).toMatch(/^constraint\.cypher:3:1: /);
    expect(answer.error.message).toMatch(/earlier transaction|nothing of the file was written/);
    expect(await count('SHOW CONSTRAINTS YIELD name WHERE name = "dup_k" RETURN count(*)')).toBe(0);
  });
});

describe('the seed command', () => {
  it('when a constraint fails while it is created, then it names the database, exits 1 and points at the statement', async () => {
    await db.autoCommit('CREATE (:Dup2 {k: 1}), (:Dup2 {k: 1})');
    const file = join(dir, 'cli', 'dup.cypher');
    rmSync(join(dir, 'cli'), { recursive: true, force: true });
    mkdirSync(join(dir, 'cli'));
    writeFileSync(
      file,
      '// one constraint\nCREATE CONSTRAINT dup2_k FOR (n:Dup2) REQUIRE n.k IS UNIQUE;\n',
    );
    const { uri } = testCredentials();
    const run = await runSeedCli([file]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(`database ${uri} (the server's default database)`);
    expect(run.stderr).toMatch(/dup\.cypher:2:1: .*nothing of the file was written/);
  });
});

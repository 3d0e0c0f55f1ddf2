import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { SeedLedger } from '../../server/seed/seed-ledger.ts';
import { fileSource, SeedLoader, textSource } from '../../server/seed/seed-loader.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { seedFiles } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';
import { exportDatabase } from '../support/database-export.ts';
import { caught } from '../support/seed-errors.ts';

const fixtures = join(process.cwd(), 'tests', 'fixtures', 'seeds');
const fixture = (name: string) => fileSource(join(fixtures, name));
const logger = createLogger('silent');

let db: Database;
let scratch: string;

beforeAll(() => {
  db = testDatabase();
  scratch = mkdtempSync(join(tmpdir(), 'entente-seeds-'));
});

afterAll(async () => {
  await db?.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDatabase(db);
});

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await db.readQuery(cypher, params);
  return Number(result.records[0]?.get(0));
}

describe('loading the article seed files of cypher/', () => {
  it('when the files load, then the article facts are in the graph and every relationship carries its provenance', async () => {
    const loader = new SeedLoader(db);
    const result = await loader.loadAll(seedFiles().map(fileSource));
    expect(result.failure).toBeUndefined();
    expect(result.outcomes.map((o) => o.status)).toEqual(seedFiles().map(() => 'applied'));

    expect(
      await count(
        "MATCH (:State {id: 'state:belarus'})-[:SATELLITE_OF]->(:State {id: 'state:russia'}) RETURN count(*)",
      ),
    ).toBe(1);
    expect(
      await count(
        // one relationship per source: the article's own is one of them
        "MATCH (:State {id: 'state:iran'})-[:BACKS {sourceId: 'source:iran-belarus-defense-2023'}]->(:State {id: 'state:russia'}) RETURN count(*)",
      ),
    ).toBe(1);
    const signers = await db.readQuery(
      `MATCH (p:Person)-[:SIGNED]->(a:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
       RETURN DISTINCT p.id AS id ORDER BY id`,
    );
    // two sources attest the signing: the same two people
    expect(signers.records.map((r) => r.get('id'))).toEqual([
      'person:mohammad-reza-ashtiani',
      'person:viktor-khrenin',
    ]);
    expect(await count('MATCH ()-[r]->() RETURN count(r)')).toBeGreaterThan(50);
    expect(
      await count(
        `MATCH ()-[r]->()
         WHERE r.sourceId IS NULL OR r.quote IS NULL
            OR NOT r.stance IN ['reported', 'claim', 'opinion', 'speculation', 'forecast', 'denial']
         RETURN count(r)`,
      ),
    ).toBe(0);
    // The first test plans every statement of the seed files on a fresh JVM: slow when busy.
  }, 120_000);

  it('when the files are loaded again, then nothing changes and every file is skipped', async () => {
    const loader = new SeedLoader(db);
    await loader.loadAll(seedFiles().map(fileSource));
    const before = await exportDatabase(db);
    const again = await loader.loadAll(seedFiles().map(fileSource));
    expect(again.outcomes.map((o) => o.status)).toEqual(seedFiles().map(() => 'skipped'));
    expect(await exportDatabase(db)).toBe(before);
  });
});

describe('the ledger', () => {
  it('when a file was applied, then its name, checksum, statements, counters and atomicity are recorded', async () => {
    const loader = new SeedLoader(db);
    const outcome = await loader.load(textSource('01-two.cypher', 'CREATE (:A);\nCREATE (:A);'));
    const [entry] = await loader.ledger.entries();
    expect(entry).toMatchObject({
      name: '01-two.cypher',
      sha256: outcome.sha256,
      statements: 2,
      atomic: true,
      counters: { nodesCreated: 2, labelsAdded: 2 },
    });
    expect(Date.parse(entry!.appliedAt)).not.toBeNaN();
  });

  it('when an applied file changed, then it is refused naming the file; with force it is applied again', async () => {
    const loader = new SeedLoader(db);
    await loader.load(textSource('02-change.cypher', "CREATE (:C {v: 'one'});"));
    const changed = textSource('02-change.cypher', "CREATE (:C {v: 'two'});");
    const error = await caught(loader.load(changed));
    expect(error.code).toBe('SEED_CHECKSUM_CHANGED');
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^02-change\.cypher:1:1: .*changed.*--force/);
    expect(await count('MATCH (c:C) RETURN count(c)')).toBe(1);

    const forced = await loader.load(changed, { force: true });
    expect(forced).toMatchObject({ status: 'applied', reapplied: true });
    expect(await count("MATCH (c:C {v: 'two'}) RETURN count(c)")).toBe(1);
    expect((await loader.ledger.entries())[0]?.sha256).toBe(forced.sha256);
  });

  it('when a file changes only in line endings and comments, then it is not seen as changed', async () => {
    const loader = new SeedLoader(db);
    await loader.load(textSource('03-eol.cypher', 'CREATE (:E);\nCREATE (:E);\n'));
    const outcome = await loader.load(
      textSource('03-eol.cypher', '// the same statements\r\nCREATE (:E);\r\n\r\nCREATE (:E)'),
    );
    expect(outcome.status).toBe('skipped');
    expect(await count('MATCH (e:E) RETURN count(e)')).toBe(2);
  });

  it('when four loaders make the ledger schema at once on a fresh database, then none fails and both constraints exist', async () => {
    for (let round = 0; round < 5; round++) {
      await db.autoCommit('DROP CONSTRAINT seed_file_name IF EXISTS');
      await db.autoCommit('DROP CONSTRAINT seed_lock_name IF EXISTS');
      const others = [testDatabase(), testDatabase(), testDatabase()];
      try {
        await Promise.all([db, ...others].map((d) => new SeedLedger(d).ensureSchema()));
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
      expect(
        await count(
          "SHOW CONSTRAINTS YIELD name WHERE name IN ['seed_file_name', 'seed_lock_name'] RETURN count(*)",
        ),
      ).toBe(2);
    }
  });

  it('when two loaders start on the same file at once, then it is applied exactly once', async () => {
    const other = testDatabase();
    try {
      const path = join(scratch, '04-once.cypher');
      writeFileSync(
        path,
        Array.from({ length: 200 }, (_, i) => `CREATE (:Once {n: ${i}});`).join('\n'),
      );
      const outcomes = await Promise.all([
        new SeedLoader(db).load(fileSource(path)),
        new SeedLoader(other).load(fileSource(path)),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['applied', 'skipped']);
      expect(await count('MATCH (o:Once) RETURN count(o)')).toBe(200);
      expect(await count('MATCH (f:__SeedFile) RETURN count(f)')).toBe(1);
      expect(await count('MATCH (l:__SeedLock) RETURN count(l)')).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('a file that fails', () => {
  const fiftySeven = (failing: string) => {
    const lines = ['// 56 good statements, then a bad one, then more'];
    for (let i = 1; i <= 56; i++) lines.push(`CREATE (:Fail57 {id: ${i}, name: 'node ${i}'});`);
    lines.push(failing);
    for (let i = 58; i <= 60; i++) lines.push(`CREATE (:Fail57 {id: ${i}, name: 'node ${i}'});`);
    const path = join(scratch, '05-fifty-seven.cypher');
    writeFileSync(path, `${lines.join('\n')}\n`);
    return fileSource(path);
  };

  beforeEach(async () => {
    await new SeedLoader(db).loadAll(seedFiles().map(fileSource));
    await db.autoCommit(
      'CREATE CONSTRAINT fail57_id IF NOT EXISTS FOR (n:Fail57) REQUIRE n.id IS UNIQUE',
    );
  });

  it('when its 57th statement fails while running, then the database is exactly as before, no ledger entry is written, and the error names that statement', async () => {
    const before = await exportDatabase(db);
    // The 57th repeats id 3: same shape as its neighbours, so it also exercises the batch fallback.
    const source = fiftySeven("CREATE (:Fail57 {id: 3, name: 'node 3 again'});");
    const error = await caught(new SeedLoader(db).load(source));
    expect(error.code).toBe('SEED_STATEMENT_FAILED');
    expect(error.details).toMatchObject({
      file: '05-fifty-seven.cypher',
      line: 58,
      col: 1,
      statement: 57,
    });
    expect(error.message).toMatch(/^05-fifty-seven\.cypher:58:1: .*already exists/);
    expect(await exportDatabase(db)).toBe(before);
    expect(
      await count("MATCH (f:__SeedFile {name: '05-fifty-seven.cypher'}) RETURN count(f)"),
    ).toBe(0);
  });

  it('when its 57th statement has a syntax error on its second line, then the error carries that line and column of the file', async () => {
    const before = await exportDatabase(db);
    const source = fiftySeven('MATCH (n:Fail57 {id: 1})\n   RETRUN n;');
    const error = await caught(new SeedLoader(db).load(source));
    expect(error.details).toMatchObject({ line: 59, col: 4, statement: 57 });
    expect(error.message).toMatch(/^05-fifty-seven\.cypher:59:4: Invalid input 'RETRUN'/);
    expect(error.status).toBe(400);
    expect(await exportDatabase(db)).toBe(before);
  });

  it('when the error is on the first line of a statement that does not start the line, then the column counts from the line start', async () => {
    const error = await caught(
      new SeedLoader(db).load(textSource('06-col.cypher', 'RETURN 1;   MATCH (n) RETURN m;')),
    );
    // `MATCH` starts at column 13; `m` is 17 characters further on.
    expect(error.message).toMatch(/^06-col\.cypher:1:30: Variable `m` not defined/);
  });

  it('when a :param expression is broken, then the error points into the expression', async () => {
    const error = await caught(
      new SeedLoader(db).load(
        textSource('07-param.cypher', 'RETURN 1;\n:param x => 1 +\nRETURN $x;'),
      ),
    );
    expect(error.details).toMatchObject({ file: '07-param.cypher', line: 2, col: 16 });
    expect(error.message).toMatch(/^07-param\.cypher:2:16: in :param/);
  });
});

describe('cypher-shell files and transactions', () => {
  it('when a cypher-shell export with :begin/:commit blocks, :param and backticked names with spaces is loaded, then its graph is there', async () => {
    const outcome = await new SeedLoader(db).load(fixture('cypher-shell-export.cypher'));
    expect(outcome).toMatchObject({ status: 'applied', atomic: false, statements: 6 });
    const rows = await db.readQuery(
      'MATCH (a:`Defence Minister`)-[r:`SIGNED MOU WITH`]->(b:`Defence Minister`) RETURN a.`full name` AS a, b.name AS b, r.quote AS quote, a.note AS note',
    );
    expect(rows.records.map((r) => r.toObject())).toEqual([
      {
        a: 'Viktor Gennadyevich Khrenin',
        b: 'Mohammad Reza Ashtiani',
        quote: 'signed a memorandum; details unclear',
        note: 'semi;colon',
      },
    ]);
    expect(await count('MATCH (n:`UNIQUE IMPORT LABEL`) RETURN count(n)')).toBe(0);
    expect(
      await count("SHOW CONSTRAINTS YIELD name WHERE name = 'UNIQUE_IMPORT_NAME' RETURN count(*)"),
    ).toBe(0);
  });

  it('when a file uses CALL { … } IN TRANSACTIONS, then it runs in auto-commit and is recorded as not atomic', async () => {
    const loader = new SeedLoader(db);
    const outcome = await loader.load(fixture('in-transactions.cypher'));
    expect(outcome.atomic).toBe(false);
    expect(outcome.notAtomicBecause).toMatch(/IN TRANSACTIONS \(line 2\)/);
    expect(await count('MATCH (b:Batch {done: true}) RETURN count(b)')).toBe(50);
    expect((await loader.ledger.entries())[0]).toMatchObject({
      name: 'in-transactions.cypher',
      atomic: false,
    });
  });

  it('when schema and data statements are mixed, then both apply in their own transactions and the file is marked not atomic', async () => {
    const outcome = await new SeedLoader(db).load(fixture('schema-then-data.cypher'));
    expect(outcome).toMatchObject({ status: 'applied', atomic: false });
    expect(await count('MATCH (w:Widget) RETURN count(w)')).toBe(2);
  });

  it('when a file has LOAD CSV, then it is refused before anything runs unless file access is allowed', async () => {
    const loader = new SeedLoader(db);
    const error = await caught(loader.load(fixture('load-csv.cypher')));
    expect(error.code).toBe('SEED_FILE_ACCESS_REFUSED');
    expect(error.message).toMatch(/^load-csv\.cypher:3:1: LOAD CSV/);
    expect(await count('MATCH (b:Before) RETURN count(b)')).toBe(0);

    const allowed = await caught(
      loader.load(fixture('load-csv.cypher'), { allowFileAccess: true }),
    );
    expect(allowed.code).toBe('SEED_STATEMENT_FAILED');
    expect(await count('MATCH (b:Before) RETURN count(b)')).toBe(0);
  });
});

describe('dry run', () => {
  it('when a file is dry-run, then it reports what it would create and the database is unchanged', async () => {
    // A dry run rehearses only names the database knows (see seed-safety for new ones).
    await db.autoCommit("CREATE (a:Dry {id: 0})-[:LINKS]->(b:Dry {x: 'z'}) DETACH DELETE a, b");
    const before = await exportDatabase(db);
    const loader = new SeedLoader(db);
    const outcome = await loader.load(
      textSource(
        '08-dry.cypher',
        "CREATE (a:Dry {id: 1})-[:LINKS]->(b:Dry {id: 2}) SET a.x = 'y';",
      ),
      { dryRun: true },
    );
    expect(outcome).toMatchObject({
      status: 'dry-run',
      counters: { nodesCreated: 2, relationshipsCreated: 1, propertiesSet: 3, labelsAdded: 2 },
    });
    expect(await exportDatabase(db)).toBe(before);
    expect(await loader.ledger.entries()).toEqual([]);
  });
});

describe('the seeds HTTP API', () => {
  const token = 'a-long-enough-admin-token-for-tests';
  let dir: string;
  let server: Awaited<ReturnType<typeof listen>>;
  let disabled: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'entente-seed-dir-'));
    const app = (adminToken: string | undefined) =>
      createApp({
        logger,
        health: new HealthService(db),
        seeds: new SeedService(db, { cypherDir: dir, adminToken, logger }),
      });
    server = await listen(app(token));
    disabled = await listen(app(undefined));
  });

  afterAll(async () => {
    await server?.close();
    await disabled?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (base: string, text: string, query: string, auth?: string) =>
    fetch(`${base}/api/seeds?${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        ...(auth === undefined ? {} : { authorization: auth }),
      },
      body: text,
    });

  it('when no admin token is configured, then uploads answer 403 SEED_UPLOAD_DISABLED', async () => {
    const response = await upload(disabled.url, 'CREATE (:X);', 'name=x.cypher', `Bearer ${token}`);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('SEED_UPLOAD_DISABLED');
  });

  it('when the token is missing or wrong, then uploads answer 401 and nothing is written', async () => {
    expect((await upload(server.url, 'CREATE (:X);', 'name=x.cypher')).status).toBe(401);
    expect((await upload(server.url, 'CREATE (:X);', 'name=x.cypher', 'Bearer nope')).status).toBe(
      401,
    );
    expect(await count('MATCH (x:X) RETURN count(x)')).toBe(0);
  });

  it('when the token is right, then the file is applied; as a dry run it only reports', async () => {
    await db.autoCommit('CREATE (x:X {a: 0}) DELETE x');
    const dry = await upload(
      server.url,
      'CREATE (:X {a: 1});',
      'name=x.cypher&dryRun=true',
      `Bearer ${token}`,
    );
    expect(dry.status).toBe(200);
    expect((await dry.json()).file).toMatchObject({
      status: 'dry-run',
      dryRun: true,
      counters: { nodesCreated: 1 },
    });
    expect(await count('MATCH (x:X) RETURN count(x)')).toBe(0);

    const applied = await upload(
      server.url,
      'CREATE (:X {a: 1});',
      'name=x.cypher',
      `Bearer ${token}`,
    );
    expect(applied.status).toBe(200);
    expect((await applied.json()).file).toMatchObject({
      status: 'applied',
      statements: 1,
      atomic: true,
    });
    expect(await count('MATCH (x:X) RETURN count(x)')).toBe(1);
  });

  it('when an uploaded file is broken, then the answer is 400 with file, line and column; a changed file is 409', async () => {
    const broken = await upload(
      server.url,
      'RETURN 1;\nMATCH (n) RETRUN n;',
      'name=bad.cypher',
      `Bearer ${token}`,
    );
    expect(broken.status).toBe(400);
    const body = await broken.json();
    expect(body.error.code).toBe('SEED_STATEMENT_FAILED');
    expect(body.error.details).toMatchObject({ file: 'bad.cypher', line: 2, col: 11 });

    await upload(server.url, 'CREATE (:Y);', 'name=y.cypher', `Bearer ${token}`);
    const changed = await upload(
      server.url,
      'CREATE (:Y {v: 2});',
      'name=y.cypher',
      `Bearer ${token}`,
    );
    expect(changed.status).toBe(409);
    expect((await changed.json()).error.code).toBe('SEED_CHECKSUM_CHANGED');

    const unnamed = await upload(server.url, 'CREATE (:Y);', 'dryRun=true', `Bearer ${token}`);
    expect(unnamed.status).toBe(400);
  });

  it('when the body is larger than the limit, then the answer is 413', async () => {
    const huge = `RETURN '${'x'.repeat(10 * 1024 * 1024)}';`;
    const response = await upload(server.url, huge, 'name=huge.cypher', `Bearer ${token}`);
    expect(response.status).toBe(413);
  });

  it('when the seed folder has pending, applied and changed files, then GET /api/seeds lists each with its status', async () => {
    writeFileSync(join(dir, '10-applied.cypher'), 'CREATE (:S {n: 1});');
    writeFileSync(join(dir, '20-changed.cypher'), 'CREATE (:S {n: 2});');
    writeFileSync(join(dir, '30-pending.cypher'), 'CREATE (:S {n: 3});');
    const loader = new SeedLoader(db);
    await loader.load(fileSource(join(dir, '10-applied.cypher')));
    await loader.load(fileSource(join(dir, '20-changed.cypher')));
    writeFileSync(join(dir, '20-changed.cypher'), 'CREATE (:S {n: 22});');
    await upload(server.url, 'CREATE (:Uploaded);', 'name=99-uploaded.cypher', `Bearer ${token}`);

    const response = await fetch(`${server.url}/api/seeds`);
    expect(response.status).toBe(200);
    const { files } = await response.json();
    expect(files.map((f: { name: string; status: string }) => [f.name, f.status])).toEqual([
      ['10-applied.cypher', 'applied'],
      ['20-changed.cypher', 'changed'],
      ['30-pending.cypher', 'pending'],
      ['99-uploaded.cypher', 'applied'],
    ]);
    expect(files[0]).toMatchObject({ statements: 1, atomic: true, counters: { nodesCreated: 1 } });
    expect(files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(files[2]).toMatchObject({ appliedAt: null, counters: null });
  });
});

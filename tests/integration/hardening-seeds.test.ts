import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { listen } from '../support/test-app.ts';
import { runSeedCli } from '../support/seed-cli.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

/**
 * Broken, binary and oversized seed uploads are refused with positions and write nothing;
 * a loader killed with SIGKILL mid-file leaves nothing of the file behind, and the next run
 * applies it exactly once.
 */

const ADMIN_TOKEN = 'hardening-seeds-admin-token-0123456789';
const logger = createLogger('silent');

let db: Database;
let scratch: string;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  db = testDatabase();
  await resetDatabase(db);
  scratch = mkdtempSync(join(tmpdir(), 'entente-hardening-seeds-'));
  server = await listen(
    createApp({
      logger,
      health: new HealthService(db),
      seeds: new SeedService(db, { cypherDir: scratch, adminToken: ADMIN_TOKEN, logger }),
    }),
  );
});

afterAll(async () => {
  await server?.close();
  await db?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await db.readQuery(cypher, params);
  return Number(result.records[0]?.get(0) ?? 0);
}

/** Every node and relationship of the database, and the ledger, as one comparable text. */
async function snapshot(): Promise<string> {
  const result = await db.readQuery(
    `CALL () { MATCH (n) RETURN count(n) AS nodes }
     CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
     CALL () { MATCH (f:__SeedFile) RETURN collect(f.name + ':' + f.sha256) AS ledger }
     RETURN nodes, rels, ledger`,
  );
  return JSON.stringify(result.records[0]?.toObject(), (_key, value: unknown) =>
    typeof value === 'object' && value !== null && 'low' in value ? String(value) : value,
  );
}

const upload = (body: string | Uint8Array, name: string) =>
  fetch(`${server.url}/api/seeds?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: typeof body === 'string' ? body : new Uint8Array(body),
    signal: AbortSignal.timeout(30_000),
  });

interface SeedErrorBody {
  error: {
    code: string;
    message: string;
    details?: { file?: string; line?: number; col?: number; statement?: number };
  };
}

describe('hardening: broken seed uploads are refused with a position and write nothing', () => {
  const broken: { what: string; name: string; body: string | Uint8Array; line: number }[] = [
    {
      what: 'a statement with a typo on its third line',
      name: 'typo.cypher',
      body: "CREATE (:Upload {name: 'first'});\nCREATE (:Upload {name: 'second'});\nMATCH (n:Upload) RETRUN n;\n",
      line: 3,
    },
    {
      what: 'a file truncated inside a string',
      name: 'truncated-string.cypher',
      body: "CREATE (:Upload {name: 'one'});\nCREATE (:Upload {name: 'two'});\nCREATE (:Upload {name: 'thr",
      line: 3,
    },
    {
      what: 'a file truncated inside a block comment',
      name: 'truncated-comment.cypher',
      body: "CREATE (:Upload {name: 'one'});\n/* the rest was lost\nCREATE (:Upload",
      // Reported where the comment opens, so the reader knows which one is left open.
      line: 2,
    },
    {
      what: 'a file truncated mid-statement',
      name: 'truncated-statement.cypher',
      body: "CREATE (:Upload {name: 'one'});\nMATCH (a:Upload {name: 'one'})\nCREATE (a)-[:LINKS]->(",
      line: 3,
    },
    {
      what: 'unbalanced brackets',
      name: 'brackets.cypher',
      body: "CREATE (:Upload {name: 'one'});\n\nCREATE (:Upload {name: 'two'}));\n",
      line: 3,
    },
    {
      what: 'binary bytes with NULs and invalid UTF-8',
      name: 'binary.cypher',
      body: new Uint8Array([
        ...Buffer.from("CREATE (:Upload {name: 'one'});\n"),
        0x00,
        0xff,
        0xfe,
        0x89,
        0x50,
        0x4e,
        0x47,
        0x0d,
        0x0a,
        0x1a,
        0x0a,
        0x00,
        0xc3,
        0x28,
        0x3b,
        0x0a,
      ]),
      line: 2,
    },
    {
      what: 'a PNG image',
      name: 'image.cypher',
      body: new Uint8Array([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      ]),
      line: 1,
    },
  ];

  it.each(broken)(
    'when the upload is $what, then it answers 400 with file:line:col and the database is unchanged',
    async ({ name, body, line }) => {
      const before = await snapshot();
      const response = await upload(body, name);
      const answer = (await response.json()) as SeedErrorBody;
      expect(response.status, JSON.stringify(answer)).toBe(400);
      expect(answer.error.code).toMatch(/^SEED_/);
      expect(answer.error.details).toMatchObject({ file: name, line });
      expect(answer.error.details?.col).toBeGreaterThanOrEqual(1);
      expect(answer.error.message).toMatch(
        new RegExp(`^${name.replace('.', '\\.')}:${line}:\\d+: `),
      );
      expect(answer.error.message).not.toMatch(/\n\s+at /);
      expect(await snapshot()).toBe(before);
    },
  );

  it('when the upload is over the 10 MB body limit, then it answers 413 PAYLOAD_TOO_LARGE and the database is unchanged', async () => {
    const before = await snapshot();
    const statement = "CREATE (:Upload {name: 'gigantic'});\n";
    const response = await upload(
      statement.repeat(Math.ceil((10.5 * 2 ** 20) / statement.length)),
      'gigantic.cypher',
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as SeedErrorBody).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await snapshot()).toBe(before);
  });

  it('when a file is empty or only comments, then it is not an error and writes no data', async () => {
    const response = await upload('// nothing here\n/* nor here */\n', 'comments-only.cypher');
    expect(response.status).toBeLessThan(500);
    expect(
      await count('MATCH (n) WHERE NOT n:__SeedFile AND NOT n:__SeedLock RETURN count(n)'),
    ).toBe(0);
  });
});

// ---- SIGKILL in the middle of applying a large file ---------------------------------------

/** Statements of the crash file. Consecutive statements differ in shape so each runs alone. */
const CRASH_STATEMENTS = 40_000;
const SHAPES = 97;

async function writeCrashFile(path: string): Promise<void> {
  const out = createWriteStream(path, 'utf8');
  out.write('// A large seed file: one node per statement, shapes interleaved.\n');
  for (let i = 0; i < CRASH_STATEMENTS; i += 1) {
    const line = `MERGE (n:CrashSeed {id: 'c-${i}'}) SET n.p${i % SHAPES} = ${i}, n.batch = 'crash';\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('hardening: a loader killed with SIGKILL in the middle of a large file', () => {
  let crashFile: string;

  beforeAll(async () => {
    // The file's MERGEs look nodes up by id, as real seed files do under their constraints.
    await db.autoCommit(
      'CREATE CONSTRAINT crash_seed_id IF NOT EXISTS FOR (n:CrashSeed) REQUIRE n.id IS UNIQUE',
    );
    crashFile = join(scratch, '50-crash.cypher');
    await writeCrashFile(crashFile);
  });

  const crashNodes = () => count('MATCH (n:CrashSeed) RETURN count(n)');
  const ledgerEntries = () =>
    count("MATCH (f:__SeedFile {name: '50-crash.cypher'}) RETURN count(f)");

  it('when the loader is killed while applying, then none of the file is in the database and it has no ledger entry; re-running applies it exactly once', async () => {
    const before = await snapshot();

    // Killed once progress shows statements being applied (but far from all of them).
    const killed = await runSeedCli([crashFile], (stderr) => {
      const match = /applying 50-crash\.cypher: ([\d,]+)\/([\d,]+)/.exec(stderr);
      return match !== null && Number(match[1]?.replace(/,/g, '')) > 0;
    });
    expect(killed.signal, `${killed.stdout}\n${killed.stderr}`).toBe('SIGKILL');
    expect(killed.stdout).not.toMatch(/applied\s+50-crash/);
    const progress = /applying 50-crash\.cypher: ([\d,]+)\/([\d,]+)/.exec(killed.stderr);
    expect(Number(progress?.[2]?.replace(/,/g, ''))).toBe(CRASH_STATEMENTS);
    expect(Number(progress?.[1]?.replace(/,/g, ''))).toBeLessThan(CRASH_STATEMENTS);

    // Nothing of the file, no ledger entry, no lock left behind: the database as before.
    expect(await crashNodes()).toBe(0);
    expect(await ledgerEntries()).toBe(0);
    expect(await count('MATCH (l:__SeedLock) RETURN count(l)')).toBe(0);
    expect(await snapshot()).toBe(before);

    // Re-running applies the whole file, once.
    const rerun = await runSeedCli([crashFile]);
    expect(rerun.code, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
    expect(rerun.stdout).toMatch(/applied\s+50-crash\.cypher: 40,000 statements/);
    expect(await crashNodes()).toBe(CRASH_STATEMENTS);
    expect(
      await count("MATCH (n:CrashSeed) WHERE n.batch = 'crash' RETURN count(DISTINCT n.id)"),
    ).toBe(CRASH_STATEMENTS);
    expect(await ledgerEntries()).toBe(1);
    expect(await count("MATCH (f:__SeedFile {name: '50-crash.cypher'}) RETURN f.statements")).toBe(
      CRASH_STATEMENTS,
    );

    // And a third run skips it: still exactly once.
    const again = await runSeedCli([crashFile]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/skipped\s+50-crash\.cypher/);
    expect(await crashNodes()).toBe(CRASH_STATEMENTS);
    expect(await ledgerEntries()).toBe(1);
  }, 240_000);
});

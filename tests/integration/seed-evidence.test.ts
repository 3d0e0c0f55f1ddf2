import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { fileSource, SeedLoader } from '../../server/seed/seed-loader.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { exportDatabase } from '../support/database-export.ts';
import { CYPHER_DIR } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { runSeedCli } from '../support/seed-cli.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

const TOKEN = 'evidence-seeds-admin-token-0123456789';
const logger = createLogger('silent');

let db: Database;
let scratch: string;
let server: Awaited<ReturnType<typeof listen>>;

/** A second report on a relationship the article holds, written as our seed files are. */
const KEYED = `MERGE (s:Source {id: 'source:test-second'}) SET s.title = 'A second report';

MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:BACKS {sourceId: 'source:test-second'}]->(b)
SET r += {stance: 'claim', claimedBy: 'state:united-states', quote: 'Iran arms Russia, a second report says.'};
`;

/** The old style: the same relationship, evidence set on a MERGE that is not keyed on it. */
const OVERWRITE = `// overwrites the article's quote and stance
MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:BACKS]->(b)
SET r += {sourceId: 'source:test-third', quote: 'Overwritten.', stance: 'reported'};
`;

const ARTICLE_QUOTE = 'Iran has become one of Russia’s principal backers in the Ukraine War.';

beforeAll(async () => {
  db = testDatabase();
  scratch = mkdtempSync(join(tmpdir(), 'entente-evidence-'));
  server = await listen(
    createApp({
      logger,
      health: new HealthService(db),
      seeds: new SeedService(db, { cypherDir: scratch, adminToken: TOKEN, logger }),
    }),
  );
});

afterAll(async () => {
  await server?.close();
  await db?.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDatabase(db);
  const result = await new SeedLoader(db).loadAll(
    ['00-schema.cypher', '10-iran-belarus-defense.cypher'].map((f) =>
      fileSource(join(CYPHER_DIR, f)),
    ),
  );
  if (result.failure) throw result.failure.error;
});

async function backsQuotes(): Promise<string[]> {
  const result = await db.readQuery(
    `MATCH (:State {id: 'state:iran'})-[r:BACKS]->(:State {id: 'state:russia'})
     RETURN r.quote AS quote ORDER BY quote`,
  );
  return result.records.map((r) => String(r.get('quote')));
}

const upload = (text: string, query: string) =>
  fetch(`${server.url}/api/seeds?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` },
    body: text,
  });

describe('a second source on a relationship, through the CLI', () => {
  it('when the file is keyed on its source, then both sources’ quotes stay', async () => {
    const file = join(scratch, '40-second.cypher');
    writeFileSync(file, KEYED);
    const run = await runSeedCli([file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await backsQuotes()).toEqual(['Iran arms Russia, a second report says.', ARTICLE_QUOTE]);
  });

  it('when the file sets evidence on an unkeyed MERGE, then it is refused at that line and column, dry run or not, and nothing is written', async () => {
    const file = join(scratch, '41-overwrite.cypher');
    writeFileSync(file, OVERWRITE);
    const before = await exportDatabase(db);
    for (const args of [[file, '--dry-run'], [file]]) {
      const run = await runSeedCli(args);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('41-overwrite.cypher:4:11: `sourceId` is evidence');
      expect(run.stderr).toContain("key it on its source: MERGE (a)-[r:TYPE {sourceId: '…'}]->(b)");
    }
    expect(await exportDatabase(db)).toEqual(before);
    expect(await backsQuotes()).toEqual([ARTICLE_QUOTE]);
  });
});

describe('a second source on a relationship, through POST /api/seeds', () => {
  it('when the upload is keyed on its source, then both quotes stay', async () => {
    const response = await upload(KEYED, 'name=40-second.cypher');
    expect(response.status).toBe(200);
    expect(await backsQuotes()).toEqual(['Iran arms Russia, a second report says.', ARTICLE_QUOTE]);
  });

  it('when the upload overwrites evidence, then 400 names file, line and column and the fix, for a dry run too; nothing is written', async () => {
    const before = await exportDatabase(db);
    for (const query of ['name=41-overwrite.cypher&dryRun=true', 'name=41-overwrite.cypher']) {
      const response = await upload(OVERWRITE, query);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as {
        error: { code: string; message: string; details: Record<string, unknown> };
      };
      expect(error.code).toBe('SEED_EVIDENCE_NOT_KEYED');
      expect(error.details).toMatchObject({ file: '41-overwrite.cypher', line: 4, col: 11 });
      expect(error.message).toMatch(/MERGE of `r` is not keyed on sourceId/);
    }
    expect(await exportDatabase(db)).toEqual(before);
  });

  it('when a MATCHed relationship gets a new quote, then it is refused; other properties may still be set', async () => {
    const edit = await upload(
      "MATCH (:State {id: 'state:iran'})-[r:BACKS]->(:State {id: 'state:russia'})\nSET r.quote = 'edited';",
      'name=42-edit.cypher',
    );
    expect(edit.status).toBe(400);
    expect((await edit.json()).error.details).toMatchObject({ line: 2, col: 7 });
    const note = await upload(
      "MATCH (:State {id: 'state:iran'})-[r:BACKS]->(:State {id: 'state:russia'})\nSET r.reviewed = true;",
      'name=43-review.cypher',
    );
    expect(note.status).toBe(200);
    expect(await backsQuotes()).toEqual([ARTICLE_QUOTE]);
  });
});

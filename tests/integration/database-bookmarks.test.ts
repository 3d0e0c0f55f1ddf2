import { afterAll, describe, expect, it } from 'vitest';
import { SeedLoader, textSource } from '../../server/seed/seed-loader.ts';
import { testDatabase } from '../support/test-database.ts';

const db = testDatabase();
afterAll(async () => {
  await db.write((tx) => tx.run('MATCH (n:BookmarkProbe) DETACH DELETE n'));
  await db.close();
});

describe('one causal chain per app process', () => {
  it('when a request writes and the seed loader applies a file, then both move the bookmarks every later session waits for', async () => {
    await db.write((tx) => tx.run("CREATE (:BookmarkProbe {by: 'request'})"));
    const afterRequest = await db.latestBookmarks();
    expect(afterRequest.length).toBeGreaterThan(0);

    const loaded = await new SeedLoader(db).loadAll([
      textSource(`bookmark-probe-${Date.now()}.cypher`, "CREATE (:BookmarkProbe {by: 'loader'});"),
    ]);
    expect(loaded.failure).toBeUndefined();
    const afterLoader = await db.latestBookmarks();
    expect(afterLoader).not.toEqual(afterRequest);

    // A read in a new session starts from there and sees both writes.
    const seen = await db.read(async (tx) => {
      const result = await tx.run('MATCH (n:BookmarkProbe) RETURN n.by AS by ORDER BY by');
      return result.records.map((r) => String(r.get('by')));
    });
    expect(seen).toEqual(['loader', 'request']);
  });
});

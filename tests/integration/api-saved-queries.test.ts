import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResponse, SavedQueriesResponse } from '../../server/api-types.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { useAnalystServer } from '../support/analyst-app.ts';
import { listen } from '../support/test-app.ts';

const app = useAnalystServer();

interface ErrorBody {
  error: { code: string; message: string };
}

async function run<T = QueryResponse>(
  name: string,
  params: Record<string, unknown> = {},
  base = app.url,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}/api/queries/${encodeURIComponent(name)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Rows as objects keyed by column, for readable expectations. */
function records(response: QueryResponse): Record<string, unknown>[] {
  return response.rows.map((row) =>
    Object.fromEntries(response.columns.map((column, i) => [column, row[i]])),
  );
}

describe('GET /api/queries', () => {
  it('when listing, then every saved question has a title, a description and typed parameters', async () => {
    const response = await fetch(`${app.url}/api/queries`);
    const body = (await response.json()) as SavedQueriesResponse;
    expect(response.status).toBe(200);
    const names = body.queries.map((q) => q.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'who-backs',
        'what-links',
        'agreements-of-state',
        'claims-by',
        'claims-about',
        'person-neighbourhood',
      ]),
    );
    for (const query of body.queries) {
      expect(query.title).not.toBe('');
      expect(query.description).not.toBe('');
      expect(query.cypher).not.toMatch(/^\s*\/\//);
    }
    const neighbourhood = body.queries.find((q) => q.name === 'person-neighbourhood');
    expect(neighbourhood?.parameters).toContainEqual(
      expect.objectContaining({ name: 'hops', type: 'integer', default: 2 }),
    );
  });
});

describe('POST /api/queries/:name/run answers the analyst questions', () => {
  it('when asking who backs Russia, then Iran backs it, with evidence', async () => {
    const { status, body } = await run('who-backs', { state: 'Russia' });
    expect(status).toBe(200);
    const rows = records(body);
    expect(rows).toContainEqual(
      expect.objectContaining({ backer: 'Iran', support: 'BACKS', stance: 'reported' }),
    );
    expect(rows.every((r) => typeof r.quote === 'string' && r.quote !== '')).toBe(true);
    expect(body.graph.nodes.map((n) => n.caption)).toEqual(
      expect.arrayContaining(['Iran', 'Russia']),
    );
  });

  it('when asking who backs Россия (Cyrillic alias), then the answer is the same', async () => {
    const { body } = await run('who-backs', { state: 'Россия' });
    expect(records(body).map((r) => r.backer)).toContain('Iran');
  });

  it('when asking what links Khrenin to Putin, then a path of at most 4 hops comes back', async () => {
    const { body } = await run('what-links', { from: 'Khrenin', to: 'Vladimir Putin', maxHops: 4 });
    const rows = records(body);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.hops).toBeLessThanOrEqual(4);
      expect((row.via as string[])[0]).toBe('Viktor Khrenin');
      expect((row.via as string[]).at(-1)).toBe('Vladimir Putin');
    }
  });

  it('when asking for the agreements Belarus is party to, then the memorandum comes with both signatories', async () => {
    const { body } = await run('agreements-of-state', { state: 'Belarus' });
    const rows = records(body);
    // The memorandum and the cooperation plan signed with it, once each however many sources.
    expect(rows.map((r) => r.name).sort()).toEqual([
      'Belarus–Iran defence memorandum of understanding',
      'Belarus–Iran military cooperation plan for 2023',
    ]);
    const memorandum = rows.find((r) => String(r.name).includes('memorandum'));
    expect(memorandum?.date).toBe('2023-07-31');
    expect(memorandum?.signatories).toEqual(
      expect.arrayContaining(['Viktor Khrenin', 'Mohammad Reza Ashtiani']),
    );
    expect(memorandum?.otherParties).toEqual(['Iran']);
  });

  it('when asking for the claims of the Critical Threats Project, then the Shahed factory claim is attributed to it', async () => {
    const { body } = await run('claims-by', { party: 'Critical Threats Project' });
    const rows = records(body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.stance === 'claim')).toBe(true);
    expect(rows.some((r) => String(r.subjectName).includes('Shahed'))).toBe(true);
  });

  it('when asking for claims about Belarus, then claims others make about it come back with the claimant, not only claims by Belarus', async () => {
    const { status, body } = await run('claims-about', { entity: 'Belarus' });
    expect(status).toBe(200);
    const rows = records(body);
    expect(rows).toContainEqual(
      expect.objectContaining({
        subjectName: 'Shahed drone',
        relationship: 'MAY_BE_BUILT_IN',
        objectName: 'Belarus',
        stance: 'claim',
        saidBy: 'Critical Threats Project',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ relationship: 'SATELLITE_OF', stance: 'opinion' }),
    );
    expect(rows.every((r) => r.stance !== 'reported' && typeof r.quote === 'string')).toBe(true);
    expect(rows.every((r) => r.subjectName === 'Belarus' || r.objectName === 'Belarus')).toBe(true);
    const byBelarus = records((await run('claims-by', { party: 'Belarus' })).body);
    expect(rows.length).toBeGreaterThan(byBelarus.length);
  });

  it('when asking for everything a source supports, then its relationships come back', async () => {
    const { body } = await run('claims-by', { party: 'source:iran-belarus-defense-2023' });
    expect(records(body).length).toBeGreaterThan(10);
  });

  it('when asking for Khrenin’s neighbourhood within 1 hop, then Belarus is at distance 1 and nothing is further', async () => {
    const { body } = await run('person-neighbourhood', { person: 'Viktor Khrenin', hops: 1 });
    const rows = records(body);
    expect(rows).toContainEqual(expect.objectContaining({ neighbour: 'Belarus', distance: 1 }));
    expect(rows.every((r) => r.distance === 1)).toBe(true);
    const wider = records(
      (await run('person-neighbourhood', { person: 'Viktor Khrenin', hops: 2 })).body,
    );
    expect(wider.length).toBeGreaterThan(rows.length);
  });

  it('when asking for events between two dates, then the July–August 2023 meetings come in date order', async () => {
    const { status, body } = await run('events-in-period', {
      from: '2023-07-01',
      to: '2023-08-31',
    });
    expect(status).toBe(200);
    const dates = records(body).map((r) => String(r.date));
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.every((d) => d >= '2023-07-01' && d <= '2023-08-31')).toBe(true);
  });

  it('when parameters are left out, then their defaults are used', async () => {
    const { status, body } = await run('who-backs');
    expect(status).toBe(200);
    expect(records(body).map((r) => r.backer)).toContain('Iran');
  });
});

describe('POST /api/queries/:name/run rejects bad input', () => {
  it('when a parameter has the wrong type, then 400 names it', async () => {
    const { status, body } = await run<ErrorBody>('person-neighbourhood', { hops: 'two' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toMatch(/^params\.hops:/);
    const date = await run<ErrorBody>('events-in-period', { from: '31/07/2023' });
    expect(date.status).toBe(400);
    expect(date.body.error.message).toMatch(/^params\.from:/);
  });

  it('when a parameter is unknown, then 400 names it', async () => {
    const { status, body } = await run<ErrorBody>('who-backs', { country: 'Russia' });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/country/);
  });

  it('when the saved question does not exist, then 404', async () => {
    for (const name of ['no-such-question', '..', '..%2F..%2Fetc%2Fpasswd', 'a b']) {
      const { status } = await run<ErrorBody>(name);
      expect(status, name).toBe(404);
    }
  });
});

describe('saved questions from another folder', () => {
  let dir: string;
  let other: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'entente-queries-'));
    writeFileSync(
      join(dir, 'sneaky.cypher'),
      '// title: Looks harmless\n// description: but writes\nMATCH (n:State) SET n.owned = true RETURN n\n',
    );
    writeFileSync(join(dir, 'broken.cypher'), '// title: Broken\n// param: x decimal\nRETURN $x\n');
    writeFileSync(
      join(dir, 'count.cypher'),
      '// title: Count\n// description: How many nodes carry a label\n// param: label string - the label\nMATCH (n) WHERE $label IN labels(n) RETURN count(n) AS count;\n',
    );
    const services = createAnalystServices(app.db, {
      queryTimeoutMs: 10_000,
      queryRowCap: 1_000,
      savedQueriesDir: dir,
    });
    other = await listen(
      createApp({ logger: createLogger('silent'), health: new HealthService(app.db), ...services }),
    );
  });

  afterAll(async () => {
    await other?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a file is malformed, then it is left out of the list rather than breaking it', async () => {
    const body = (await (await fetch(`${other.url}/api/queries`)).json()) as SavedQueriesResponse;
    expect(body.queries.map((q) => q.name)).toEqual(['count', 'sneaky']);
  });

  it('when a saved question would write, then it is refused like any console query', async () => {
    const { status, body } = await run<ErrorBody>('sneaky', {}, other.url);
    expect(status).toBe(403);
    expect(body.error.code).toBe('QUERY_NOT_READ_ONLY');
    const owned = await app.db.read((tx) =>
      tx.run('MATCH (n:State) WHERE n.owned RETURN count(n) AS c'),
    );
    expect(Number(owned.records[0]?.get('c'))).toBe(0);
  });

  it('when a required parameter is missing, then 400 names it', async () => {
    const { status, body } = await run<ErrorBody>('count', {}, other.url);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^params\.label:/);
    const ok = await run('count', { label: 'State' }, other.url);
    expect(ok.status).toBe(200);
    expect(ok.body.rows[0]?.[0]).toBeGreaterThan(0);
  });
});

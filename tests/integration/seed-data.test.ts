import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { CYPHER_DIR, loadSeeds } from '../support/seed-fixture.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

// The article the seed graph rests on, kept beside the seed files it backs.
const ARTICLE_PATH = join(process.cwd(), 'cypher', 'sources', 'iran-belarus-defense-article.txt');
const ARTICLE_SOURCE_ID = 'source:iran-belarus-defense-2023';
const STANCES = ['reported', 'claim', 'opinion', 'speculation', 'forecast', 'denial'];
const QUERIES_DIR = join(CYPHER_DIR, 'queries');

type Row = Record<string, unknown>;

let db: Database;

/** Runs read-only Cypher and returns plain rows (driver Integers as numbers). */
async function rows(cypher: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const result = await db.read((tx) => tx.run(cypher, params));
  return result.records.map((record) => {
    const row: Row = {};
    for (const key of record.keys) row[String(key)] = plain(record.get(key));
    return row;
  });
}

function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

async function graphSize(): Promise<{ nodes: number; relationships: number; properties: number }> {
  const [row] = await rows(`
    CALL () { MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS nodeProperties }
    CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, sum(size(keys(r))) AS relProperties }
    RETURN nodes, relationships, nodeProperties + relProperties AS properties`);
  return {
    nodes: Number(row?.nodes),
    relationships: Number(row?.relationships),
    properties: Number(row?.properties),
  };
}

beforeAll(async () => {
  db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  await db.autoCommit('CALL db.awaitIndexes(60)');
});

afterAll(async () => {
  await db?.close();
});

describe('the article graph (cypher/10-iran-belarus-defense.cypher)', () => {
  it('holds Belarus as a satellite of Russia, as the author’s opinion', async () => {
    const found = await rows(`
      MATCH (:State {id: 'state:belarus'})-[r:SATELLITE_OF]->(:State {id: 'state:russia'})
      RETURN r.stance AS stance, r.sourceId AS sourceId`);
    expect(found).toEqual([{ stance: 'opinion', sourceId: ARTICLE_SOURCE_ID }]);
  });

  it('holds Iran as a backer of Russia in the Ukraine war, and as its supplier of Shahed drones', async () => {
    const found = await rows(
      `
      MATCH (:State {name: 'Iran'})-[r:BACKS|SUPPLIES {sourceId: $article}]->(:State {name: 'Russia'})
      RETURN type(r) AS type, r.context AS context, r.stance AS stance ORDER BY type`,
      { article: ARTICLE_SOURCE_ID },
    );
    expect(found).toEqual([
      { type: 'BACKS', context: 'Ukraine war', stance: 'reported' },
      { type: 'SUPPLIES', context: 'Ukraine war', stance: 'reported' },
    ]);
  });

  it('holds the memorandum, signed by Khrenin and Ashtiani on 2023-07-31, with Belarus and Iran party to it', async () => {
    const [memorandum] = await rows(`
      MATCH (a:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
      RETURN a.status AS status, a.details AS details, a.date = date('2023-07-31') AS dated`);
    expect(memorandum).toEqual({ status: 'signed', details: 'unclear', dated: true });

    const signatories = await rows(
      `
      MATCH (p:Person)-[s:SIGNED {sourceId: $article}]->(:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
      RETURN p.name AS name, toString(s.date) AS date ORDER BY name`,
      { article: ARTICLE_SOURCE_ID },
    );
    expect(signatories).toEqual([
      { name: 'Mohammad Reza Ashtiani', date: '2023-07-31' },
      { name: 'Viktor Khrenin', date: '2023-07-31' },
    ]);

    const parties = await rows(
      `
      MATCH (s:State)-[:PARTY_TO {sourceId: $article}]->(:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
      RETURN s.name AS name ORDER BY name`,
      { article: ARTICLE_SOURCE_ID },
    );
    expect(parties).toEqual([{ name: 'Belarus' }, { name: 'Iran' }]);
  });

  it('holds the Critical Threats Project’s drone-factory claim as a claim, attributed to it', async () => {
    const claims = await rows(`
      MATCH ()-[r {claimedBy: 'org:critical-threats-project'}]->()
      RETURN type(r) AS type, r.stance AS stance ORDER BY type`);
    expect(claims).toEqual([
      { type: 'MAY_BE_BUILT_IN', stance: 'claim' },
      { type: 'MAY_CONCERN', stance: 'claim' },
    ]);
    const [claimant] = await rows(
      `MATCH (o:Organisation {id: 'org:critical-threats-project'}) RETURN o.name AS name`,
    );
    expect(claimant).toEqual({ name: 'Critical Threats Project' });
  });

  it('holds the invasion of Ukraine in 2022, launched from Belarus, and Putin and Lukashenko as leaders', async () => {
    const [invasion] = await rows(`
      MATCH (:State {id: 'state:russia'})-[r:INVADED]->(:State {id: 'state:ukraine'})
      RETURN r.year AS year, r.launchedFrom AS launchedFrom`);
    expect(invasion).toEqual({ year: 2022, launchedFrom: 'state:belarus' });

    const leaders = await rows(`
      MATCH (p:Person)-[:LEADS]->(s:State) RETURN p.name AS person, s.name AS state ORDER BY person`);
    expect(leaders).toEqual([
      { person: 'Alexander Lukashenko', state: 'Belarus' },
      { person: 'Vladimir Putin', state: 'Russia' },
    ]);
  });

  it('holds the 1 August meeting’s topics, with the commission only proposed', async () => {
    const topics = await rows(
      `
      MATCH (e:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'})-[:DISCUSSED {sourceId: $article}]->(t)
      RETURN t.name AS topic, t.status AS status ORDER BY topic`,
      { article: ARTICLE_SOURCE_ID },
    );
    expect(topics).toEqual([
      { topic: 'Belarus–Iran military attachés', status: 'discussed' },
      { topic: 'Belarus–Iran military cooperation commission', status: 'proposed' },
      { topic: 'Joint Belarus–Iran military exercises', status: 'discussed' },
    ]);
  });

  it('holds the distances to Berlin and Warsaw, the opinions, the speculation, the forecast and the citation', async () => {
    const found = await rows(`
      MATCH (a)-[r:NEAR|CHARACTERISES|COULD_HOST|RIVALRY_FORECAST|CITES]->(b)
      WHERE a.name IN ['Berlin', 'Warsaw', 'Belarus', 'Iran'] OR a:Source
      RETURN coalesce(a.name, a.title) AS from, type(r) AS type, r.stance AS stance,
             r.distanceMilesLessThan AS miles, r.driveHours AS hours, coalesce(b.name, b.title) AS to
      ORDER BY type, from, to, stance`);
    expect(found).toEqual(
      expect.arrayContaining([
        {
          from: 'Berlin',
          type: 'NEAR',
          stance: 'reported',
          miles: 450,
          hours: null,
          to: 'Belarus',
        },
        { from: 'Warsaw', type: 'NEAR', stance: 'reported', miles: null, hours: 3, to: 'Belarus' },
        expect.objectContaining({ type: 'CHARACTERISES', stance: 'opinion', to: 'Iran' }),
        expect.objectContaining({ from: 'Belarus', type: 'COULD_HOST', stance: 'speculation' }),
        expect.objectContaining({ from: 'Iran', type: 'RIVALRY_FORECAST', stance: 'forecast' }),
        expect.objectContaining({ type: 'CITES', to: 'An Alliance of Evil' }),
      ]),
    );
  });

  it('gives every node a stable id, unique within its label', async () => {
    const missing = await rows(
      `MATCH (n) WHERE NOT any(l IN labels(n) WHERE l STARTS WITH '__') AND (n.id IS NULL OR n.id = '') RETURN count(n) AS count`,
    );
    expect(missing).toEqual([{ count: 0 }]);
    const duplicated = await rows(`
      MATCH (n) WHERE n.id IS NOT NULL WITH n.id AS id, count(*) AS copies WHERE copies > 1 RETURN id`);
    expect(duplicated).toEqual([]);
  });
});

describe('provenance on every relationship', () => {
  it('every relationship has a sourceId naming a Source node, a quote, and a known stance', async () => {
    const offenders = await rows(
      `MATCH (a)-[r]->(b)
       OPTIONAL MATCH (s:Source {id: r.sourceId})
       WITH a, r, b, s
       WHERE s IS NULL OR coalesce(r.quote, '') = '' OR NOT r.stance IN $stances
       RETURN a.id AS from, type(r) AS type, b.id AS to`,
      { stances: STANCES },
    );
    expect(offenders).toEqual([]);
  });

  it('every claim and denial names who claims or denies it', async () => {
    const unattributed = await rows(`
      MATCH (a)-[r]->(b)
      WHERE r.stance IN ['claim', 'denial'] AND coalesce(r.claimedBy, '') = ''
      RETURN a.id AS from, type(r) AS type, b.id AS to`);
    expect(unattributed).toEqual([]);
  });

  it('every quote from the article is a verbatim passage of it', async () => {
    const article = readFileSync(ARTICLE_PATH, 'utf8');
    const quoted = await rows(
      `MATCH (a)-[r {sourceId: $sourceId}]->(b)
       RETURN a.id AS from, type(r) AS type, b.id AS to, r.quote AS quote`,
      { sourceId: ARTICLE_SOURCE_ID },
    );
    expect(quoted.length).toBeGreaterThan(40);
    const notInArticle = quoted.filter((row) => !article.includes(String(row.quote)));
    expect(notInArticle).toEqual([]);
  });

  it('every quote from another source with a stored text is a passage of that text', async () => {
    const quoted = await rows(
      `MATCH (a)-[r]->(b)
       MATCH (s:Source {id: r.sourceId})
       WHERE s.id <> $sourceId
       RETURN s.id AS source, s.text AS text, s.textFile AS textFile, r.quote AS quote`,
      { sourceId: ARTICLE_SOURCE_ID },
    );
    expect(quoted.length).toBeGreaterThan(0);
    for (const row of quoted) {
      const text = row.textFile
        ? readFileSync(join(CYPHER_DIR, String(row.textFile)), 'utf8')
        : String(row.text);
      expect(text).toContain(String(row.quote));
    }
  });
});

describe('the analyst note (cypher/30-analyst-note-belarus-iran.cypher)', () => {
  it('corroborates the memorandum: a second, keyed relationship beside the article’s, citing a dated public report', async () => {
    const signed = await rows(`
      MATCH (:Person {id: 'person:viktor-khrenin'})-[s:SIGNED]->(:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
      RETURN s.sourceId AS source, s.citedUrl AS url, toString(s.citedDate) AS cited ORDER BY source`);
    expect(signed).toEqual([
      {
        source: 'source:analyst-note-belarus-iran-2023',
        url: 'https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation',
        cited: '2023-07-31',
      },
      { source: ARTICLE_SOURCE_ID, url: null, cited: null },
    ]);
  });

  it('adds what the article does not say, with dates: the 2023 cooperation plan and the ministries bound', async () => {
    const found = await rows(`
      MATCH (o:Organisation)-[r:PARTY_TO]->(:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
      RETURN o.name AS party ORDER BY party`);
    expect(found).toEqual([
      { party: 'Ministry of Defence and Armed Forces Logistics' },
      { party: 'Ministry of Defence of Belarus' },
    ]);
    const [plan] = await rows(`
      MATCH (a:Agreement {id: 'agreement:belarus-iran-military-cooperation-plan-2023'})
      RETURN toString(a.date) AS date, COUNT { (:Person)-[:SIGNED]->(a) } AS signatures`);
    expect(plan).toEqual({ date: '2023-07-31', signatures: 2 });
  });

  it('records Iran’s denial beside the article’s report, and a claim and its denial from one note keyed by party', async () => {
    const supplies = await rows(`
      MATCH (:State {id: 'state:iran'})-[r:SUPPLIES]->(:State {id: 'state:russia'})
      RETURN r.stance AS stance, r.claimedBy AS by ORDER BY stance`);
    expect(supplies).toEqual([
      { stance: 'denial', by: 'state:iran' },
      { stance: 'reported', by: null },
    ]);
    const factory = await rows(`
      MATCH (:State {id: 'state:iran'})-[r:HELPS_BUILD_DRONE_FACTORY_FOR]->(:State {id: 'state:russia'})
      RETURN r.stance AS stance, r.claimedBy AS by, r.citedOutlet AS outlet ORDER BY stance`);
    expect(factory).toEqual([
      { stance: 'claim', by: 'state:united-states', outlet: 'The Daily Beast' },
      { stance: 'denial', by: 'person:nasser-kanaani', outlet: 'Xinhua' },
    ]);
  });

  it('cites every report it paraphrases by outlet, date and URL', async () => {
    const reports = await rows(`
      MATCH (:Source {id: 'source:analyst-note-belarus-iran-2023'})-[:CITES]->(r:Source)
      RETURN r.outlet AS outlet, r.date IS NOT NULL AS dated, r.url STARTS WITH 'http' AS linked`);
    expect(reports).toHaveLength(10);
    expect(reports.every((r) => r.dated && r.linked)).toBe(true);
  });
});

describe('the analyst follow-up (cypher/20-analyst-follow-up.cypher)', () => {
  it('adds the ministry Ashtiani heads, as part of Iran, from an analyst note', async () => {
    const found = await rows(`
      MATCH (:Person {id: 'person:mohammad-reza-ashtiani'})-[h:HOLDS_OFFICE]->(m:Organisation {id: 'org:iran-modafl'})
            -[p:PART_OF]->(:State {id: 'state:iran'})
      MATCH (s:Source {id: h.sourceId})
      RETURN m.name AS ministry, s.kind AS kind, p.sourceId = h.sourceId AS sameSource`);
    expect(found).toEqual([
      {
        ministry: 'Ministry of Defence and Armed Forces Logistics',
        kind: 'analyst note',
        sameSource: true,
      },
    ]);
  });
});

describe('search (the entity_search full-text index)', () => {
  async function search(query: string): Promise<string[]> {
    const found = await rows(
      `CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node
       RETURN node.id AS id LIMIT 5`,
      { query },
    );
    return found.map((row) => String(row.id));
  }

  it('is a standard-folding index over names, titles and the aliases list', async () => {
    const [index] = await rows(`
      SHOW FULLTEXT INDEXES YIELD name, properties, options
      WHERE name = 'entity_search'
      RETURN properties, options.indexConfig['fulltext.analyzer'] AS analyzer`);
    expect(index).toEqual({
      properties: ['name', 'title', 'aliases'],
      analyzer: 'standard-folding',
    });
  });

  it.each([
    ['Хренін', 'person:viktor-khrenin'],
    ['Хрэнін', 'person:viktor-khrenin'],
    ['khrenin', 'person:viktor-khrenin'],
    ['Khrenin~', 'person:viktor-khrenin'],
    ['belarus', 'state:belarus'],
    ['محمد باقری', 'person:mohammad-bagheri'],
    ['Mohammed Reza Ashtiani', 'person:mohammad-reza-ashtiani'],
    ['Ashtiāni', 'person:mohammad-reza-ashtiani'],
    ['تهران', 'place:tehran'],
    ['Lukashenka', 'person:alexander-lukashenko'],
  ])('when searching "%s", then the best match is %s', async (query, id) => {
    expect((await search(query))[0]).toBe(id);
  });
});

describe('re-running the seed files', () => {
  it('when the files are loaded again, then nodes, relationships and properties are unchanged', async () => {
    const before = await graphSize();
    await loadSeeds(db);
    const after = await graphSize();
    expect(after).toEqual(before);
    expect(before.nodes).toBeGreaterThan(25);
    expect(before.relationships).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------- saved questions

interface SavedQuery {
  name: string;
  title: string;
  description: string;
  params: { name: string; type: string; defaultValue: unknown }[];
  cypher: string;
}

const PARAM_LINE =
  /^\/\/ param: (\w+) (string|integer|float|boolean|date)(?: default=(.+?))? - .+$/;

function readSavedQuery(file: string): SavedQuery {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header: string[] = [];
  while (lines[0]?.startsWith('// ')) header.push(lines.shift() ?? '');
  const field = (key: string) =>
    header.find((line) => line.startsWith(`// ${key}: `))?.slice(`// ${key}: `.length) ?? '';
  const params = header
    .filter((line) => line.startsWith('// param: '))
    .map((line) => {
      const match = PARAM_LINE.exec(line);
      if (!match) throw new Error(`${basename(file)}: malformed param line: ${line}`);
      const [, name = '', type = '', defaultJson] = match;
      return {
        name,
        type,
        defaultValue: defaultJson === undefined ? undefined : JSON.parse(defaultJson),
      };
    });
  return {
    name: basename(file, '.cypher'),
    title: field('title'),
    description: field('description'),
    params,
    cypher: lines.join('\n').trim().replace(/;$/, ''),
  };
}

const savedQueries = readdirSync(QUERIES_DIR)
  .filter((name) => name.endsWith('.cypher'))
  .sort()
  .map((name) => readSavedQuery(join(QUERIES_DIR, name)));

function withDefaults(query: SavedQuery, given: Record<string, unknown> = {}) {
  const params: Record<string, unknown> = {};
  for (const param of query.params) {
    const value = given[param.name] ?? param.defaultValue;
    params[param.name] = param.type === 'integer' ? neo4j.int(Number(value)) : value;
  }
  return params;
}

async function runSaved(name: string, given: Record<string, unknown> = {}): Promise<Row[]> {
  const query = savedQueries.find((q) => q.name === name);
  if (!query) throw new Error(`no saved query ${name}`);
  return rows(query.cypher, withDefaults(query, given));
}

describe('saved questions (cypher/queries)', () => {
  it('ships the five questions analysts ask', () => {
    expect(savedQueries.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        'who-backs',
        'what-links',
        'agreements-of-state',
        'claims-by',
        'person-neighbourhood',
      ]),
    );
  });

  it.each(savedQueries.map((q) => [q.name, q] as const))(
    '%s has a title, a description, typed parameters with defaults, and is read-only',
    async (_name, query) => {
      expect(query.title).not.toBe('');
      expect(query.description).not.toBe('');
      for (const param of query.params) expect(param.defaultValue).toBeDefined();
      const plan = await db.read((tx) => tx.run(`EXPLAIN ${query.cypher}`, withDefaults(query)));
      expect(plan.summary.queryType).toBe('r');
    },
  );

  it('who-backs Russia includes Iran, with the evidence', async () => {
    const found = await runSaved('who-backs');
    expect(found).toContainEqual(
      expect.objectContaining({
        backer: 'Iran',
        support: 'BACKS',
        stance: 'reported',
        sourceId: ARTICLE_SOURCE_ID,
      }),
    );
    expect(found.every((row) => row.path !== null)).toBe(true);
  });

  it('who-backs finds the state by an alias in another script, whatever the case', async () => {
    const found = await runSaved('who-backs', { state: 'РОССИЯ' });
    expect(found.map((row) => row.backer)).toContain('Iran');
  });

  it('what-links Khrenin to Putin finds a path within 4 hops', async () => {
    const found = await runSaved('what-links');
    expect(found.length).toBeGreaterThan(0);
    for (const row of found) {
      expect(Number(row.hops)).toBeLessThanOrEqual(4);
      expect(row.via).toEqual(expect.arrayContaining(['Viktor Khrenin', 'Vladimir Putin']));
    }
  });

  it('what-links reports nothing when the shortest path is longer than maxHops', async () => {
    const found = await runSaved('what-links', {
      from: 'Critical Threats Project',
      to: 'An Alliance of Evil',
      maxHops: 1,
    });
    expect(found).toEqual([]);
  });

  it('agreements-of-state Belarus returns the memorandum with both signatories', async () => {
    const found = await runSaved('agreements-of-state');
    // The memorandum once, however many sources name Belarus a party; the plan beside it.
    expect(found).toHaveLength(2);
    expect(found.find((row) => String(row.name).includes('memorandum'))).toMatchObject({
      name: 'Belarus–Iran defence memorandum of understanding',
      status: 'signed',
      details: 'unclear',
      signatories: expect.arrayContaining(['Viktor Khrenin', 'Mohammad Reza Ashtiani']),
      otherParties: ['Iran'],
    });
  });

  it('claims-by the Critical Threats Project returns its claims and nothing else', async () => {
    const found = await runSaved('claims-by');
    expect(found.map((row) => row.relationship).sort()).toEqual(['MAY_BE_BUILT_IN', 'MAY_CONCERN']);
    expect(found.every((row) => row.stance === 'claim')).toBe(true);
  });

  it('claims-by a source id returns everything that source supports', async () => {
    const found = await runSaved('claims-by', { party: 'source:analyst-note-modafl-2023' });
    expect(found.map((row) => row.relationship).sort()).toEqual(['HOLDS_OFFICE', 'PART_OF']);
  });

  it('person-neighbourhood of Khrenin within 2 hops reaches Belarus, Russia and Bagheri', async () => {
    const found = await runSaved('person-neighbourhood');
    const byName = new Map(found.map((row) => [row.neighbour, row.distance]));
    expect(byName.get('Belarus')).toBe(1);
    expect(byName.get('Russia')).toBe(2);
    expect(byName.get('Mohammad Bagheri')).toBe(2);
    expect(Math.max(...found.map((row) => Number(row.distance)))).toBe(2);
  });

  it('person-neighbourhood never looks further than 3 hops, whatever is asked', async () => {
    const found = await runSaved('person-neighbourhood', { person: 'Хренін', hops: 9 });
    expect(Math.max(...found.map((row) => Number(row.distance)))).toBe(3);
  });

  it('events-in-period lists the visit, the signing and the meeting in date order', async () => {
    const found = await runSaved('events-in-period');
    expect(found.map((row) => row.name)).toEqual([
      'Khrenin’s visit to Tehran',
      'Signing of the Belarus–Iran defence memorandum',
      'Khrenin–Bagheri meeting',
    ]);
  });
});

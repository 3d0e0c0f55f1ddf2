import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue, QueryResponse } from '../../server/api-types.ts';
import { ConsoleRepository } from '../../server/repositories/console-repository.ts';
import { useAnalystServer } from '../support/analyst-app.ts';
import { exportDatabase } from '../support/database-export.ts';

const app = useAnalystServer({ limits: { queryTimeoutMs: 3_000, queryRowCap: 50 } });

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, JsonValue> };
}

async function query<T = QueryResponse>(
  body: Record<string, unknown>,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.url}/api/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * Writes, schema changes, administration and file or URL reading, plainly and in disguise.
 * None may run; each must be refused with a 4xx.
 */
const ATTACKS: string[] = [
  "CREATE (:Intruder {name: 'x'})",
  "MERGE (n:Intruder {name: 'x'}) RETURN n",
  "MATCH (n:State) SET n.name = 'owned'",
  'MATCH (n:State) SET n:Owned',
  'MATCH (n:State) REMOVE n.name',
  'MATCH (n:Person) DETACH DELETE n',
  'MATCH ()-[r]->() DELETE r',
  'MATCH (n) FOREACH (x IN [1] | SET n.owned = true)',
  'MATCH (n) CALL { WITH n SET n.owned = true } IN TRANSACTIONS OF 10 ROWS',
  'MATCH (n) CALL (n) { DETACH DELETE n } IN 2 CONCURRENT TRANSACTIONS',
  'MATCH (n:State) CALL { WITH n CREATE (n)-[:OWNS]->(:Intruder) } RETURN count(*)',
  'MATCH (n) WITH n LIMIT 1 CALL { MATCH (m) DETACH DELETE m } RETURN 1',
  'MATCH (n) RETURN n UNION MATCH (m) DETACH DELETE m RETURN m AS n',
  'CREATE INDEX owned FOR (n:State) ON (n.owned)',
  'DROP CONSTRAINT person_id',
  'DROP INDEX entity_search',
  'CREATE CONSTRAINT owned FOR (n:Intruder) REQUIRE n.id IS UNIQUE',
  'SHOW USERS',
  'SHOW ROLES',
  'SHOW PRIVILEGES',
  'SHOW DATABASES',
  'SHOW SERVERS',
  'SHOW TRANSACTIONS',
  'SHOW SETTINGS',
  "CREATE USER mallory SET PASSWORD 'secret-password-1'",
  'DROP USER neo4j',
  "ALTER USER neo4j SET PASSWORD 'x'",
  'CREATE ROLE owners',
  'GRANT ROLE admin TO mallory',
  'DENY MATCH {*} ON GRAPH * TO PUBLIC',
  'REVOKE ROLE PUBLIC FROM neo4j',
  'CREATE DATABASE owned',
  'STOP DATABASE neo4j',
  'USE system SHOW USERS',
  'USE system MATCH (n) RETURN n',
  'CALL { USE system RETURN 1 AS x } RETURN x',
  "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
  'CALL dbms.components()',
  'CALL dbms.listConfig()',
  'CALL dbms.security.listUsers()',
  "CALL db.createLabel('Intruder')",
  "CALL db.createProperty('owned')",
  'CALL db.clearQueryCaches()',
  "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
  "LOAD CSV WITH HEADERS FROM 'https://example.org/data.csv' AS row RETURN row",
  "CALL apoc.load.json('file:///etc/passwd')",
  "CALL apoc.import.csv([{fileName: 'file:///etc/passwd', labels: ['X']}], [], {})",
  "CALL apoc.cypher.runFile('evil.cypher')",
  "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
  "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) DETACH DELETE n', {})",
  // Hidden behind comments, whitespace, case and look-alikes.
  '/* harmless */ cReAtE (:Intruder)',
  '// a comment\nMATCH (n:State)\n\n\tSET\tn.owned = true',
  'MATCH (n:State) /* SET? */ SET /* yes */ n.owned = true',
  'match (n:State) detach\ndelete n',
  'sHoW   uSeRs',
  'ＣＲＥＡＴＥ (:Intruder)',
  'ＳＨＯＷ ＵＳＥＲＳ',
  'CALL ｄｂｍｓ.components()',
  'ＬＯＡＤ ＣＳＶ FROM "file:///etc/passwd" AS l RETURN l',
  'CALL `dbms`.`components`()',
  'CALL `apoc.load.json`("file:///etc/passwd")',
  'CALL dbms /* split */ . components()',
  // A second statement after a semicolon.
  'MATCH (n) RETURN n; MATCH (m) DETACH DELETE m',
  'RETURN 1; CREATE (:Intruder)',
  'RETURN 1;\n// then\nSHOW USERS',
  'MATCH (n) RETURN count(n) ; ; DROP INDEX entity_search',
  // Prefixed forms.
  'EXPLAIN CREATE (:Intruder)',
  'PROFILE MATCH (n:State) SET n.owned = true',
  'CYPHER 5 CREATE (:Intruder)',
  'CYPHER runtime=slotted MATCH (n) DETACH DELETE n',
];

describe('POST /api/query refuses everything but reading', () => {
  let before: string;

  beforeAll(async () => {
    before = await exportDatabase(app.db, { schema: true });
  });

  it(`has at least 60 attempts to write, administer or read files`, () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(ATTACKS)('when the console is sent %j, then it is refused with a 4xx', async (cypher) => {
    const { status, body } = await query<ErrorBody>({ cypher });
    expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.error.code).toMatch(
      /^(QUERY_NOT_READ_ONLY|QUERY_NOT_ALLOWED|CYPHER_SYNTAX_ERROR|CYPHER_ERROR)$/,
    );
  });

  it('when every attempt has been made, then the database is unchanged, byte for byte', async () => {
    expect(await exportDatabase(app.db, { schema: true })).toBe(before);
  });

  it('when a write gets past the plan check, then the READ transaction still refuses it with 403', async () => {
    const repository = new ConsoleRepository(app.db);
    const slipped = repository.run({
      cypher: "CREATE (:Intruder {name: 'slipped'})",
      explainCypher: "EXPLAIN CREATE (:Intruder {name: 'slipped'})",
      explainAt: 0,
      params: {},
      rowCap: 10,
      byteCap: 1_000_000,
      timeoutMs: 5_000,
      vetPlan: () => {},
    });
    await expect(slipped).rejects.toMatchObject({ status: 403, code: 'QUERY_NOT_READ_ONLY' });
    expect(await exportDatabase(app.db, { schema: true })).toBe(before);
  });

  it('when a write or admin command is refused, then it is a 403 saying why', async () => {
    const write = await query<ErrorBody>({ cypher: "CREATE (:Intruder {name: 'x'})" });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('QUERY_NOT_READ_ONLY');
    expect(write.body.error.message).toMatch(/read-only/);
    const admin = await query<ErrorBody>({ cypher: 'SHOW USERS' });
    expect(admin.status).toBe(403);
    expect(admin.body.error.code).toBe('QUERY_NOT_ALLOWED');
    expect(admin.body.error.message).toMatch(/Administration/);
    const file = await query<ErrorBody>({
      cypher: "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    });
    expect(file.status).toBe(403);
    expect(file.body.error.message).toMatch(/LOAD CSV/);
  });
});

describe('POST /api/query runs reads, including ones that merely mention forbidden words', () => {
  const innocent: string[] = [
    "RETURN 'CREATE (n) SET n.x = 1; DETACH DELETE n' AS text",
    "RETURN 'SHOW USERS' AS a, \"USE system\" AS b, 'LOAD CSV FROM file:///etc/passwd' AS c",
    'MATCH (n:State) RETURN n.name AS `CREATE`, n.id AS `DROP DATABASE neo4j` LIMIT 1',
    'MATCH (n:State) // DETACH DELETE n\nRETURN n.name LIMIT 1',
    'MATCH (n:State) /* CALL dbms.components() */ RETURN n.name LIMIT 1',
    "MATCH (n) WHERE n.name CONTAINS 'dbms.components()' RETURN n",
    'MATCH (n:State) RETURN n {.name, set: 1, delete: 2, load: 3} AS m LIMIT 1',
    'WITH 1 AS start RETURN start',
    'MATCH (n:State) RETURN n.name ORDER BY n.name LIMIT 3;',
    'CALL db.labels() YIELD label RETURN label',
    "CALL db.index.fulltext.queryNodes('entity_search', 'iran') YIELD node RETURN node.name",
    'SHOW INDEXES YIELD name RETURN name',
    'EXPLAIN MATCH (n) RETURN n',
    'PROFILE MATCH (n:State) RETURN n.name',
    'CYPHER 5 MATCH (n:State) RETURN count(n) AS states',
  ];

  it.each(innocent)('when the console is sent %j, then it runs', async (cypher) => {
    const { status, body } = await query({ cypher });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.summary.queryType).toBe('r');
  });

  it('when a query returns nodes, relationships and paths nested in lists and maps, then all of them are in graph', async () => {
    const { status, body } = await query({
      cypher: `MATCH p = (a:State)-[r:BACKS]->(b:State)
               RETURN a.name AS backer, {deep: [b]} AS nested, [p] AS paths`,
    });
    expect(status).toBe(200);
    expect(body.columns).toEqual(['backer', 'nested', 'paths']);
    expect(body.rows).toContainEqual(['Iran', expect.anything(), expect.anything()]);
    const captions = body.graph.nodes.map((n) => n.caption);
    expect(captions).toEqual(expect.arrayContaining(['Iran', 'Russia']));
    expect(body.graph.edges.some((e) => e.type === 'BACKS')).toBe(true);
  });

  it('when a query returns only relationships, then their end nodes are in graph too', async () => {
    const { body } = await query({ cypher: 'MATCH ()-[r:SATELLITE_OF]->() RETURN r' });
    expect(body.graph.edges).toHaveLength(1);
    const ids = body.graph.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([body.graph.edges[0]?.source, body.graph.edges[0]?.target]),
    );
  });

  it('when more rows exist than the cap, then the answer stops at the cap and says it was truncated', async () => {
    const capped = await query({ cypher: 'UNWIND range(1, 100000) AS i RETURN i' });
    expect(capped.body.rows).toHaveLength(50);
    expect(capped.body.summary.truncated).toBe(true);
    const lowered = await query({ cypher: 'UNWIND range(1, 100) AS i RETURN i', limit: 7 });
    expect(lowered.body.rows).toHaveLength(7);
    const exact = await query({ cypher: 'UNWIND range(1, 50) AS i RETURN i' });
    expect(exact.body.summary.truncated).toBe(false);
  });

  it('when parameters are given, then whole numbers are integers and the values are used', async () => {
    const { status, body } = await query({
      cypher: 'UNWIND range(1, 10) AS i WITH i LIMIT $n RETURN count(*) AS c, $name AS name',
      params: { n: 3, name: 'Belarus' },
    });
    expect(status).toBe(200);
    expect(body.rows).toEqual([[3, 'Belarus']]);
  });

  it('when values are temporal, spatial or huge integers, then they come back as plain JSON', async () => {
    const { body } = await query({
      cypher:
        "RETURN date('2023-07-31') AS d, datetime('2023-08-01T10:00:00Z') AS dt, point({x: 1, y: 2}) AS p, 9007199254740993 AS big",
    });
    expect(body.rows[0]).toEqual([
      '2023-07-31',
      '2023-08-01T10:00:00Z',
      { x: 1, y: 2, srid: 7203 },
      '9007199254740993',
    ]);
  });

  it('when the planner has something to say, then its notifications come back', async () => {
    const { body } = await query({ cypher: 'MATCH (n:NoSuchLabel) RETURN n' });
    expect(body.summary.notifications).toContainEqual(
      expect.objectContaining({ code: 'Neo.ClientNotification.Statement.UnknownLabelWarning' }),
    );
    expect(body.summary.notifications[0]).toEqual({
      code: expect.any(String),
      title: expect.any(String),
      description: expect.any(String),
    });
  });

  it('when the ledger is queried, then its nodes never appear', async () => {
    await app.db.write((tx) => tx.run("MERGE (:__SeedFile {name: 'probe.cypher'})"));
    try {
      const { body } = await query({ cypher: 'MATCH (n) RETURN n' });
      expect(body.graph.nodes.some((n) => n.labels.some((l) => l.startsWith('__')))).toBe(false);
    } finally {
      await app.db.write((tx) => tx.run("MATCH (n:__SeedFile {name: 'probe.cypher'}) DELETE n"));
    }
  });
});

describe('POST /api/query reports mistakes clearly', () => {
  it("when the Cypher has a syntax error, then 400 with Neo4j's message and the position in the user's text", async () => {
    const { status, body } = await query<ErrorBody>({
      cypher: 'MATCH (n)\nWHERE n.name = = 1\nRETURN n',
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('CYPHER_SYNTAX_ERROR');
    expect(body.error.message).toMatch(/Invalid input/);
    expect(body.error.message).not.toMatch(/EXPLAIN/);
    expect(body.error.details).toMatchObject({ line: 2, column: 16 });
  });

  it('when the syntax error is on the first line, then its column is in the user’s text, not ours', async () => {
    const { body } = await query<ErrorBody>({ cypher: 'MATCH (n RETURN n' });
    expect(body.error.details).toMatchObject({ line: 1, column: 10, offset: 9 });
  });

  it('when the query runs too long, then it is stopped with 408', async () => {
    const started = Date.now();
    const { status, body } = await query<ErrorBody>({
      cypher:
        'UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a, b WHERE a + b < 0 RETURN count(*)',
    });
    expect(status).toBe(408);
    expect(body.error.code).toBe('QUERY_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('when the body is malformed, then 400 names the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^cypher:/],
      [{ cypher: '' }, /^cypher:/],
      [{ cypher: 'RETURN 1', limit: 0 }, /^limit:/],
      [{ cypher: 'RETURN 1', params: [] }, /^params:/],
      [{ cypher: 'RETURN 1', extra: true }, /^extra:/],
    ];
    for (const [body, message] of cases) {
      const response = await query<ErrorBody>(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('INVALID_REQUEST');
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('when a runtime error happens, then it is a 400 with Neo4j’s message, not a 500', async () => {
    const { status, body } = await query<ErrorBody>({ cypher: 'RETURN 1 / 0 AS x' });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/divide by zero|by zero/i);
  });
});

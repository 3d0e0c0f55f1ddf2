import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { isDeniedCallable, vetConsoleText, vetPlan } from '../../server/services/console-guard.ts';

function refusal(run: () => unknown): { code: string; reason: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof AppError && error.status === 403) {
      return { code: error.code, reason: (error.details as { reason: string }).reason };
    }
    throw error;
  }
}

describe('console guard: text', () => {
  const refused = [
    ['MATCH (n) RETURN n; MATCH (m) DETACH DELETE m', 'multiple-statements'],
    ['RETURN 1;;', 'multiple-statements'],
    ['SHOW USERS', 'administration'],
    ['show   current\tuser', 'administration'],
    ['SHOW ROLES YIELD role', 'administration'],
    ['SHOW ALL PRIVILEGES', 'administration'],
    ['SHOW DATABASES', 'administration'],
    ['SHOW SERVERS', 'administration'],
    ['SHOW TRANSACTIONS', 'administration'],
    ['SHOW SETTINGS', 'administration'],
    ['CREATE USER mallory SET PASSWORD "x"', 'administration'],
    ['CREATE OR REPLACE DATABASE x', 'administration'],
    ['DROP ROLE admin', 'administration'],
    ['ALTER USER neo4j SET PASSWORD "x"', 'administration'],
    ['GRANT ROLE admin TO mallory', 'administration'],
    ['DENY READ {*} ON GRAPH * TO x', 'administration'],
    ['REVOKE ROLE admin FROM x', 'administration'],
    ['STOP DATABASE neo4j', 'administration'],
    ['TERMINATE TRANSACTIONS "neo4j-transaction-1"', 'administration'],
    ['USE system SHOW USERS', 'use-database'],
    ['CALL { USE system RETURN 1 AS x } RETURN x', 'use-database'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'load-csv'],
    ["load\n\tcsv WITH HEADERS FROM 'https://example.org/x.csv' AS l RETURN l", 'load-csv'],
    ['MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS RETURN 1', 'in-transactions'],
    ['CALL dbms.components()', 'procedure'],
    ['CALL dbms.security.listUsers()', 'procedure'],
    ['CALL `dbms`.`components`()', 'procedure'],
    ['CALL `dbms.components`()', 'procedure'],
    ['CALL dbms /* hidden */ . components()', 'procedure'],
    ['CALL ｄｂｍｓ.components()', 'procedure'],
    ["CALL apoc.load.json('file:///etc/passwd')", 'procedure'],
    ["RETURN apoc.cypher.runFile('x.cypher')", 'procedure'],
    ["CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", 'procedure'],
    ['CALL apoc.import.csv([], [], {})', 'procedure'],
    ['CALL db.createLabel("X")', 'procedure'],
    ['ＳＨＯＷ ＵＳＥＲＳ', 'administration'],
  ] as const;

  it.each(refused)('when the console is sent %j, then it is refused (%s)', (cypher, reason) => {
    expect(refusal(() => vetConsoleText(cypher))?.reason).toBe(reason);
  });

  const allowed = [
    'MATCH (n) RETURN n',
    "MATCH (n) WHERE n.note = 'SHOW USERS; DROP DATABASE neo4j' RETURN n",
    'MATCH (n) RETURN n.name AS `LOAD CSV`, n.title AS `USE system`',
    'MATCH (n) // CALL dbms.components()\nRETURN n',
    'MATCH (n) /* CREATE USER x */ RETURN n',
    'MATCH (use:User) RETURN use',
    'MATCH (start)-->(stop) RETURN start, stop',
    'MATCH (n) RETURN n.show, n.load, n.grant',
    'SHOW INDEXES',
    'SHOW FULLTEXT INDEXES YIELD name',
    'SHOW USER DEFINED FUNCTIONS',
    'SHOW PROCEDURES',
    'CALL db.labels()',
    "CALL db.index.fulltext.queryNodes('entity_search', 'iran')",
    'RETURN 1;',
    'CYPHER 5 MATCH (n) RETURN n',
  ];

  it.each(allowed)('when the console is sent %j, then the text check lets it through', (cypher) => {
    expect(refusal(() => vetConsoleText(cypher))).toBeNull();
  });

  it('when EXPLAIN is put in front, then it goes after CYPHER options and replaces PROFILE', () => {
    expect(vetConsoleText('MATCH (n) RETURN n')).toEqual({
      explainCypher: 'EXPLAIN MATCH (n) RETURN n',
      explainAt: 0,
    });
    expect(vetConsoleText('CYPHER 5 PROFILE MATCH (n) RETURN n').explainCypher).toBe(
      'CYPHER 5 EXPLAIN         MATCH (n) RETURN n',
    );
  });
});

describe('console guard: plan', () => {
  it('when the plan is not read-only, then it is refused as not read-only', () => {
    for (const queryType of ['w', 'rw', 's']) {
      expect(refusal(() => vetPlan(queryType, []))).toEqual({
        code: 'QUERY_NOT_READ_ONLY',
        reason: 'write',
      });
    }
  });

  it('when the plan reads files, administers, or calls a denied procedure, then it is refused', () => {
    expect(
      refusal(() => vetPlan('r', [{ operatorType: 'LoadCSV@neo4j', details: 'l' }]))?.reason,
    ).toBe('load-csv');
    expect(
      refusal(() => vetPlan('r', [{ operatorType: 'ShowTransactions@neo4j', details: '' }]))
        ?.reason,
    ).toBe('administration');
    expect(
      refusal(() =>
        vetPlan('r', [
          { operatorType: 'ProcedureCall@neo4j', details: 'dbms.components() :: (name :: STRING)' },
        ]),
      )?.reason,
    ).toBe('procedure');
    expect(
      refusal(() => vetPlan('s', [{ operatorType: 'AdministrationCommand@system', details: '' }]))
        ?.reason,
    ).toBe('administration');
  });

  it('when the plan only reads, then it passes', () => {
    expect(
      refusal(() =>
        vetPlan('r', [
          { operatorType: 'ProduceResults@neo4j', details: 'label' },
          { operatorType: 'ProcedureCall@neo4j', details: 'db.labels() :: (label :: STRING)' },
          { operatorType: 'ShowIndexes@neo4j', details: 'allIndexes' },
        ]),
      ),
    ).toBeNull();
  });

  it('when a name is checked, then dbms, file-reading and Cypher-running procedures are denied', () => {
    expect(isDeniedCallable('dbms.listConfig')).toBe(true);
    expect(isDeniedCallable('APOC.LOAD.JSON')).toBe(true);
    expect(isDeniedCallable('db.labels')).toBe(false);
    expect(isDeniedCallable('apoc.coll.sum')).toBe(false);
  });
});

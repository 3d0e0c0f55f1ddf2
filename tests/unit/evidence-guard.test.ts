import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findUnkeyedEvidence } from '../../server/seed/evidence-guard.ts';
import { parseSeedText, type SeedStatement } from '../../server/cypher/statement-splitter.ts';
import { seedFiles } from '../support/seed-fixture.ts';

const MATCH_AB = "MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})\n";

/** The text the guard points at in `statement`. */
function pointedAt(statement: string): string | undefined {
  const found = findUnkeyedEvidence(statement);
  return found && statement.slice(found.offset).split(/[\s:=]/)[0];
}

describe('the evidence guard', () => {
  it('when a MERGE is keyed on sourceId and SETs the rest, then it passes', () => {
    expect(
      findUnkeyedEvidence(
        `${MATCH_AB}MERGE (a)-[r:BACKS {sourceId: 's1'}]->(b) SET r += {quote: 'q', stance: 'reported'}`,
      ),
    ).toBeUndefined();
  });

  it('when a MERGE without sourceId SETs evidence in a map, then it points at the first evidence key', () => {
    const statement = `${MATCH_AB}MERGE (a)-[r:BACKS]->(b)\nSET r += {role: 'x', sourceId: 's2', quote: 'q', stance: 'claim'}`;
    const found = findUnkeyedEvidence(statement);
    expect(pointedAt(statement)).toBe('sourceId');
    expect(found?.message).toMatch(/MERGE of `r` is not keyed on sourceId/);
    expect(found?.message).toMatch(/MERGE \(a\)-\[r:TYPE \{sourceId: '…'\}\]->\(b\)/);
  });

  it('when evidence is set property by property, in ON CREATE SET, or inline in the MERGE pattern, then each is refused', () => {
    expect(pointedAt(`${MATCH_AB}MERGE (a)-[r:BACKS]->(b) SET r.role = 'x', r.quote = 'q'`)).toBe(
      'quote',
    );
    expect(
      pointedAt(`${MATCH_AB}MERGE (a)-[rel:BACKS]->(b) ON CREATE SET rel.stance = 'claim'`),
    ).toBe('stance');
    expect(pointedAt(`${MATCH_AB}MERGE (a)-[r:BACKS {quote: 'q'}]->(b)`)).toBe('quote');
    expect(pointedAt(`${MATCH_AB}MERGE (a)-[:BACKS {stance: 'claim', x: 1}]->(b)`)).toBe('stance');
  });

  it('when a MATCHed relationship gets evidence, then it is refused unless its pattern names its source', () => {
    const statement = "MATCH (:State)-[r:BACKS]->(:State) SET r.quote = 'overwritten'";
    expect(pointedAt(statement)).toBe('quote');
    expect(findUnkeyedEvidence(statement)?.message).toMatch(/MATCHed relationship `r`/);
    expect(
      findUnkeyedEvidence("MATCH ()-[r:BACKS {sourceId: 's1'}]->() SET r.quote = 'fixed typo'"),
    ).toBeUndefined();
  });

  it('when evidence is only read, compared, or set on nodes or on CREATEd relationships, then it passes', () => {
    for (const statement of [
      "MATCH ()-[r:BACKS]->() WHERE r.stance = 'claim' RETURN r.quote",
      "MERGE (s:Source {id: 's'}) SET s += {quote: 'a node may hold anything', stance: 'x'}",
      "MATCH (a), (b) CREATE (a)-[r:BACKS {quote: 'q'}]->(b) SET r.stance = 'claim'",
      "MATCH (a)-[r:BACKS]->(b) SET r.weight = 2, a.quote = 'node'",
      "MERGE (a)-[r:BACKS]->(b) SET r += {note: 'stance: claim', text: \"quote: 'x'\"}",
      "CREATE (m:Movie {title: 'The Matrix'}) CREATE (k:Person {name: 'Keanu'})-[:ACTED_IN {roles: ['Neo']}]->(m)",
    ]) {
      expect(findUnkeyedEvidence(statement), statement).toBeUndefined();
    }
  });

  it('when the seed files of cypher/ are checked, then every statement passes', () => {
    for (const file of seedFiles()) {
      const statements = parseSeedText(readFileSync(file, 'utf8')).filter(
        (item): item is SeedStatement => item.kind === 'statement',
      );
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(findUnkeyedEvidence(statement.text), `${file}:${statement.line}`).toBeUndefined();
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { analyseStatement } from '../../server/seed/statement-analysis.ts';

const commutesBy = (text: string) => analyseStatement(text).commutesBy;

describe('statements that only write relationships of one type', () => {
  it('when a statement MATCHes two nodes and MERGEs a keyed relationship between them, then it is read as writing that type', () => {
    expect(
      commutesBy(
        "MATCH (a:Person {id: 'p1'}), (b:State {id: 's1'}) MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'x'}]->(b) SET r.stance = 'reported', r.date = date('2023-07-31')",
      ),
    ).toBe('HOLDS_OFFICE');
    expect(
      commutesBy(
        "MATCH (a:Person {id: 'p1'})\nMATCH (b:State {id: 's1'})\nMERGE (a)<-[r:`LED BY`]-(b) ON CREATE SET r += {n: 1}",
      ),
    ).toBe('LED BY');
  });

  it('when a statement writes nodes, reads other relationships or does more than one write, then it is not', () => {
    const not = [
      // The MERGE pattern would create a node.
      "MATCH (a:Person {id: 'p1'}) MERGE (a)-[r:KNOWS {sourceId: 'x'}]->(b:Person {id: 'p2'})",
      // A node property is written.
      "MATCH (a:Person {id: 'p1'}), (b:State {id: 's1'}) MERGE (a)-[r:T {sourceId: 'x'}]->(b) SET a.seen = 1",
      // The MATCH reads relationships.
      "MATCH (a:Person {id: 'p1'})-[:KNOWS]->(b:Person) MERGE (a)-[r:T {sourceId: 'x'}]->(b)",
      // A WHERE could read anything.
      "MATCH (a:Person), (b:State) WHERE exists((a)--()) MERGE (a)-[r:T {sourceId: 'x'}]->(b)",
      // A pattern inside the SET reads relationships.
      "MATCH (a:Person {id: 'p1'}), (b:State {id: 's1'}) MERGE (a)-[r:T {sourceId: 'x'}]->(b) SET r.n = size([(a)-->() | 1])",
      // Deletes.
      "MATCH (a:Person {id: 'p1'}), (b:State {id: 's1'}) MERGE (a)-[r:T {sourceId: 'x'}]->(b) DELETE r",
      // A node MERGE.
      "MERGE (n:Person {id: 'p1'}) SET n.name = 'x'",
    ];
    for (const text of not) expect(commutesBy(text), text).toBeUndefined();
  });
});

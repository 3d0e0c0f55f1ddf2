import neo4j, { type Node, type Relationship } from 'neo4j-driver';
import type { Database } from '../db/database.ts';
import type { NamedNode } from '../db/evidence-edges.ts';
import { captionOf, isHiddenRelationship, toGraphNode, toNumber } from '../db/value-mapper.ts';
import type { GraphNode } from '../api-types.ts';
import { databaseLabels } from './graph-schema.ts';
import { byKeyBranches } from './nodes-by-key.ts';

const NOT_HIDDEN = (v: string) => `NOT any(l IN labels(${v}) WHERE l STARTS WITH '__')`;

/** The most relationships one source's page lists. */
export const SOURCE_EVIDENCE_CAP = 5_000;

export interface SourceRow {
  node: GraphNode;
  relationships: number;
}

export interface SourceRelationshipRow {
  relationship: Relationship;
  from: GraphNode;
  to: GraphNode;
}

/** Sources as objects: the Source nodes, what rests on them, and the names evidence refers to. */
export class SourceRepository {
  constructor(
    private readonly db: Database,
    private readonly timeoutMs: number,
  ) {}

  /** Nodes by their `id` property (see namesQuery). */
  async namesOf(sourceIds: string[], claimantIds: string[]): Promise<Map<string, NamedNode>> {
    const names = new Map<string, NamedNode>();
    if (sourceIds.length === 0 && claimantIds.length === 0) return names;
    await this.db.read(async (tx) => {
      const labels = claimantIds.length > 0 ? await databaseLabels(tx) : [];
      const query = namesQuery(sourceIds, claimantIds, labels);
      if (query === null) return;
      const found = await tx.run(query, { sources: sourceIds, claimants: claimantIds });
      for (const record of found.records) {
        const node = record.get('n') as Node;
        const key = node.properties.id;
        if (typeof key !== 'string') continue;
        names.set(key, {
          key,
          elementId: node.elementId,
          name: captionOf(node.labels, node.properties as Record<string, unknown>),
        });
      }
    }, this.options());
    return names;
  }

  /** Every Source node with the number of relationships resting on it. */
  async list(): Promise<SourceRow[]> {
    return this.db.read(async (tx) => {
      const found = await tx.run(
        `CALL () {
           MATCH ()-[r]->() WHERE r.sourceId IS NOT NULL
           RETURN r.sourceId AS id, count(r) AS relationships
         }
         WITH collect([id, relationships]) AS counted
         MATCH (s:Source) WHERE ${NOT_HIDDEN('s')}
         RETURN s, coalesce(head([c IN counted WHERE c[0] = s.id | c[1]]), 0) AS relationships
         ORDER BY coalesce(s.title, s.name, s.id)`,
      );
      return found.records.map((record) => ({
        node: toGraphNode(record.get('s') as Node),
        relationships: toNumber(record.get('relationships')),
      }));
    }, this.options());
  }

  /** One source by its `id` property, with the relationships resting on it; null if none. */
  async find(
    id: string,
  ): Promise<{ node: GraphNode; relationships: SourceRelationshipRow[] } | null> {
    return this.db.read(async (tx) => {
      const found = await tx.run(
        `MATCH (s:Source) WHERE s.id = $id AND ${NOT_HIDDEN('s')} RETURN s LIMIT 1`,
        { id },
      );
      const record = found.records[0];
      if (!record) return null;
      const rels = await tx.run(
        `MATCH (a)-[r]->(b) WHERE r.sourceId = $id AND ${NOT_HIDDEN('a')} AND ${NOT_HIDDEN('b')}
         RETURN r, a, b ORDER BY elementId(r) LIMIT $cap`,
        { id, cap: neo4j.int(SOURCE_EVIDENCE_CAP) },
      );
      return {
        node: toGraphNode(record.get('s') as Node),
        relationships: rels.records
          .filter((r) => !isHiddenRelationship(r.get('r') as Relationship))
          .map((r) => ({
            relationship: r.get('r') as Relationship,
            from: toGraphNode(r.get('a') as Node),
            to: toGraphNode(r.get('b') as Node),
          })),
      };
    }, this.options());
  }

  private options() {
    return { timeoutMs: this.timeoutMs };
  }
}

/**
 * Sources by the indexed `Source.id`; claimants (any label) one label at a time (see
 * nodes-by-key.ts), and only when some evidence names one. Null when there is nothing to ask.
 */
export function namesQuery(
  sourceIds: string[],
  claimantIds: string[],
  labels: readonly string[],
): string | null {
  const parts = [
    ...(sourceIds.length > 0
      ? [`MATCH (n:Source) WHERE n.id IN $sources AND ${NOT_HIDDEN('n')} RETURN n`]
      : []),
    ...(claimantIds.length > 0 ? byKeyBranches(labels, 'claimants', true) : []),
  ];
  return parts.length === 0 ? null : `CALL () { ${parts.join(' UNION ')} } RETURN n`;
}

import { type ManagedTransaction, type Node } from 'neo4j-driver';
import type { JsonValue } from '../api-types.ts';
import type { Database } from '../db/database.ts';
import { captionOf, isHiddenNode, toJson } from '../db/value-mapper.ts';
import { quoteName } from './cypher-names.ts';

/**
 * How a saved scene meets the graph today: what its nodes and relationships are when saved
 * (a fingerprint), where they are now (by elementId, else by label and `id`; never by
 * guessing), and the relationships its report cites with the sources behind them.
 */

/** What a node or relationship was when saved. */
export interface NodeFingerprint {
  id: string;
  key: string | null;
  labels: string[];
  caption: string | null;
}
export interface RelationshipFingerprint {
  id: string;
  type: string | null;
  start: string | null;
  end: string | null;
  sourceId: string | null;
}

/** One relationship of a report, with its ends and its source. */
export interface CitedRelationship {
  id: string;
  type: string;
  start: { id: string; caption: string };
  end: { id: string; caption: string };
  properties: Record<string, JsonValue>;
  source: { id: string; title: string; url: string | null; date: string | null } | null;
}

export class SceneReferences {
  constructor(private readonly db: Database) {}

  /** What the given nodes and relationships are now, for the version's fingerprint. */
  async fingerprints(
    nodeIds: string[],
    relationshipIds: string[],
  ): Promise<{ nodes: NodeFingerprint[]; relationships: RelationshipFingerprint[] }> {
    return this.db.read(async (tx) => {
      const nodes = await tx.run(
        `UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id RETURN id, n`,
        { ids: nodeIds },
      );
      const relationships = await tx.run(
        `UNWIND $ids AS id MATCH ()-[r]->() WHERE elementId(r) = id
         RETURN id, type(r) AS type, elementId(startNode(r)) AS start,
           elementId(endNode(r)) AS end, r.sourceId AS sourceId`,
        { ids: relationshipIds },
      );
      return {
        nodes: nodes.records
          .filter((r) => !isHiddenNode(r.get('n') as Node))
          .map((r) => nodeFingerprint(String(r.get('id')), r.get('n') as Node)),
        relationships: relationships.records
          .filter((r) => !String(r.get('type')).startsWith('__'))
          .map((r) => ({
            id: String(r.get('id')),
            type: String(r.get('type')),
            start: String(r.get('start')),
            end: String(r.get('end')),
            sourceId: stringOrNull(r.get('sourceId')),
          })),
      };
    });
  }

  /**
   * Finds saved nodes again: by elementId when it still names the same node (same `id`
   * property), else by label and `id`. Returns saved id → current elementId; absent = gone.
   */
  async resolveNodes(saved: NodeFingerprint[]): Promise<Map<string, string>> {
    if (saved.length === 0) return new Map();
    return this.db.read(async (tx) => {
      const found = new Map<string, string>();
      const byId = await tx.run(
        `UNWIND $refs AS ref OPTIONAL MATCH (n) WHERE elementId(n) = ref.id
         RETURN ref.id AS id, n`,
        { refs: saved.map((s) => ({ id: s.id })) },
      );
      const savedById = new Map(saved.map((s) => [s.id, s]));
      const lost: NodeFingerprint[] = [];
      for (const record of byId.records) {
        const id = String(record.get('id'));
        const node = record.get('n') as Node | null;
        const fingerprint = savedById.get(id);
        if (!fingerprint) continue;
        const key = node ? stringOrNull(node.properties.id) : null;
        if (node && !isHiddenNode(node) && (fingerprint.key === null || key === fingerprint.key)) {
          found.set(id, id);
        } else if (fingerprint.key !== null && fingerprint.labels[0]) {
          lost.push(fingerprint);
        }
      }
      await findByKey(tx, lost, found);
      return found;
    });
  }

  /** Saved relationships: by elementId, else one of the same type and source between the found ends. */
  async resolveRelationships(
    saved: RelationshipFingerprint[],
    nodes: Map<string, string>,
  ): Promise<Map<string, string>> {
    if (saved.length === 0) return new Map();
    const refs = saved
      .filter((s) => s.type !== null && s.start !== null && s.end !== null)
      .map((s) => ({
        id: s.id,
        type: s.type,
        sourceId: s.sourceId,
        start: nodes.get(s.start ?? '') ?? null,
        end: nodes.get(s.end ?? '') ?? null,
      }));
    return this.db.read(async (tx) => {
      const found = new Map<string, string>();
      const direct = await tx.run(
        `UNWIND $refs AS ref
         MATCH ()-[r]->() WHERE elementId(r) = ref.id AND type(r) = ref.type
         RETURN ref.id AS id`,
        { refs },
      );
      for (const record of direct.records) {
        const id = String(record.get('id'));
        found.set(id, id);
      }
      // The rest by their ends: each end is sought by elementId, never scanned for.
      const lost = refs.filter((r) => !found.has(r.id) && r.start !== null && r.end !== null);
      if (lost.length > 0) {
        const replaced = await tx.run(
          `UNWIND $refs AS ref
           MATCH (a) WHERE elementId(a) = ref.start
           CALL (a, ref) {
             MATCH (a)-[other]->(b) WHERE elementId(b) = ref.end AND type(other) = ref.type
               AND (ref.sourceId IS NULL OR other.sourceId = ref.sourceId)
             RETURN elementId(other) AS now LIMIT 1
           }
           RETURN ref.id AS id, now`,
          { refs: lost },
        );
        for (const record of replaced.records) {
          found.set(String(record.get('id')), String(record.get('now')));
        }
      }
      return found;
    });
  }

  /**
   * Every relationship the report cites: for each scene relationship, all relationships of
   * its type between its two ends (one per source), with the source node behind each.
   */
  async citedRelationships(relationshipIds: string[]): Promise<CitedRelationship[]> {
    if (relationshipIds.length === 0) return [];
    return this.db.read(async (tx) => {
      const result = await tx.run(
        `UNWIND $ids AS id
         MATCH (a)-[r]->(b) WHERE elementId(r) = id
         WITH DISTINCT a, b, type(r) AS type
         MATCH (a)-[p]->(b) WHERE type(p) = type
         OPTIONAL CALL (p) {
           MATCH (s:Source) WHERE p.sourceId IS NOT NULL AND s.id = p.sourceId
           RETURN s LIMIT 1
         }
         RETURN elementId(p) AS id, type, a, b, properties(p) AS properties, s`,
        { ids: relationshipIds },
      );
      return result.records
        .filter((r) => !String(r.get('type')).startsWith('__'))
        .map((r) => {
          const a = r.get('a') as Node;
          const b = r.get('b') as Node;
          const s = r.get('s') as Node | null;
          const properties = toJson(r.get('properties')) as Record<string, JsonValue>;
          return {
            id: String(r.get('id')),
            type: String(r.get('type')),
            start: { id: a.elementId, caption: nodeCaption(a) },
            end: { id: b.elementId, caption: nodeCaption(b) },
            properties,
            source: s ? sourceOf(s) : null,
          };
        });
    });
  }

  /** Captions of nodes, for sentences about notes and the scene picture. */
  async captions(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.readQuery(
      'UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id RETURN id, n',
      { ids },
    );
    return new Map(
      result.records
        .filter((r) => !isHiddenNode(r.get('n') as Node))
        .map((r) => [String(r.get('id')), nodeCaption(r.get('n') as Node)]),
    );
  }
}

/** Lost nodes looked up by label and `id`; exactly one match counts, else it stays lost. */
async function findByKey(
  tx: ManagedTransaction,
  lost: NodeFingerprint[],
  found: Map<string, string>,
): Promise<void> {
  const byLabel = new Map<string, NodeFingerprint[]>();
  for (const fingerprint of lost) {
    const label = fingerprint.labels[0] as string;
    byLabel.set(label, [...(byLabel.get(label) ?? []), fingerprint]);
  }
  for (const [label, fingerprints] of byLabel) {
    if (label.startsWith('__')) continue;
    const result = await tx.run(
      `UNWIND $refs AS ref
       MATCH (n:${quoteName(label)} {id: ref.key})
       WITH ref, collect(elementId(n)) AS ids WHERE size(ids) = 1
       RETURN ref.id AS id, ids[0] AS now`,
      { refs: fingerprints.map((f) => ({ id: f.id, key: f.key })) },
    );
    for (const record of result.records) {
      found.set(String(record.get('id')), String(record.get('now')));
    }
  }
}

function nodeCaption(node: Node): string {
  const properties = toJson(node.properties) as Record<string, JsonValue>;
  return captionOf(node.labels, properties);
}

function nodeFingerprint(id: string, node: Node): NodeFingerprint {
  return {
    id,
    key: stringOrNull(node.properties.id),
    labels: [...node.labels],
    caption: nodeCaption(node),
  };
}

function sourceOf(node: Node): CitedRelationship['source'] {
  const p = toJson(node.properties) as Record<string, JsonValue>;
  const text = (value: JsonValue | undefined) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  return {
    id: text(p.id) ?? node.elementId,
    title: text(p.title) ?? nodeCaption(node),
    url: text(p.url),
    date: text(p.date) ?? text(p.published) ?? text(p.year),
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

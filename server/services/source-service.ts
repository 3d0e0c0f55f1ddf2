import { readFile } from 'node:fs/promises';
import { basename, join, relative, resolve, isAbsolute } from 'node:path';
import type {
  GraphEdge,
  GraphNode,
  JsonValue,
  SourceEvidence,
  SourceListItem,
  SourceResponse,
  SourcesResponse,
} from '../api-types.ts';
import { evidenceOf, groupEdges, nameEvidence, referencedIds } from '../db/evidence-edges.ts';
import { toGraphEdge } from '../db/value-mapper.ts';
import { notFound } from '../errors.ts';
import type { SourceRepository } from '../repositories/source-repository.ts';
import { locateQuote } from './quote-locator.ts';

/** Sources as objects, and the names behind every piece of evidence. */
export class SourceService {
  constructor(
    private readonly sources: SourceRepository,
    /** Where seed files live: a source's `textFile` resolves under it, never outside. */
    private readonly cypherDir: string,
  ) {}

  async list(): Promise<SourcesResponse> {
    const rows = await this.sources.list();
    return { items: rows.map((row) => listItem(row.node, row.relationships)) };
  }

  async get(id: string): Promise<SourceResponse> {
    const found = await this.sources.find(id);
    if (!found) throw notFound(`No source with id "${id}".`);
    const text = await this.textOf(found.node.properties);
    const evidence: SourceEvidence[] = found.relationships.map(({ relationship, from, to }) => {
      const edge = toGraphEdge(relationship);
      const [piece] = evidenceOf(edge.id, edge.properties);
      const quote = piece?.quote ?? null;
      const item: SourceEvidence = {
        relationshipId: edge.id,
        type: edge.type,
        from: from.id,
        to: to.id,
        fromCaption: from.caption,
        toCaption: to.caption,
        quote,
        stance: piece?.stance ?? null,
        offsets: text !== null && quote !== null ? locateQuote(text, quote) : null,
      };
      if (piece?.claimedBy) item.claimedBy = piece.claimedBy;
      return item;
    });
    return {
      ...listItem(found.node, found.relationships.length),
      nodeId: found.node.id,
      properties: found.node.properties,
      text,
      evidence,
    };
  }

  /** Groups parallel relationships and names their sources and claimants, in place. */
  async groupAndName<T extends { edges: GraphEdge[] }>(payload: T): Promise<T> {
    const edges = groupEdges(payload.edges);
    const ids = referencedIds(edges);
    if (ids.length > 0) {
      const sourceIds = [...new Set(edges.flatMap((e) => e.evidence.map((v) => v.sourceId)))];
      const claimants = [
        ...new Set(edges.flatMap((e) => e.evidence.flatMap((v) => v.claimedBy ?? []))),
      ];
      const names = await this.sources.namesOf(
        sourceIds.filter((s): s is string => s !== null),
        claimants,
      );
      nameEvidence(edges, names);
    }
    return { ...payload, edges };
  }

  /** The document: an inline `text` property, else `textFile` under the seed directory. */
  private async textOf(properties: Record<string, JsonValue>): Promise<string | null> {
    if (typeof properties.text === 'string') return properties.text;
    const file = properties.textFile;
    if (typeof file !== 'string' || file.trim() === '') return null;
    for (const candidate of [file, join('sources', basename(file))]) {
      const path = resolve(this.cypherDir, candidate);
      const inside = relative(this.cypherDir, path);
      if (inside.startsWith('..') || isAbsolute(inside)) continue;
      try {
        return await readFile(path, 'utf8');
      } catch {
        // Not there: try the next place, then answer without a text.
      }
    }
    return null;
  }
}

function listItem(node: GraphNode, relationships: number): SourceListItem {
  const p = node.properties;
  const id = typeof p.id === 'string' ? p.id : node.id;
  const item: SourceListItem = {
    id,
    title: typeof p.title === 'string' ? p.title : node.caption,
    kind: typeof p.kind === 'string' ? p.kind : null,
    relationships,
  };
  const date =
    typeof p.date === 'string' ? p.date : typeof p.year === 'number' ? String(p.year) : undefined;
  if (date !== undefined) item.date = date;
  if (typeof p.url === 'string') item.url = p.url;
  if (typeof p.author === 'string') item.author = p.author;
  return item;
}

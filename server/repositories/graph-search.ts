import neo4j, { type ManagedTransaction, type Node } from 'neo4j-driver';
import type { SearchResult } from '../api-types.ts';
import type { Database } from '../db/database.ts';
import { captionOf, toJson, toNumber } from '../db/value-mapper.ts';
import { NOT_HIDDEN, type ReadOptions } from './graph-rows.ts';
import { buildFulltextQuery } from './lucene-query.ts';
import { rankHits, searchableNames } from './search-ranking.ts';

/** The full-text index our seed schema creates; other graphs fall back to a bounded scan. */
export const SEARCH_INDEX = 'entity_search';

/** How long a sighting of the full-text index is trusted before looking again. */
const SEARCH_INDEX_RECHECK_MS = 5_000;
/** The most nodes a search without the full-text index looks at. */
const FALLBACK_SCAN_CAP = 200_000;

/**
 * Search by name: through the full-text index while it is online, else a bounded scan.
 * Remembers when the index was last seen, so most searches skip the check.
 */
export class GraphSearch {
  constructor(
    private readonly db: Database,
    private readonly options: ReadOptions,
  ) {}

  async search(text: string, labels: string[] | null, limit: number): Promise<SearchResult[]> {
    try {
      return await this.db.read(async (tx) => {
        if (!this.searchIndexSeenRecently()) {
          const index = await tx.run(
            'SHOW FULLTEXT INDEXES YIELD name, state WHERE name = $name RETURN state',
            { name: SEARCH_INDEX },
          );
          this.searchIndexSeenAt = index.records[0]?.get('state') === 'ONLINE' ? Date.now() : 0;
        }
        return this.searchIndexSeenRecently()
          ? await fulltextSearch(tx, text, labels, limit)
          : await scanSearch(tx, text, labels, limit);
      }, this.options);
    } catch (error) {
      // The index went away since it was last seen: look again, once.
      if (this.searchIndexSeenAt !== 0 && /no such fulltext schema index/i.test(String(error))) {
        this.searchIndexSeenAt = 0;
        return this.search(text, labels, limit);
      }
      throw error;
    }
  }

  /** When the full-text index was last seen online; re-checked every few seconds. */
  private searchIndexSeenAt = 0;

  private searchIndexSeenRecently(): boolean {
    return Date.now() - this.searchIndexSeenAt < SEARCH_INDEX_RECHECK_MS;
  }
}

async function fulltextSearch(
  tx: ManagedTransaction,
  text: string,
  labels: string[] | null,
  limit: number,
): Promise<SearchResult[]> {
  const query = buildFulltextQuery(text);
  if (query === null) return [];
  // Hits are ranked again by how they match a name, so Lucene is asked for a few more
  // than shown: an exact caption that Lucene scores below fuzzy hits still makes the list.
  const wanted = Math.max(limit * 3, 30);
  const fetch = labels === null ? wanted : Math.max(limit * 20, 500);
  const result = await tx.run(
    `CALL db.index.fulltext.queryNodes($index, $query, {limit: $fetch}) YIELD node, score
     WHERE ${NOT_HIDDEN('node')}
       AND ($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels))
     RETURN node, score LIMIT $wanted`,
    { index: SEARCH_INDEX, query, labels, fetch: neo4j.int(fetch), wanted: neo4j.int(wanted) },
  );
  return rankedResults(text, result.records, limit);
}

/**
 * For graphs without our index: a case-insensitive CONTAINS over `name` and `title`,
 * bounded to the first nodes of the store so it cannot run away on a big graph.
 */
async function scanSearch(
  tx: ManagedTransaction,
  text: string,
  labels: string[] | null,
  limit: number,
): Promise<SearchResult[]> {
  const needle = text.normalize('NFKC').trim().toLowerCase();
  if (needle === '') return [];
  const result = await tx.run(
    `MATCH (n) WITH n LIMIT $scan
     WITH n WHERE ${NOT_HIDDEN('n')}
       AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
     WITH n, [v IN [n.name, n.title] WHERE v IS :: STRING | toLower(v)] AS texts
     WITH n, texts WHERE any(t IN texts WHERE t CONTAINS $needle)
     WITH n, CASE
         WHEN any(t IN texts WHERE t = $needle) THEN 1.0
         WHEN any(t IN texts WHERE t STARTS WITH $needle) THEN 0.8
         ELSE 0.5 END AS score
     RETURN n AS node, score ORDER BY score DESC LIMIT $limit`,
    { scan: neo4j.int(FALLBACK_SCAN_CAP), labels, needle, limit: neo4j.int(limit) },
  );
  return rankedResults(text, result.records, limit);
}

/** Search hits as results, exact and prefix matches of a name first (search-ranking.ts). */
function rankedResults(
  text: string,
  records: { get(key: string): unknown }[],
  limit: number,
): SearchResult[] {
  const hits = records.map((r) => {
    const node = r.get('node') as Node;
    const properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, toJson(v)]),
    );
    const result: SearchResult = {
      id: node.elementId,
      labels: [...node.labels],
      caption: captionOf(node.labels, properties),
      score: toNumber(r.get('score')),
    };
    return { result, properties };
  });
  return rankHits(text, hits, (hit) => searchableNames(hit.result.caption, hit.properties))
    .slice(0, limit)
    .map((hit) => hit.result);
}

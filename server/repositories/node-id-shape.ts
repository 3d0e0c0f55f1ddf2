import type { Database } from '../db/database.ts';

/** Neo4j 5 node elementIds: `4:<database uuid>:<number>`. */
const NEO4J_5_NODE_ID =
  /^4:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):\d{1,19}$/;

/**
 * Tells ids no node of this database can have (another database's, another shape, a path
 * or an injection attempt) without asking Neo4j each time: the shape is learned once from a
 * real id. When that id has an unknown shape (another Neo4j version, a composite
 * database) nothing is ruled out, and every id goes to the database as before.
 */
export class NodeIdShape {
  private learned: Promise<string | null> | undefined;

  constructor(private readonly db: Database) {}

  /** False only for an id that no node of this database can have. */
  async mayExist(id: string): Promise<boolean> {
    const databaseId = await (this.learned ??= this.learn());
    if (databaseId === null) return true;
    const match = NEO4J_5_NODE_ID.exec(id);
    return match !== null && match[1] === databaseId;
  }

  /** The ids of `ids` that some node of this database may have. */
  async filterPossible(ids: string[]): Promise<string[]> {
    const verdicts = await Promise.all(ids.map((id) => this.mayExist(id)));
    return ids.filter((_, index) => verdicts[index]);
  }

  private async learn(): Promise<string | null> {
    const result = await this.db
      .readQuery<{ id: string }>('MATCH (n) RETURN elementId(n) AS id LIMIT 1')
      .catch(() => null);
    const sample = result?.records[0]?.get('id');
    // Nothing to learn from yet (an empty graph, or Neo4j down): ask again next time.
    if (typeof sample !== 'string') this.learned = undefined;
    return (typeof sample === 'string' && NEO4J_5_NODE_ID.exec(sample)?.[1]) || null;
  }
}

import { quoteName } from '../repositories/cypher-names.ts';
import type { AnalystServices } from './analyst-services.ts';

/** How many labels, most common first, get a node warmed. */
const WARM_LABELS = 8;

/**
 * Runs each of the explorer's queries once with real ids, so Neo4j has planned them before
 * the first person asks: a cold plan costs about a second each on a small machine. Every
 * failure is ignored: an empty or foreign graph simply warms less. One step after another:
 * side by side on two cores it took as long (3.9 s against 4.0 s on a warm start), since the
 * JVM's compiler already uses the other core.
 */
export async function warmUp({ graph, queries }: AnalystServices): Promise<void> {
  const ignore = () => undefined;
  // Details, neighbours and expansions take other paths for other kinds of node (an
  // agreement's signing facts, a big node's degrees): one node of each of the most common
  // labels covers them. The nodes are found by label, as the console would: a query that
  // names the app's own `__` labels to leave them out is one the console refuses.
  const schema = await graph.schema().catch(ignore);
  const nodes: { id: string; caption: string }[] = [];
  for (const { label } of (schema?.labels ?? []).slice(0, WARM_LABELS)) {
    const one = await queries
      .run(`MATCH (n:${quoteName(label)}) RETURN n LIMIT 1`, {}, 1)
      .catch(ignore);
    const node = one?.graph.nodes[0];
    if (node) nodes.push({ id: node.id, caption: node.caption });
  }
  const first = nodes[0];
  await graph.search(first?.caption || 'a').catch(ignore);
  if (!first) return;
  for (const { id } of nodes) {
    await graph.nodeDetails(id).catch(ignore);
    await graph.neighbours(id).catch(ignore);
    await graph.expand([id]).catch(ignore);
  }
  const ids = nodes.map((node) => node.id);
  await graph.subgraph(ids, [first.id]).catch(ignore);
  await graph.subgraph(ids).catch(ignore);
  await graph.paths(first.id, nodes[1]?.id ?? first.id).catch(ignore);
}

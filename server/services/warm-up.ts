import type { AnalystServices } from './analyst-services.ts';

/**
 * Runs each of the explorer's queries once with real ids, so Neo4j has planned them before
 * the first person asks: a cold plan costs about a second each on a small machine. Every
 * failure is ignored: an empty or foreign graph simply warms less.
 */
export async function warmUp({ graph, queries }: AnalystServices): Promise<void> {
  const ignore = () => undefined;
  const sample = await queries
    .run(
      'MATCH (n) WHERE none(label IN labels(n) WHERE label STARTS WITH "__") RETURN n LIMIT 2',
      {},
      2,
    )
    .catch(ignore);
  const nodes = sample?.graph.nodes ?? [];
  const first = nodes[0];
  const ids = nodes.map((node) => node.id);
  // Side by side: planning is CPU-bound, and Neo4j plans on every core it has.
  await Promise.all([
    graph.schema().catch(ignore),
    graph.search(first?.caption || 'a').catch(ignore),
    ...(first
      ? [
          graph.nodeDetails(first.id).catch(ignore),
          graph.neighbours(first.id).catch(ignore),
          graph.expand([first.id]).catch(ignore),
          graph.subgraph(ids, [first.id]).catch(ignore),
          graph.subgraph(ids).catch(ignore),
          graph.paths(first.id, ids[1] ?? first.id).catch(ignore),
        ]
      : []),
  ]);
}

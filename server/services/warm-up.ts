import { quoteName } from '../repositories/cypher-names.ts';
import type { AnalystServices } from './analyst-services.ts';

/** How many labels, most common first, get a node warmed. */
const WARM_LABELS = 8;

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
  const work: (() => Promise<unknown>)[] = [
    () => graph.search(first?.caption || 'a'),
    () => graph.schema(),
  ];
  if (first) {
    work.push(
      () => graph.nodeDetails(first.id),
      () => graph.neighbours(first.id),
      () => graph.expand([first.id]),
      () => graph.subgraph(ids, [first.id]),
      () => graph.subgraph(ids),
      () => graph.paths(first.id, ids[1] ?? first.id),
    );
  }
  const firstLane = async () => {
    for (const step of work) await step().catch(ignore);
  };

  // Details, neighbours and expansions take other paths for other kinds of node (an
  // agreement's signing facts, a big node's degrees): one node of each of the most common
  // labels covers them.
  const secondLane = async () => {
    const schema = await graph.schema().catch(ignore);
    for (const { label } of (schema?.labels ?? []).slice(0, WARM_LABELS)) {
      const one = await queries
        .run(`MATCH (n:${quoteName(label)}) RETURN n LIMIT 1`, {}, 1)
        .catch(ignore);
      const id = one?.graph.nodes[0]?.id;
      if (!id) continue;
      await graph.nodeDetails(id).catch(ignore);
      await graph.neighbours(id).catch(ignore);
      await graph.expand([id]).catch(ignore);
    }
  };
  // One after another: side by side on two cores the warm-up took as long (3.9 s against
  // 4.0 s on a warm start), since the JVM's compiler already uses the other core.
  await firstLane();
  await secondLane();
}

import { describeError } from '../api/api-client.ts';
import type { Explorer } from './explorer.ts';

/**
 * What evidence lets a reader do to the canvas: bring a relationship in and select it, bring
 * a claimant in and select it, bring in everything a source supports. Each is one undoable
 * step, laid out like any other arrival.
 */

async function bringInNodes(explorer: Explorer, ids: string[]): Promise<boolean> {
  try {
    const payload = await explorer.api.subgraph({ ids: [...new Set(ids)] });
    if (payload.nodes.length === 0) {
      explorer.notify('info', 'Those nodes are no longer in the database.');
      return false;
    }
    const origin = ids.find((id) => explorer.scene.get().graph.nodes[id]) ?? null;
    await explorer.bringIn(payload, origin);
    return true;
  } catch (error) {
    explorer.notify('error', `Could not add to the canvas: ${describeError(error)}`);
    return false;
  }
}

/** Adds a relationship's two ends (and the edge among them) and selects the drawn edge. */
export async function showRelationship(
  explorer: Explorer,
  relationship: { relationshipId: string; from: string; to: string },
): Promise<void> {
  if (!(await bringInNodes(explorer, [relationship.from, relationship.to]))) return;
  const edge = Object.values(explorer.scene.get().graph.edges).find((e) =>
    (e.relationshipIds ?? [e.id]).includes(relationship.relationshipId),
  );
  if (edge) {
    explorer.select({ kind: 'edge', id: edge.id }, [relationship.from, relationship.to]);
    explorer.onFit([relationship.from, relationship.to]);
  }
}

/** Adds a node (say, the party behind a claim) and selects it. */
export async function showNode(explorer: Explorer, nodeId: string): Promise<void> {
  if (!(await bringInNodes(explorer, [nodeId]))) return;
  explorer.select({ kind: 'node', id: nodeId });
  explorer.onCentre(nodeId);
}

/** Everything a source supports: the ends of its relationships and the edges among them. */
export async function showSupported(
  explorer: Explorer,
  relationships: readonly { from: string; to: string }[],
): Promise<void> {
  const ids = relationships.flatMap((r) => [r.from, r.to]);
  if (ids.length === 0) return;
  if (await bringInNodes(explorer, ids)) explorer.onFit();
}

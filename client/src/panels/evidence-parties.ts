import type { GraphNode } from '../../../server/api-types.ts';
import type { Explorer } from '../explorer/explorer.ts';
import type { SceneState } from '../state/types.ts';
import { el } from './dom.ts';

/** Nodes fetched by their stable key (claimedBy, sourceId), kept for the page's life. */
const byKey = new Map<string, Promise<GraphNode>>();

function nodeByKey(explorer: Explorer, key: string): Promise<GraphNode> {
  let pending = byKey.get(key);
  if (!pending) {
    pending = explorer.api.nodeByKey(key);
    pending.catch(() => byKey.delete(key));
    byKey.set(key, pending);
  }
  return pending;
}

/**
 * The party a claim is attributed to, by name, as a link that adds that node to the
 * canvas (if it is not there) and selects it. Until the name is known the link reads
 * "…", never the raw key; if the graph has no such node, the key is all there is to show.
 */
export function claimantLink(
  explorer: Explorer,
  key: string,
  scene: SceneState,
  stale: () => boolean,
): HTMLElement {
  const link = el('button', {
    className: 'link claimant',
    testId: 'details-claimant',
    text: '…',
    attrs: { type: 'button', 'aria-busy': 'true' },
  });
  const show = (node: GraphNode) => {
    link.textContent = node.caption;
    link.removeAttribute('aria-busy');
    link.title = `Show ${node.caption} on the canvas`;
    link.onclick = () =>
      void explorer.addNode({ id: node.id, labels: node.labels, caption: node.caption, score: 0 });
  };
  const onCanvas = Object.values(scene.graph.nodes).find((n) => n.properties.id === key);
  if (onCanvas) show(onCanvas);
  else {
    nodeByKey(explorer, key).then(
      (node) => {
        if (!stale()) show(node);
      },
      () => {
        if (stale()) return;
        link.replaceWith(el('strong', { text: key, testId: 'details-claimant' }));
      },
    );
  }
  return link;
}

import type { Explorer } from '../explorer/explorer.ts';
import { download } from '../panels/dom.ts';
import { edgeStance, visibleElements } from '../state/filters.ts';
import { STANCES } from '../state/types.ts';
import { labelStyle, primaryLabel } from '../theme/label-style.ts';
import { STANCE_LOOKS } from '../theme/stance-style.ts';
import { citedSources, sceneToCsv, sceneToGexf, type DrawnElements } from './canvas-exports.ts';
import type { PrintInfo } from './print-image.ts';

export type CanvasExport = 'png' | 'svg' | 'csv' | 'gexf';

/** Titles of the cited sources: from the canvas when there, else asked of the API. */
async function sourceTitles(explorer: Explorer, ids: string[]): Promise<Map<string, string>> {
  const nodes = Object.values(explorer.scene.get().graph.nodes);
  const titles = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      const onCanvas = nodes.find((n) => n.properties.id === id);
      if (onCanvas) titles.set(id, onCanvas.caption);
      else {
        try {
          titles.set(id, (await explorer.api.nodeByKey(id)).caption);
        } catch {
          // An unknown source keeps its id: better a key than nothing in a citation.
        }
      }
    }),
  );
  return titles;
}

function printInfo(
  explorer: Explorer,
  drawn: DrawnElements,
  titles: Map<string, string>,
  cited: string[],
): PrintInfo {
  const scene = explorer.scene.get();
  const nodes = [...drawn.nodes].map((id) => scene.graph.nodes[id]).filter((n) => n !== undefined);
  const edges = [...drawn.edges].map((id) => scene.graph.edges[id]).filter((e) => e !== undefined);
  const names = nodes.slice(0, 3).map((n) => n.caption);
  const more = nodes.length - names.length;
  const labels = [...new Set(nodes.map((n) => primaryLabel(n.labels)).filter((l) => !!l))]
    .sort()
    .map((label) => ({ label: label!, color: labelStyle(label, explorer.ui.get().schema).color }));
  const present = new Set(edges.map(edgeStance));
  const asOf = explorer.ui.get().filters.asOf;
  return {
    title: `Entente: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    date:
      `${nodes.length} nodes, ${edges.length} relationships · exported ${new Date().toUTCString()}` +
      (asOf ? ` · as of ${asOf}` : ''),
    labels,
    stances: STANCES.filter((s) => present.has(s)).map((stance) => ({
      name: stance,
      text: STANCE_LOOKS[stance].text,
      dash: [...STANCE_LOOKS[stance].dash],
      color: STANCE_LOOKS[stance].color,
    })),
    sources: cited.map((id) => titles.get(id) ?? id),
  };
}

/**
 * Downloads what the canvas shows (hidden and filtered-out elements left out) as a
 * picture for print (PNG or SVG, 2×, with legend and sources), as CSV or as GEXF.
 */
export async function exportCanvas(
  explorer: Explorer,
  kind: CanvasExport,
  graphPicture: () => Blob,
): Promise<void> {
  const scene = explorer.scene.get();
  const drawn = visibleElements(scene, explorer.ui.get().filters);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const cited = citedSources(scene, drawn);
  const titles = await sourceTitles(explorer, cited);
  if (kind === 'csv') {
    const files = sceneToCsv(scene, drawn, titles);
    download(new Blob([files.nodes], { type: 'text/csv' }), `entente-nodes-${stamp}.csv`);
    download(new Blob([files.edges], { type: 'text/csv' }), `entente-edges-${stamp}.csv`);
  } else if (kind === 'gexf') {
    const gexf = await sceneToGexf(scene, drawn, titles);
    download(new Blob([gexf], { type: 'application/xml' }), `entente-${stamp}.gexf`);
  } else {
    const { printablePng, printableSvg } = await import('./print-image.ts');
    const info = printInfo(explorer, drawn, titles, cited);
    const picture = graphPicture();
    const blob =
      kind === 'png' ? await printablePng(picture, info) : await printableSvg(picture, info);
    download(blob, `entente-${stamp}.${kind}`);
  }
}

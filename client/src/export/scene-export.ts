import type { JsonValue } from '../../../server/api-types.ts';
import type { SceneState } from '../state/types.ts';

/** A scene as a self-describing JSON document: data graph plus where each node sits. */
export function sceneToJson(scene: SceneState): string {
  return JSON.stringify(
    {
      format: 'entente-scene',
      version: 1,
      exportedAt: new Date().toISOString(),
      nodes: Object.values(scene.graph.nodes).map((node) => ({
        ...node,
        position: scene.positions[node.id] ?? null,
        hidden: !!scene.hidden[node.id],
        pinned: !!scene.pinned[node.id],
      })),
      edges: Object.values(scene.graph.edges),
    },
    null,
    2,
  );
}

function csvCell(value: JsonValue): string {
  const text =
    value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Cells a spreadsheet would run as formulas are prefixed so they stay text — at the start
  // and after every separator, because a spreadsheet set to `;` (or tab) splits there.
  const leading = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  const safe = leading.replace(/([,;\t]\s*)([=+\-@])/g, "$1'$2");
  return /[",;\t\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A result table as RFC 4180 CSV. */
export function tableToCsv(columns: string[], rows: JsonValue[][]): string {
  return [columns, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

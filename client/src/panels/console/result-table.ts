import type { JsonValue, QueryResponse } from '../../../../server/api-types.ts';
import { clear, el, formatValue } from '../dom.ts';

const TABLE_ROWS_SHOWN = 500;

/** A console answer as a table: the first rows, nodes as caption and labels. */
export function renderTable(container: HTMLElement, result: QueryResponse): void {
  clear(container);
  if (result.columns.length === 0) {
    container.append(el('p', { className: 'hint', text: 'No columns.' }));
    return;
  }
  const head = el(
    'tr',
    {},
    result.columns.map((column) => el('th', { text: column })),
  );
  const body = el('tbody');
  for (const row of result.rows.slice(0, TABLE_ROWS_SHOWN)) {
    body.append(
      el(
        'tr',
        {},
        row.map((cell) => el('td', {}, cellContent(cell))),
      ),
    );
  }
  container.append(el('table', {}, [el('thead', {}, [head]), body]));
  if (result.rows.length > TABLE_ROWS_SHOWN) {
    container.append(
      el('p', {
        className: 'hint',
        text: `Showing ${TABLE_ROWS_SHOWN} of ${result.rows.length} rows; the CSV has all.`,
      }),
    );
  }
}

/** Whether a cell value is a node as the API sends it (id, labels, caption, properties). */
function isNode(
  cell: JsonValue,
): cell is { caption: string; labels: string[] } & Record<string, JsonValue> {
  return (
    !!cell &&
    typeof cell === 'object' &&
    !Array.isArray(cell) &&
    typeof cell.caption === 'string' &&
    Array.isArray(cell.labels)
  );
}

/**
 * A cell as a person reads it: a node as its caption and labels, a relationship as its
 * type, a path by its length, lists and maps item by item; never raw JSON of a node.
 */
function cellContent(cell: JsonValue): (Node | string)[] {
  if (isNode(cell)) {
    return [
      el('span', { className: 'cell-node', text: cell.caption }),
      el('span', { className: 'cell-labels', text: cell.labels.map((l) => `:${l}`).join('') }),
    ];
  }
  if (Array.isArray(cell) && cell.some((item) => item !== null && typeof item === 'object')) {
    return cell.flatMap((item, i) => [...(i > 0 ? [', '] : []), ...cellContent(item)]);
  }
  return [cellText(cell)];
}

function cellText(cell: JsonValue): string {
  if (cell && typeof cell === 'object' && !Array.isArray(cell)) {
    if (typeof cell.caption === 'string') return cell.caption;
    if (typeof cell.type === 'string' && 'source' in cell) return `[:${cell.type}]`;
    if (Array.isArray(cell.nodes) && Array.isArray(cell.edges)) {
      return `path: ${cell.nodes.length} nodes, ${cell.edges.length} relationships`;
    }
    return Object.entries(cell)
      .map(([key, value]) => `${key}: ${cellText(value)}`)
      .join(', ');
  }
  if (Array.isArray(cell)) return cell.map(cellText).join(', ');
  return formatValue(cell);
}

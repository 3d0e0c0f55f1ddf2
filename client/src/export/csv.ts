import type { JsonValue } from '../../../server/api-types.ts';

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A formula start right after a separator (spaces between allowed): a spreadsheet set to `;` (or one that splits on
 * tabs or line breaks) would make a new cell there, and that cell a formula.
 */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n]\s*)([=+\-@])/g;

/**
 * One CSV cell that every spreadsheet reads as text: formula starts are prefixed with `'`
 * (at the start and after any separator), and the cell is quoted when it holds a comma,
 * a semicolon, a quote or a line break, so `,` and `;` locales both keep it whole.
 */
export function csvCell(value: JsonValue | undefined): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  const safe = (FORMULA_START.test(text) ? `'${text}` : text).replace(
    FORMULA_AFTER_SEPARATOR,
    "$1'$2",
  );
  return /[",;\n\r\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as RFC 4180 CSV (CRLF line ends). */
export function toCsv(rows: (JsonValue | undefined)[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A result table as CSV. */
export function tableToCsv(columns: string[], rows: JsonValue[][]): string {
  return toCsv([columns, ...rows]);
}

import Table from 'cli-table3';

export { formatBandwidth, formatBytes, formatCount, formatRate, formatSeconds } from '@weightplan/format';

/** How a table fits a terminal: its width, which columns go first when it is too wide, which one shrinks. */
export interface TableFit {
  /** Terminal columns; undefined (a pipe, or --wide) keeps every column at full width, so scripts see stable output. */
  width: number | undefined;
  /** Column indexes to leave out, first one first, until the table fits. */
  drop?: readonly number[];
  /** A column whose text may be shortened (ids: the organisation prefix goes first, then the middle). */
  shrink?: number;
}

/** Narrowest a terminal is taken to be: below this, tables wrap rather than lose their ids. */
const MIN_WIDTH = 80;
const MIN_SHRUNK = 14;

const tableWidth = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w + 3, 1);

/** "meta-llama/Llama-3.3-70B-Instruct" in 20 characters: "Llama-3.3-70B-Instruct" first, then "Llama-3.3…Instruct". */
export function shortenId(text: string, width: number): string {
  if (text.length <= width) return text;
  const tail = text.includes('/') ? text.slice(text.indexOf('/') + 1) : text;
  if (tail.length <= width) return tail;
  const keep = width - 1;
  const head = Math.ceil(keep / 2);
  return `${tail.slice(0, head)}…${tail.slice(tail.length - (keep - head))}`;
}

/**
 * A plain table, one line per row: no colours and no box drawing beyond ASCII-safe lines, so output is
 * stable in scripts and tests. With a `fit`, a table wider than the terminal drops its least useful columns
 * and shortens the one marked to shrink instead of wrapping into noise.
 */
export function renderTable(head: string[], rows: Array<Array<string | number>>, fit?: TableFit): string {
  let columns = head.map((_, index) => index);
  let cells = rows.map((row) => row.map(String));
  if (fit?.width !== undefined) {
    const width = Math.max(fit.width, MIN_WIDTH);
    const widthOf = (column: number) => Math.max(head[column]?.length ?? 0, ...cells.map((row) => row[column]?.length ?? 0));
    for (const column of fit.drop ?? []) {
      if (tableWidth(columns.map(widthOf)) <= width) break;
      columns = columns.filter((c) => c !== column);
    }
    const excess = tableWidth(columns.map(widthOf)) - width;
    const shrink = fit.shrink;
    if (excess > 0 && shrink !== undefined && columns.includes(shrink)) {
      const target = Math.max(MIN_SHRUNK, widthOf(shrink) - excess);
      cells = cells.map((row) => row.map((cell, column) => (column === shrink ? shortenId(cell, target) : cell)));
    }
  }
  const table = new Table({ head: columns.map((c) => head[c] ?? ''), style: { head: [], border: [] } });
  for (const row of cells) table.push(columns.map((c) => row[c] ?? ''));
  return table.toString();
}

import Table from 'cli-table3';

export { formatBandwidth, formatBytes, formatCount, formatRate, formatSeconds } from '@weightplan/format';

/** A plain table: no colours and no box drawing beyond ASCII-safe lines, so output is stable in scripts and tests. */
export function renderTable(head: string[], rows: Array<Array<string | number>>): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

import Table from 'cli-table3';

const GiB = 1024 ** 3;

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 100 * GiB) return `${(bytes / GiB).toFixed(0)} GiB`;
  if (Math.abs(bytes) >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

export function formatCount(value: number): string {
  if (value >= 1e12) return `${(value / 1e12).toFixed(2)}T`;
  if (value >= 1e9) return `${(value / 1e9).toFixed(value >= 1e11 ? 0 : 2)}B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(0)}M`;
  return String(value);
}

export function formatRate(tokensPerSecond: number): string {
  if (tokensPerSecond >= 100) return tokensPerSecond.toFixed(0);
  if (tokensPerSecond >= 10) return tokensPerSecond.toFixed(1);
  return tokensPerSecond.toFixed(2);
}

export function formatSeconds(seconds: number): string {
  return seconds >= 10 ? `${seconds.toFixed(0)} s` : seconds >= 1 ? `${seconds.toFixed(1)} s` : `${(seconds * 1000).toFixed(0)} ms`;
}

export function formatBandwidth(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1e9).toFixed(0)} GB/s`;
}

/** A plain table: no colours and no box drawing beyond ASCII-safe lines, so output is stable in scripts and tests. */
export function renderTable(head: string[], rows: Array<Array<string | number>>): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

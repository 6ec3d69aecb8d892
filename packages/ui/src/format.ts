/** Memory as sold: GB = 10^9 bytes for totals people compare with spec sheets. */
export function formatGb(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const gb = bytes / 1e9;
  return `${gb >= 100 ? gb.toFixed(0) : gb.toFixed(1)} GB`;
}

export function formatTokensPerSecond(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= 10 ? `${value.toFixed(0)} s` : value >= 1 ? `${value.toFixed(1)} s` : `${Math.round(value * 1000)} ms`;
}

export function formatParameters(count: number): string {
  const billions = count / 1e9;
  return billions >= 10 ? `${billions.toFixed(0)}B` : billions >= 1 ? `${billions.toFixed(1)}B` : `${(count / 1e6).toFixed(0)}M`;
}

export function formatTokens(count: number): string {
  if (count >= 1024 && count % 1024 === 0) return `${count / 1024}k`;
  return count.toLocaleString('en-US');
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

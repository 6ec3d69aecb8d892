import { formatBytes as bytes, formatCount, formatRate, formatSeconds as seconds } from '@weightplan/format';

// The UI shows numbers exactly as the CLI and the Markdown export do (binary units: GiB, MiB); these wrappers
// only add the dash for a value the server did not give.

export function formatBytes(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : bytes(value);
}

export function formatTokensPerSecond(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatRate(value);
}

export function formatSeconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : seconds(value);
}

export const formatParameters = formatCount;

export { formatTokens } from '@weightplan/format';

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

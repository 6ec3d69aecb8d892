/** Parameter and token counts: "8.03B", "671B", "1.10T", "494M". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 1e12) return `${(value / 1e12).toFixed(2)}T`;
  if (value >= 1e11) return `${(value / 1e9).toFixed(0)}B`;
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(0)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)}K`;
  return String(Math.round(value));
}

/** Tokens per second with the precision that matters at that size: "1234", "42.5", "0.93". */
export function formatRate(tokensPerSecond: number): string {
  if (!Number.isFinite(tokensPerSecond)) return '—';
  if (tokensPerSecond >= 100) return tokensPerSecond.toFixed(0);
  if (tokensPerSecond >= 10) return tokensPerSecond.toFixed(1);
  return tokensPerSecond.toFixed(2);
}

/** Durations: "420 ms", "1.6 s", "17 s", "3.2 min". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds >= 600) return `${(seconds / 60).toFixed(0)} min`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds >= 10) return `${seconds.toFixed(0)} s`;
  if (seconds >= 1) return `${seconds.toFixed(1)} s`;
  return `${Math.round(seconds * 1000)} ms`;
}

/** Context lengths as they are written: 8192 -> "8k", 131072 -> "128k", 1000 -> "1,000". */
export function formatTokens(count: number): string {
  if (count >= 1024 && count % 1024 === 0) return `${count / 1024}k`;
  return count.toLocaleString('en-US');
}

/** Token volumes per month: 250000000 -> "250M", 1.5e9 -> "1.5B". */
export function formatVolume(tokens: number): string {
  if (tokens >= 1e12) return `${Number((tokens / 1e12).toPrecision(3))}T`;
  if (tokens >= 1e9) return `${Number((tokens / 1e9).toPrecision(3))}B`;
  if (tokens >= 1e6) return `${Number((tokens / 1e6).toPrecision(3))}M`;
  if (tokens >= 1e3) return `${Number((tokens / 1e3).toPrecision(3))}K`;
  return String(Math.round(tokens));
}

/** US dollars: "$1,899" from 100 up, "$0.29" below. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  return Math.abs(usd) >= 100 ? `$${Math.round(usd).toLocaleString('en-US')}` : `$${usd.toFixed(2)}`;
}

/** A share as a percentage: 0.6 -> "60%". */
export function formatPercent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

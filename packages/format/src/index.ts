export { formatBandwidth, formatBytes, GiB, KiB, MiB, TiB, toGiB } from './bytes.js';
export { formatCount, formatPercent, formatRate, formatSeconds, formatTokens, formatUsd, formatVolume } from './numbers.js';

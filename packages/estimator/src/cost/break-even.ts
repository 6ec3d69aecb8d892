/**
 * Monthly cost as a function of volume V (tokens per month, at the workload's input/output mix):
 *   self-hosted  C(V) = N(V) * K + V * e,   N(V) = max(1, ceil(V * s / capacity))
 *   closed API   A(V) = V * a
 * K is what one machine costs per month whether busy or not (write-off, ops and idle power, or the rent),
 * e the extra energy per token, s the machine-seconds per token and a the blended API price per token.
 * With one machine, C(V) <= A(V) from V* = K / (a - e) on; if V* exceeds one machine's capacity, every
 * further machine brings the same capacity and the same fixed cost, so the API stays cheaper at any volume.
 */
export interface BreakEvenTerms {
  fixedUsdPerMachine: number;
  marginalUsdPerToken: number;
  machineSecondsPerToken: number;
  capacitySecondsPerMachine: number;
  apiUsdPerToken: number;
}

export interface BreakEven {
  /** Volume above which self-hosting is cheaper; null when the API is cheaper at every volume. */
  tokensPerMonth: number | null;
  statement: string;
}

function formatVolume(tokens: number): string {
  if (tokens >= 1e9) return `${(tokens / 1e9).toPrecision(3)}B`;
  if (tokens >= 1e6) return `${(tokens / 1e6).toPrecision(3)}M`;
  return `${(tokens / 1e3).toPrecision(3)}k`;
}

export function breakEven(terms: BreakEvenTerms, openLabel: string, apiLabel: string): BreakEven {
  const margin = terms.apiUsdPerToken - terms.marginalUsdPerToken;
  if (margin <= 0) {
    return {
      tokensPerMonth: null,
      statement: `${apiLabel} is cheaper at every volume: its price per token is below the energy ${openLabel} spends on one`,
    };
  }
  const volume = terms.fixedUsdPerMachine / margin;
  const oneMachine = terms.capacitySecondsPerMachine / terms.machineSecondsPerToken;
  if (volume > oneMachine) {
    return {
      tokensPerMonth: null,
      statement: `${apiLabel} is cheaper at every volume: ${openLabel} would need ${formatVolume(volume)} tokens/month to pay off, more than one machine serves (${formatVolume(oneMachine)})`,
    };
  }
  return { tokensPerMonth: volume, statement: `below ${formatVolume(volume)} tokens/month ${apiLabel} is cheaper; above it, ${openLabel}` };
}

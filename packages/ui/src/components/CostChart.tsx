import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RouterOutputs } from '../state/types.js';

type CostCurve = RouterOutputs['compare']['costCurve'];

const COLORS = [
  'var(--chart-weights)',
  'var(--chart-kv)',
  'var(--chart-activations)',
  '#059669',
  '#dc2626',
  '#0891b2',
  '#ca8a04',
  '#7c3aed',
  '#be185d',
];

export function formatVolume(tokens: number): string {
  if (tokens >= 1e9) return `${tokens / 1e9}B`;
  if (tokens >= 1e6) return `${tokens / 1e6}M`;
  return `${tokens / 1e3}k`;
}

export function formatUsd(usd: number): string {
  return usd >= 1000 ? `$${Math.round(usd).toLocaleString('en-US')}` : usd >= 10 ? `$${usd.toFixed(0)}` : `$${usd.toFixed(2)}`;
}

/** Monthly cost against monthly volume, log-log: self-hosting climbs in steps (machines), APIs in a line. */
export function CostChart({ curve }: { curve: CostCurve }) {
  const data = curve.tokensPerMonth.map((tokens, index) => {
    const row: Record<string, number> = { tokens };
    for (const series of curve.series) row[series.optionId] = Math.max(0.01, series.monthlyCostUsd[index] ?? 0);
    return row;
  });
  return (
    <figure className="chart" aria-label="Monthly cost against monthly volume">
      <ResponsiveContainer width="100%" height={340}>
        <LineChart data={data} margin={{ left: 16, right: 16, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="tokens"
            type="number"
            scale="log"
            domain={['dataMin', 'dataMax']}
            ticks={curve.tokensPerMonth}
            tickFormatter={formatVolume}
            stroke="var(--muted)"
          />
          <YAxis
            type="number"
            scale="log"
            domain={['auto', 'auto']}
            tickFormatter={(value: number) => formatUsd(value)}
            stroke="var(--muted)"
            width={80}
          />
          <Tooltip
            labelFormatter={(value) => `${formatVolume(Number(value))} tokens/month`}
            formatter={(value) => `${formatUsd(Number(value))}/month`}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Legend />
          {curve.series.map((series, index) => (
            <Line
              key={series.optionId}
              dataKey={series.optionId}
              name={series.label}
              stroke={COLORS[index % COLORS.length]}
              strokeWidth={2}
              strokeDasharray={series.label.endsWith('(API)') ? '6 3' : undefined}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {curve.series
          .map(
            (s) =>
              `${s.label}: ${s.monthlyCostUsd.map((usd, i) => `${formatVolume(curve.tokensPerMonth[i] ?? 0)} ${formatUsd(usd)}`).join(', ')}`,
          )
          .join('; ')}
      </figcaption>
    </figure>
  );
}

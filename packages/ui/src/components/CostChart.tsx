import { formatUsd as usd } from '@weightplan/format';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RouterOutputs } from '../state/types.js';
import { ChartTable } from './ChartTable.js';
import { TOOLTIP_STYLE, X_AXIS_HEIGHT, xAxisTitle, yAxisTitle } from './chart-parts.js';
import { logTicks } from './log-ticks.js';

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
  if (tokens >= 1e9) return `${Number((tokens / 1e9).toPrecision(3))}B`;
  if (tokens >= 1e6) return `${Number((tokens / 1e6).toPrecision(3))}M`;
  return `${Number((tokens / 1e3).toPrecision(3))}K`;
}

export function formatUsd(value: number): string {
  return usd(value);
}

/** A numbered break-even marker; its number leads the matching sentence under the chart. */
export interface BreakEvenMarker {
  number: number;
  tokensPerMonth: number;
}

/** Monthly cost against monthly volume, log-log: self-hosting climbs in steps (machines), APIs in a line. */
export function CostChart({
  curve,
  markers = [],
  volumeTokens,
}: {
  curve: CostCurve;
  markers?: readonly BreakEvenMarker[];
  volumeTokens?: number;
}) {
  const data = curve.tokensPerMonth.map((tokens, index) => {
    const row: Record<string, number> = { tokens };
    for (const series of curve.series) row[series.optionId] = Math.max(0.01, series.monthlyCostUsd[index] ?? 0);
    return row;
  });
  const costs = data.flatMap((row) => curve.series.map((s) => row[s.optionId] ?? 0)).filter((usd) => usd > 0);
  const lowest = Math.min(...costs);
  const highest = Math.max(...costs);
  // Whole decades when the costs span many of them ($0.10 to $10,000), 1-2-5 steps otherwise.
  const costTicks = logTicks(lowest, highest, highest / lowest > 1000 ? [1] : [1, 2, 5]);
  const first = curve.tokensPerMonth[0] ?? 1;
  const last = curve.tokensPerMonth.at(-1) ?? 1;
  const inRange = (tokens: number) => tokens >= first && tokens <= last;
  // A label beside its line, on the side with room: right of a line in the left half, left of one in the right.
  const side = (tokens: number) => (tokens > Math.sqrt(first * last) ? 'Right' : 'Left');
  return (
    <>
      <figure className="chart" aria-label="Monthly cost against monthly volume">
        <ResponsiveContainer width="100%" height={380}>
          <LineChart data={data} margin={{ left: 4, right: 16, top: 20, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              dataKey="tokens"
              type="number"
              scale="log"
              domain={['dataMin', 'dataMax']}
              ticks={curve.tokensPerMonth}
              tickFormatter={formatVolume}
              stroke="var(--muted)"
              height={X_AXIS_HEIGHT}
              label={xAxisTitle('Tokens per month')}
            />
            <YAxis
              type="number"
              scale="log"
              domain={[costTicks[0] ?? 'auto', costTicks.at(-1) ?? 'auto']}
              ticks={costTicks}
              allowDataOverflow
              tickFormatter={(value: number) => formatUsd(value)}
              stroke="var(--muted)"
              width={92}
              label={yAxisTitle('Cost per month (USD)')}
            />
            <Tooltip
              labelFormatter={(value) => `${formatVolume(Number(value))} tokens/month`}
              formatter={(value) => `${formatUsd(Number(value))}/month`}
              contentStyle={TOOLTIP_STYLE}
            />
            <Legend />
            {volumeTokens !== undefined && inRange(volumeTokens) && (
              <ReferenceLine
                x={volumeTokens}
                stroke="var(--text)"
                strokeWidth={2}
                label={{
                  value: 'your volume',
                  position: `insideBottom${side(volumeTokens)}`,
                  fill: 'var(--text)',
                  fontSize: 12,
                  className: 'marker-label volume-label',
                }}
              />
            )}
            {markers
              .filter((m) => inRange(m.tokensPerMonth))
              .map((m) => (
                <ReferenceLine
                  key={m.number}
                  x={m.tokensPerMonth}
                  stroke="var(--accent)"
                  strokeDasharray="5 3"
                  className="break-even-marker"
                  // Numbered, and stepped down one line each, so markers a few pixels apart keep readable labels.
                  label={{
                    value: `${m.number}`,
                    position: `insideTop${side(m.tokensPerMonth)}`,
                    dy: (m.number - 1) * 14,
                    fill: 'var(--accent)',
                    fontSize: 12,
                    fontWeight: 700,
                    className: 'marker-label break-even-label',
                  }}
                />
              ))}
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
      </figure>
      <ChartTable
        testId="cost-table"
        caption="Monthly cost (USD) against monthly volume"
        columns={['Tokens per month', ...curve.series.map((s) => s.label)]}
        rows={curve.tokensPerMonth.map((tokens, index) => [
          formatVolume(tokens),
          ...curve.series.map((s) => formatUsd(s.monthlyCostUsd[index] ?? 0)),
        ])}
      />
    </>
  );
}

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTokensPerSecond } from '../format.js';
import type { Scenario } from '../state/types.js';

/** Aggregate generation speed (bars) and each user's speed (line) as concurrent sequences grow. */
export function CapacityChart({ capacity }: { capacity: Scenario['capacity'] }) {
  const data = capacity.curve.map((p) => ({
    concurrency: String(p.concurrency),
    aggregate: p.aggregateTokensPerSecond,
    perUser: p.perSequenceTokensPerSecond,
  }));
  return (
    <figure className="chart" aria-label="Throughput against concurrent sequences">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ left: 12, right: 12, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="concurrency"
            stroke="var(--muted)"
            label={{ value: 'concurrent sequences', position: 'insideBottom', offset: -4, fill: 'var(--muted)' }}
          />
          <YAxis yAxisId="aggregate" stroke="var(--muted)" />
          <YAxis yAxisId="perUser" orientation="right" stroke="var(--muted)" />
          <Tooltip
            formatter={(value) => `${formatTokensPerSecond(Number(value))} tokens/s`}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Legend verticalAlign="top" />
          <Bar yAxisId="aggregate" dataKey="aggregate" name="All sequences" fill="var(--chart-weights)" isAnimationActive={false} />
          <Line yAxisId="perUser" dataKey="perUser" name="Each user" stroke="var(--chart-kv)" strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {capacity.curve
          .map((p) => `${p.concurrency} sequences: ${formatTokensPerSecond(p.aggregateTokensPerSecond)} tokens/s in all`)
          .join('; ')}
      </figcaption>
    </figure>
  );
}

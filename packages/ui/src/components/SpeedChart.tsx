import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatSeconds, formatTokens, formatTokensPerSecond } from '../format.js';
import type { Scenario } from '../state/types.js';
import { Empty } from './Status.js';

const LINE_ORDER = ['Generation', 'Likely low', 'Likely high', 'Time to first token'];

/** Generation speed (with its band) and time to first token as the context grows. */
export function SpeedChart({ curve }: { curve: Scenario['curve'] }) {
  const data = curve.map((point) => ({
    context: point.contextTokens,
    decode: point.decodeTokensPerSecond,
    low: point.low,
    high: point.high,
    ttft: point.timeToFirstTokenSeconds,
  }));
  // An empty chart says why it is empty.
  if (data.length === 0) return <Empty>No context lengths to chart.</Empty>;
  if (data.every((d) => d.decode === null))
    return (
      <Empty>
        No speed to chart: the model does not fit this machine at any context from {formatTokens(data[0]?.context ?? 0)} to{' '}
        {formatTokens(data.at(-1)?.context ?? 0)} tokens.
      </Empty>
    );
  return (
    <figure className="chart" aria-label="Speed against context length">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ left: 12, right: 12, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="context"
            scale="log"
            domain={['dataMin', 'dataMax']}
            type="number"
            tickFormatter={formatTokens}
            stroke="var(--muted)"
            ticks={data.map((d) => d.context)}
          />
          <YAxis
            yAxisId="speed"
            stroke="var(--muted)"
            label={{ value: 'tokens/s', angle: -90, position: 'insideLeft', fill: 'var(--muted)' }}
          />
          <YAxis
            yAxisId="ttft"
            orientation="right"
            stroke="var(--muted)"
            label={{ value: 'TTFT s', angle: 90, position: 'insideRight', fill: 'var(--muted)' }}
          />
          <Tooltip
            labelFormatter={(value) => `${formatTokens(Number(value))} tokens of context`}
            formatter={(value, name) =>
              name === 'Time to first token' ? formatSeconds(Number(value)) : `${formatTokensPerSecond(Number(value))} tokens/s`
            }
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Legend itemSorter={(item) => LINE_ORDER.indexOf(String(item.value))} />
          <Line
            yAxisId="speed"
            dataKey="decode"
            name="Generation"
            stroke="var(--chart-weights)"
            strokeWidth={2}
            dot
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            yAxisId="speed"
            dataKey="low"
            name="Likely low"
            stroke="var(--chart-weights)"
            strokeDasharray="4 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="speed"
            dataKey="high"
            name="Likely high"
            stroke="var(--chart-weights)"
            strokeDasharray="4 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="ttft"
            dataKey="ttft"
            name="Time to first token"
            stroke="var(--chart-kv)"
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {curve
          .map(
            (p) =>
              `${formatTokens(p.contextTokens)} tokens: ${formatTokensPerSecond(p.decodeTokensPerSecond)} tokens/s, first token ${formatSeconds(p.timeToFirstTokenSeconds)}`,
          )
          .join('; ')}
      </figcaption>
    </figure>
  );
}

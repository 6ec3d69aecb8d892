import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTokensPerSecond } from '../format.js';
import type { Scenario } from '../state/types.js';
import { ChartTable } from './ChartTable.js';
import { PLACEMENT_WORDS, TOOLTIP_STYLE, X_AXIS_HEIGHT, xAxisTitle, yAxisTitle } from './chart-parts.js';

type Capacity = Scenario['capacity'];

/** What the marker at `leavesGpuAt` says. */
export function leavesGpuWords(leaves: NonNullable<Capacity['leavesGpuAt']>): string {
  return leaves.fit === 'offload' ? `spills to CPU at ${leaves.concurrency}` : `does not fit at ${leaves.concurrency}`;
}

/**
 * Aggregate generation speed and each user's speed as concurrent sequences double, on a logarithmic
 * concurrency axis, with the knee and the point where the sequences' KV cache pushes the plan off the GPUs.
 */
export function CapacityChart({ capacity }: { capacity: Capacity }) {
  const data = capacity.curve.map((p) => ({
    concurrency: p.concurrency,
    aggregate: p.aggregateTokensPerSecond,
    perUser: p.perSequenceTokensPerSecond,
  }));
  const leaves = capacity.leavesGpuAt;
  const ticks = [...new Set([...data.map((d) => d.concurrency), ...(leaves ? [leaves.concurrency] : [])])].sort((a, b) => a - b);
  const knee = capacity.kneeConcurrency;
  return (
    <>
      <figure className="chart" aria-label="Throughput against concurrent sequences">
        <ResponsiveContainer width="100%" height={290}>
          <LineChart data={data} margin={{ left: 4, right: 4, top: 20, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              dataKey="concurrency"
              type="number"
              scale="log"
              domain={[ticks[0] ?? 1, ticks.at(-1) ?? 1]}
              ticks={ticks}
              stroke="var(--muted)"
              height={X_AXIS_HEIGHT}
              label={xAxisTitle('Concurrent sequences')}
            />
            <YAxis yAxisId="aggregate" stroke="var(--muted)" width={72} label={yAxisTitle('All sequences (tokens/s)')} />
            <YAxis
              yAxisId="perUser"
              orientation="right"
              stroke="var(--muted)"
              width={72}
              label={yAxisTitle('Each user (tokens/s)', 'right')}
            />
            <Tooltip
              labelFormatter={(value) => `${value} concurrent sequences`}
              formatter={(value) => `${formatTokensPerSecond(Number(value))} tokens/s`}
              contentStyle={TOOLTIP_STYLE}
            />
            <Legend verticalAlign="top" />
            {knee !== null && (
              <ReferenceLine
                yAxisId="aggregate"
                x={knee}
                stroke="var(--muted)"
                strokeDasharray="2 4"
                label={{
                  value: `knee at ${knee}`,
                  position: 'insideBottomRight',
                  fill: 'var(--muted)',
                  fontSize: 12,
                  className: 'marker-label knee-label',
                }}
              />
            )}
            {leaves && (
              <ReferenceLine
                yAxisId="aggregate"
                x={leaves.concurrency}
                stroke={leaves.fit === 'offload' ? 'var(--offload-text)' : 'var(--danger)'}
                strokeDasharray="5 3"
                label={{
                  value: leavesGpuWords(leaves),
                  position: 'insideTopRight',
                  fill: leaves.fit === 'offload' ? 'var(--offload-text)' : 'var(--danger)',
                  fontSize: 12,
                  className: 'marker-label spill-label',
                }}
              />
            )}
            <Line
              yAxisId="aggregate"
              dataKey="aggregate"
              name="All sequences"
              stroke="var(--chart-weights)"
              strokeWidth={2}
              dot
              isAnimationActive={false}
            />
            <Line
              yAxisId="perUser"
              dataKey="perUser"
              name="Each user"
              stroke="var(--chart-kv)"
              strokeWidth={2}
              dot
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <ChartTable
        testId="capacity-table"
        caption="Throughput against concurrent sequences"
        columns={['Concurrent sequences', 'All sequences (tokens/s)', 'Each user (tokens/s)', 'Placement']}
        rows={[
          ...capacity.curve.map((p) => [
            String(p.concurrency),
            formatTokensPerSecond(p.aggregateTokensPerSecond),
            formatTokensPerSecond(p.perSequenceTokensPerSecond),
            `${PLACEMENT_WORDS[p.fit]}${p.concurrency === knee ? ' (knee)' : ''}`,
          ]),
          ...(leaves && !capacity.curve.some((p) => p.concurrency === leaves.concurrency)
            ? [[String(leaves.concurrency), '—', '—', PLACEMENT_WORDS[leaves.fit]]]
            : []),
        ]}
      />
    </>
  );
}

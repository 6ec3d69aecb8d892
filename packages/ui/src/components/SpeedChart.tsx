import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatSeconds, formatTokens, formatTokensPerSecond } from '../format.js';
import type { Scenario } from '../state/types.js';
import { ChartTable } from './ChartTable.js';
import { PLACEMENT_WORDS, TOOLTIP_STYLE, X_AXIS_HEIGHT, xAxisTitle, yAxisTitle } from './chart-parts.js';
import { logTicks } from './log-ticks.js';
import { Empty } from './Status.js';

const LINE_ORDER = ['Generation', 'Likely low', 'Likely high'];

type Limits = Scenario['curveLimits'];

/** The spill and no-fit markers both charts share: a line where it happens and the region past it shaded. */
function limitMarkers(limits: Limits, lastContext: number, yAxisId: string) {
  const spill = limits.spillsToCpuFromTokens;
  const noFit = limits.stopsFittingFromTokens;
  return [
    spill !== null && (
      <ReferenceArea
        key="spill-area"
        yAxisId={yAxisId}
        x1={spill}
        x2={noFit ?? lastContext}
        fill="var(--offload)"
        fillOpacity={0.5}
        ifOverflow="extendDomain"
      />
    ),
    spill !== null && (
      <ReferenceLine
        key="spill"
        yAxisId={yAxisId}
        x={spill}
        stroke="var(--offload-text)"
        strokeDasharray="5 3"
        label={{
          value: `spills to CPU at ${formatTokens(spill)}`,
          position: 'insideTopLeft',
          fill: 'var(--offload-text)',
          fontSize: 12,
          className: 'marker-label spill-label',
        }}
      />
    ),
    noFit !== null && (
      <ReferenceLine
        key="no-fit"
        yAxisId={yAxisId}
        x={noFit}
        stroke="var(--danger)"
        strokeDasharray="5 3"
        label={{
          value: `does not fit from ${formatTokens(noFit)}`,
          position: 'insideTopRight',
          fill: 'var(--danger)',
          fontSize: 12,
          className: 'marker-label no-fit-label',
        }}
      />
    ),
  ];
}

/** One sentence for what the markers show, for everyone and for screen readers. */
export function limitsSentence(limits: Limits): string | null {
  const parts: string[] = [];
  if (limits.spillsToCpuFromTokens !== null)
    parts.push(
      `From ${limits.spillsToCpuFromTokens.toLocaleString('en-US')} tokens of context the model spills to the CPU and generation slows sharply`,
    );
  if (limits.stopsFittingFromTokens !== null)
    parts.push(`from ${limits.stopsFittingFromTokens.toLocaleString('en-US')} tokens it does not fit this machine at all`);
  if (parts.length === 0) return null;
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * Generation speed (with its band) and time to first token as the context grows, on two charts: time to
 * first token spans orders of magnitude (0.2 s at 1k, 40 s at 128k) and gets its own logarithmic axis.
 */
export function SpeedChart({ curve, limits }: { curve: Scenario['curve']; limits: Limits }) {
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
  const contexts = data.map((d) => d.context);
  const lastContext = contexts.at(-1) ?? 0;
  const ttfts = data.map((d) => d.ttft).filter((t): t is number => t !== null && t > 0);
  const ttftTicks = logTicks(Math.min(...ttfts), Math.max(...ttfts));
  const sentence = limitsSentence(limits);
  const xAxis = (
    <XAxis
      dataKey="context"
      scale="log"
      domain={['dataMin', 'dataMax']}
      type="number"
      tickFormatter={formatTokens}
      stroke="var(--muted)"
      ticks={contexts}
      height={X_AXIS_HEIGHT}
      label={xAxisTitle('Context length (tokens)')}
    />
  );
  return (
    <div className="speed-charts" data-testid="speed-charts">
      {sentence && (
        <p className="chart-note" data-testid="spill-note">
          {sentence}
        </p>
      )}
      <figure className="chart" aria-label="Generation speed against context length">
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={data} margin={{ left: 4, right: 16, top: 20, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            {xAxis}
            <YAxis yAxisId="speed" stroke="var(--muted)" width={92} label={yAxisTitle('Generation (tokens/s)')} />
            {limitMarkers(limits, lastContext, 'speed')}
            <Tooltip
              labelFormatter={(value) => `${formatTokens(Number(value))} tokens of context`}
              formatter={(value) => `${formatTokensPerSecond(Number(value))} tokens/s`}
              contentStyle={TOOLTIP_STYLE}
            />
            <Legend verticalAlign="top" itemSorter={(item) => LINE_ORDER.indexOf(String(item.value))} />
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
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="Time to first token against context length (log scale)">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ left: 4, right: 16, top: 20, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            {xAxis}
            <YAxis
              yAxisId="ttft"
              stroke="var(--muted)"
              width={92}
              scale="log"
              type="number"
              domain={[ttftTicks[0] ?? 'auto', ttftTicks.at(-1) ?? 'auto']}
              ticks={ttftTicks}
              allowDataOverflow
              tickFormatter={(value: number) => formatSeconds(value)}
              label={yAxisTitle('First token (s, log)')}
            />
            {limitMarkers(limits, lastContext, 'ttft')}
            <Tooltip
              labelFormatter={(value) => `${formatTokens(Number(value))}-token prompt`}
              formatter={(value) => formatSeconds(Number(value))}
              contentStyle={TOOLTIP_STYLE}
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
      </figure>
      <ChartTable
        testId="speed-table"
        caption="Speed as the context grows (the prompt fills the context)"
        columns={['Context (tokens)', 'Generation (tokens/s)', 'Likely range (tokens/s)', 'Time to first token', 'Placement']}
        rows={curve.map((p) => [
          p.contextTokens.toLocaleString('en-US'),
          formatTokensPerSecond(p.decodeTokensPerSecond),
          p.low === null || p.high === null ? '—' : `${formatTokensPerSecond(p.low)}–${formatTokensPerSecond(p.high)}`,
          formatSeconds(p.timeToFirstTokenSeconds),
          PLACEMENT_WORDS[p.fit],
        ])}
      />
    </div>
  );
}

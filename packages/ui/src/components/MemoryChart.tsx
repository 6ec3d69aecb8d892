import { GiB } from '@weightplan/format';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '../format.js';
import type { Estimate } from '../state/types.js';
import { ChartTable } from './ChartTable.js';
import { TOOLTIP_STYLE, X_AXIS_HEIGHT, xAxisTitle } from './chart-parts.js';
import { Empty } from './Status.js';

const SEGMENTS = [
  { key: 'weights', label: 'Weights', color: 'var(--chart-weights)' },
  { key: 'kvCache', label: 'KV cache', color: 'var(--chart-kv)' },
  { key: 'activations', label: 'Activations', color: 'var(--chart-activations)' },
  { key: 'overhead', label: 'Runtime overhead', color: 'var(--chart-overhead)' },
] as const;

type Device = Estimate['memory']['perDevice'][number];

/** Gridlines at whole, readable steps of GiB up to the device's capacity. */
function gibTicks(maxGiB: number): number[] {
  const step = [1, 2, 4, 8, 16, 32, 64, 128, 256].find((s) => maxGiB / s <= 6) ?? 512;
  const ticks: number[] = [];
  for (let t = 0; t <= maxGiB + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** One device against its own capacity: a 24 GiB card and 128 GiB of RAM each fill their own width. */
function DeviceBar({ device }: { device: Device }) {
  const capacityGiB = device.capacityBytes / GiB;
  const row = {
    device: device.name,
    weights: device.weightsBytes / GiB,
    kvCache: device.kvCacheBytes / GiB,
    activations: device.activationBytes / GiB,
    overhead: device.overheadBytes / GiB,
  };
  const domainGiB = Math.max(capacityGiB, device.totalBytes / GiB);
  const share = device.capacityBytes > 0 ? Math.round((device.totalBytes / device.capacityBytes) * 100) : 0;
  return (
    <figure className="chart device-chart" aria-label={`Memory on ${device.name}`} data-testid="device-memory">
      <figcaption>
        <strong>{device.kind === 'cpu' ? `System RAM (${device.name})` : device.name}</strong>{' '}
        <span className="muted">
          {formatBytes(device.totalBytes)} of {formatBytes(device.capacityBytes)} ({share}%)
          {device.layers > 0 ? `, ${device.layers} layers` : ''}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={52 + X_AXIS_HEIGHT}>
        <BarChart data={[row]} layout="vertical" margin={{ left: 8, right: 24, top: 18, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--grid)" />
          <XAxis
            type="number"
            domain={[0, domainGiB]}
            ticks={gibTicks(domainGiB)}
            allowDataOverflow
            stroke="var(--muted)"
            tickFormatter={(value: number) => value.toFixed(0)}
            height={X_AXIS_HEIGHT}
            label={xAxisTitle('GiB')}
          />
          <YAxis type="category" dataKey="device" hide />
          <Tooltip formatter={(value) => formatBytes(Number(value) * GiB)} contentStyle={TOOLTIP_STYLE} />
          {SEGMENTS.map((segment) => (
            <Bar
              key={segment.key}
              dataKey={segment.key}
              name={segment.label}
              stackId="memory"
              fill={segment.color}
              barSize={26}
              isAnimationActive={false}
            />
          ))}
          <ReferenceLine
            x={capacityGiB}
            stroke="var(--text)"
            strokeWidth={2}
            label={{
              value: `capacity ${formatBytes(device.capacityBytes)}`,
              position: 'insideTopRight',
              fill: 'var(--text)',
              fontSize: 12,
              dy: -16,
              className: 'marker-label capacity-label',
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Memory per device, stacked by what fills it, each against that device's own capacity line. */
export function MemoryChart({ estimate }: { estimate: Estimate }) {
  const devices = estimate.memory.perDevice;
  if (devices.length === 0) return <Empty>No device to chart: {estimate.placement.explanation}.</Empty>;
  return (
    <div className="memory-charts" data-testid="memory-charts">
      <ul className="chart-legend" aria-label="Legend">
        {SEGMENTS.map((segment) => (
          <li key={segment.key}>
            <span className="swatch" style={{ background: segment.color }} aria-hidden="true" />
            {segment.label}
          </li>
        ))}
        <li>
          <span className="swatch capacity" aria-hidden="true" />
          Capacity
        </li>
      </ul>
      {devices.map((device) => (
        <DeviceBar key={device.device} device={device} />
      ))}
      <ChartTable
        testId="memory-table"
        caption="Memory per device"
        columns={['Device', 'Weights', 'KV cache', 'Activations', 'Runtime overhead', 'Total', 'Capacity', 'Layers']}
        rows={devices.map((d) => [
          d.name,
          formatBytes(d.weightsBytes),
          formatBytes(d.kvCacheBytes),
          formatBytes(d.activationBytes),
          formatBytes(d.overheadBytes),
          formatBytes(d.totalBytes),
          formatBytes(d.capacityBytes),
          String(d.layers),
        ])}
      />
    </div>
  );
}

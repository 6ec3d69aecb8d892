import { GiB } from '@weightplan/format';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '../format.js';
import type { Estimate } from '../state/types.js';
import { Empty } from './Status.js';

const SEGMENTS = [
  { key: 'weights', label: 'Weights', color: 'var(--chart-weights)' },
  { key: 'kvCache', label: 'KV cache', color: 'var(--chart-kv)' },
  { key: 'activations', label: 'Activations', color: 'var(--chart-activations)' },
  { key: 'overhead', label: 'Runtime overhead', color: 'var(--chart-overhead)' },
  { key: 'free', label: 'Free', color: 'var(--chart-free)' },
] as const;

/** Memory per device, stacked by what fills it, against the device's capacity. */
export function MemoryChart({ estimate }: { estimate: Estimate }) {
  const data = estimate.memory.perDevice.map((device) => ({
    device: device.name,
    weights: device.weightsBytes / GiB,
    kvCache: device.kvCacheBytes / GiB,
    activations: device.activationBytes / GiB,
    overhead: device.overheadBytes / GiB,
    free: Math.max(0, device.capacityBytes - device.totalBytes) / GiB,
  }));
  if (data.length === 0) return <Empty>No device to chart: {estimate.placement.explanation}.</Empty>;
  return (
    <figure className="chart" aria-label="Memory per device">
      <ResponsiveContainer width="100%" height={90 + data.length * 48}>
        <BarChart data={data} layout="vertical" margin={{ left: 12, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--grid)" />
          <XAxis type="number" unit=" GiB" stroke="var(--muted)" tickFormatter={(value: number) => value.toFixed(0)} />
          <YAxis type="category" dataKey="device" width={170} stroke="var(--muted)" />
          <Tooltip
            formatter={(value) => formatBytes(Number(value) * GiB)}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Legend itemSorter={(item) => SEGMENTS.findIndex((s) => s.label === item.value)} />
          {SEGMENTS.map((segment) => (
            <Bar
              key={segment.key}
              dataKey={segment.key}
              name={segment.label}
              stackId="memory"
              fill={segment.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {estimate.memory.perDevice.map((d) => `${d.name}: ${formatBytes(d.totalBytes)} used of ${formatBytes(d.capacityBytes)}`).join('; ')}
      </figcaption>
    </figure>
  );
}

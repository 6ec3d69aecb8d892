import type { Caller } from '../caller.js';
import { formatBandwidth, formatBytes, renderTable } from '../format.js';
import { type CliIo, printJson, tableWidth } from '../io.js';

export interface GpusOptions {
  search?: string;
  vendor?: 'nvidia' | 'amd' | 'intel' | 'apple';
  json?: boolean;
  wide?: boolean;
}

export async function runGpus(options: GpusOptions, caller: Caller, io: CliIo): Promise<void> {
  const selected = await caller.hardware.gpus({
    ...(options.search ? { search: options.search } : {}),
    ...(options.vendor ? { vendor: options.vendor } : {}),
  });
  if (options.json) {
    printJson(io, { gpus: selected });
    return;
  }
  io.out(
    renderTable(
      ['GPU', 'memory', 'bandwidth', 'FP16 TFLOPS', 'FP8', 'TDP', 'launch'],
      selected.map((gpu) => [
        gpu.name,
        formatBytes(gpu.memoryBytes),
        formatBandwidth(gpu.memoryBandwidthBytesPerSecond),
        gpu.fp16TensorTflops.toFixed(0),
        gpu.fp8TensorTflops === null ? '-' : gpu.fp8TensorTflops.toFixed(0),
        `${gpu.tdpWatts} W`,
        gpu.launchDate.slice(0, 7),
      ]),
      { width: tableWidth(io, options), drop: [6, 5, 4], shrink: 0 },
    ),
  );
  io.out(`${selected.length} GPUs. Use any of these names (or a short form like "4090", "H100 SXM") with --gpu.`);
}

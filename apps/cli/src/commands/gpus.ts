import { GPU_SPECS, type GpuSpec } from '@weightplan/hardware';
import { nameDistance } from '@weightplan/match';
import { formatBandwidth, formatBytes, renderTable } from '../format.js';
import { type CliIo, printJson } from '../io.js';

export interface GpusOptions {
  search?: string;
  vendor?: string;
  json?: boolean;
}

export function runGpus(options: GpusOptions, io: CliIo): void {
  let selected: GpuSpec[] = [...GPU_SPECS];
  if (options.vendor) selected = selected.filter((gpu) => gpu.vendor === options.vendor?.toLowerCase());
  if (options.search) {
    const search = options.search;
    selected = selected.filter((gpu) => [gpu.name, ...gpu.aliases].some((name) => nameDistance(search, name) < 2));
  }
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
    ),
  );
  io.out(`${selected.length} GPUs. Use any of these names (or a short form like "4090", "H100 SXM") with --gpu.`);
}

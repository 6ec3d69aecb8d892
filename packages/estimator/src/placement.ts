import { formatBytes } from '@weightplan/format';
import { minOf } from '@weightplan/hardware';
import type { ModelArchitecture } from '@weightplan/weights';
import type { ComputeDevice } from './devices.js';
import type { ModelCosts } from './layer-costs.js';

const GiB = 1024 ** 3;

export type PlacementTarget = 'gpu' | 'multi-gpu' | 'multi-node' | 'gpu+cpu' | 'moe-offload' | 'cpu' | 'none';
export type FitStatus = 'fits' | 'tight' | 'offload' | 'no-fit';
/** `row`: llama.cpp's `--split-mode row`, every matrix split by rows across the GPUs, the KV cache on the main GPU. */
export type SplitMode = 'none' | 'layer' | 'row' | 'tensor' | 'tensor+pipeline';

/** What one device holds. */
export interface DeviceAssignment {
  device: ComputeDevice;
  /** Decoder layers whose weights and KV cache live here (all of each layer, except offloaded experts). */
  layers: number[];
  /** Layers whose routed experts live here although the rest of the layer is on a GPU (MoE offload). */
  expertLayers: number[];
  holdsOutput: boolean;
  holdsEmbedding: boolean;
  /** Share of every layer's weights this device holds under tensor parallelism or a row split (1 otherwise). */
  tensorShare: number;
  /** Share of the KV cache of its layers this device holds (tensor parallel: 1/tp; row split: all on the main GPU). */
  kvShare: number;
  weightsBytes: number;
  kvCacheBytes: number;
  computeBufferBytes: number;
  overheadBytes: number;
  capacityBytes: number;
}

export interface Placement {
  target: PlacementTarget;
  fit: FitStatus;
  splitMode: SplitMode;
  tensorParallelSize: number;
  pipelineParallelSize: number;
  /** Layers on GPUs (llama.cpp `-ngl`; the output layer counts as one more when it is on a GPU). */
  gpuLayers: number;
  totalLayers: number;
  /** Leading layers whose experts stay in RAM (llama.cpp `--n-cpu-moe`). */
  cpuMoeLayers: number;
  /** Share of layers per GPU (llama.cpp `--tensor-split`), when several GPUs share layers. */
  tensorSplit: number[];
  assignments: DeviceAssignment[];
  /** Why this placement: what fit where, or what did not. */
  explanation: string;
}

export interface PlacementInput {
  arch: ModelArchitecture;
  costs: ModelCosts;
  kvPerLayerBytes: number[];
  devices: ComputeDevice[];
  /** llama.cpp family, paged serving (vLLM/SGLang), or MLX. */
  engine: 'llama.cpp' | 'paged' | 'mlx';
  /** Compute buffer of the device holding the output layer, and of the others. */
  computeBufferBytes: { withLogits: number; withoutLogits: number; host: number };
  /** Runtime memory outside the model on each GPU (driver context, CUDA graphs). */
  gpuOverheadBytes: number;
  /** `auto` picks GPU, offload or CPU; `cpu` forces CPU only; `gpu` refuses offload. */
  request: 'auto' | 'gpu' | 'cpu';
  /** vLLM's share of VRAM it may use. */
  gpuMemoryUtilization: number;
  /** llama.cpp's split mode over several GPUs: by layer (default) or by rows of every matrix. */
  llamaSplitMode: 'layer' | 'row';
}

interface Budget {
  device: ComputeDevice;
  capacity: number;
  used: number;
  layers: number[];
}

function emptyAssignment(device: ComputeDevice, capacity: number): DeviceAssignment {
  return {
    device,
    layers: [],
    expertLayers: [],
    holdsOutput: false,
    holdsEmbedding: false,
    tensorShare: 1,
    kvShare: 1,
    weightsBytes: 0,
    kvCacheBytes: 0,
    computeBufferBytes: 0,
    overheadBytes: 0,
    capacityBytes: capacity,
  };
}

export function assignmentTotalBytes(a: DeviceAssignment): number {
  return a.weightsBytes + a.kvCacheBytes + a.computeBufferBytes + a.overheadBytes;
}

/** Headroom below which a fit is "tight": 5% of the device, at least 1 GiB (a desktop's display alone holds 0.5-1.5 GiB). */
function tightMargin(capacity: number): number {
  return Math.max(0.05 * capacity, GiB);
}

function classify(assignments: DeviceAssignment[], offloaded: boolean): FitStatus {
  if (assignments.some((a) => assignmentTotalBytes(a) > a.capacityBytes)) return 'no-fit';
  if (offloaded) return 'offload';
  const tight = assignments.some((a) => a.capacityBytes - assignmentTotalBytes(a) < tightMargin(a.capacityBytes));
  return tight ? 'tight' : 'fits';
}

/**
 * Splits `layerSizes` over `budgets` in order, contiguously. First tries llama.cpp's default, a split
 * proportional to each device's free memory; if a device overflows, fills devices one after another.
 * Returns how many layers were placed (the rest did not fit).
 */
function splitLayers(layerSizes: number[], budgets: Budget[]): number {
  const total = layerSizes.reduce((sum, size) => sum + size, 0);
  const free = budgets.map((b) => Math.max(0, b.capacity - b.used));
  const freeTotal = free.reduce((sum, bytes) => sum + bytes, 0);
  if (total <= freeTotal && budgets.length > 0) {
    // Proportional split by layer count, as llama.cpp's tensor split does.
    let cursor = 0;
    let cumulativeShare = 0;
    const proportional = budgets.map((_, index) => {
      cumulativeShare += (free[index] ?? 0) / freeTotal;
      const end = index === budgets.length - 1 ? layerSizes.length : Math.round(cumulativeShare * layerSizes.length);
      const layers = Array.from({ length: end - cursor }, (_, k) => cursor + k);
      cursor = end;
      return layers;
    });
    const ok = proportional.every((layers, index) => layers.reduce((sum, l) => sum + (layerSizes[l] ?? 0), 0) <= (free[index] ?? 0));
    if (ok) {
      proportional.forEach((layers, index) => {
        const budget = budgets[index];
        if (!budget) return;
        budget.layers.push(...layers);
        budget.used += layers.reduce((sum, l) => sum + (layerSizes[l] ?? 0), 0);
      });
      return layerSizes.length;
    }
  }
  let layer = 0;
  for (const budget of budgets) {
    while (layer < layerSizes.length && budget.used + (layerSizes[layer] ?? 0) <= budget.capacity) {
      budget.used += layerSizes[layer] ?? 0;
      budget.layers.push(layer);
      layer++;
    }
  }
  return layer;
}

function sumLayers(layers: number[], sizes: (index: number) => number): number {
  return layers.reduce((sum, layer) => sum + sizes(layer), 0);
}

/**
 * llama.cpp placement: the embedding stays in RAM; layers go to the GPUs (split by free memory), the
 * output layer with the last; what does not fit stays on the CPU, either as whole layers (`-ngl`) or,
 * for MoE models, as the routed experts of the leading layers (`--n-cpu-moe`), whichever is given.
 */
function placeLlamaCpp(input: PlacementInput, moeOffload: boolean): Placement {
  const { arch, costs, kvPerLayerBytes, devices } = input;
  const gpus = devices.filter((d) => d.kind === 'gpu');
  const cpu = devices.find((d) => d.kind === 'cpu' && d.node === 0);
  if (!cpu) throw new Error('hardware has no CPU device');
  const layerBytes = (l: number) => (costs.layers[l]?.weightsBytes ?? 0) + (kvPerLayerBytes[l] ?? 0);
  const expertBytes = (l: number) => costs.layers[l]?.routedExpertBytes ?? 0;
  const n = arch.layers;
  const unified = gpus.some((g) => g.gpu?.unifiedMemory);

  const assignments = new Map<ComputeDevice, DeviceAssignment>();
  const gpuBudgets: Budget[] = gpus.map((device) => {
    const overhead = input.gpuOverheadBytes;
    const assignment = emptyAssignment(device, device.capacityBytes);
    assignment.overheadBytes = overhead;
    assignments.set(device, assignment);
    return { device, capacity: device.capacityBytes, used: overhead + input.computeBufferBytes.withLogits, layers: [] };
  });
  const cpuAssignment = emptyAssignment(cpu, cpu.capacityBytes);
  cpuAssignment.holdsEmbedding = true;
  cpuAssignment.weightsBytes += costs.edges.embeddingBytes;
  assignments.set(cpu, cpuAssignment);

  if (input.request === 'cpu' || gpus.length === 0) {
    const all = Array.from({ length: n }, (_, i) => i);
    cpuAssignment.layers = all;
    cpuAssignment.holdsOutput = true;
    cpuAssignment.weightsBytes += sumLayers(all, (l) => costs.layers[l]?.weightsBytes ?? 0) + costs.edges.outputBytes;
    cpuAssignment.kvCacheBytes = sumLayers(all, (l) => kvPerLayerBytes[l] ?? 0);
    cpuAssignment.computeBufferBytes = input.computeBufferBytes.host;
    const fit = classify([cpuAssignment], false);
    return {
      target: fit === 'no-fit' ? 'none' : 'cpu',
      fit,
      splitMode: 'none',
      tensorParallelSize: 1,
      pipelineParallelSize: 1,
      gpuLayers: 0,
      totalLayers: n,
      cpuMoeLayers: 0,
      tensorSplit: [],
      assignments: [cpuAssignment],
      explanation:
        fit === 'no-fit'
          ? `needs ${gib(assignmentTotalBytes(cpuAssignment))} of RAM; ${gib(cpu.capacityBytes)} is available`
          : gpus.length === 0
            ? 'no GPU: every layer runs on the CPU from system RAM'
            : 'CPU only, as asked',
    };
  }

  // The output layer goes with the last GPU: reserve it there.
  const lastBudget = gpuBudgets[gpuBudgets.length - 1];
  if (lastBudget) lastBudget.used += costs.edges.outputBytes;

  let cpuMoeLayers = 0;
  let placedLayers: number;
  if (moeOffload && arch.moe) {
    // Every layer's attention, shared experts and KV on the GPUs; routed experts of the first m layers in RAM.
    const nonExpert = (l: number) => layerBytes(l) - expertBytes(l);
    const nonExpertFits = splitLayers(
      Array.from({ length: n }, (_, l) => nonExpert(l)),
      gpuBudgets.map((b) => ({ ...b, layers: [] })),
    );
    if (nonExpertFits < n) return placeLlamaCpp(input, false);
    for (let m = 0; m <= n; m++) {
      const trial = gpuBudgets.map((b) => ({ ...b, layers: [] as number[] }));
      const sizes = Array.from({ length: n }, (_, l) => (l < m ? nonExpert(l) : layerBytes(l)));
      if (splitLayers(sizes, trial) === n) {
        cpuMoeLayers = m;
        trial.forEach((t, index) => {
          const budget = gpuBudgets[index];
          if (!budget) return;
          budget.layers = t.layers;
          budget.used = t.used;
        });
        break;
      }
    }
    placedLayers = n;
    const expertLayers = Array.from({ length: cpuMoeLayers }, (_, l) => l);
    cpuAssignment.expertLayers = expertLayers;
    cpuAssignment.weightsBytes += sumLayers(expertLayers, expertBytes);
  } else {
    // llama.cpp offloads the last layers first, so the CPU keeps the leading ones; the split is the same size either way.
    placedLayers = splitLayers(
      Array.from({ length: n }, (_, l) => layerBytes(l)),
      gpuBudgets,
    );
  }

  const cpuLayers = Array.from({ length: n - placedLayers }, (_, k) => placedLayers + k);
  const allOnGpu = cpuLayers.length === 0;
  for (const budget of gpuBudgets) {
    const assignment = assignments.get(budget.device);
    if (!assignment) continue;
    assignment.layers = budget.layers;
    assignment.weightsBytes += sumLayers(budget.layers, (l) =>
      l < cpuMoeLayers ? (costs.layers[l]?.weightsBytes ?? 0) - expertBytes(l) : (costs.layers[l]?.weightsBytes ?? 0),
    );
    assignment.kvCacheBytes += sumLayers(budget.layers, (l) => kvPerLayerBytes[l] ?? 0);
    assignment.computeBufferBytes = budget.layers.length > 0 || budget === lastBudget ? input.computeBufferBytes.withoutLogits : 0;
  }
  const outputHolder = allOnGpu ? [...gpuBudgets].reverse().find((b) => b.layers.length > 0) : undefined;
  if (outputHolder) {
    const assignment = assignments.get(outputHolder.device);
    if (assignment) {
      assignment.holdsOutput = true;
      assignment.weightsBytes += costs.edges.outputBytes;
      assignment.computeBufferBytes = input.computeBufferBytes.withLogits;
    }
  } else {
    cpuAssignment.holdsOutput = true;
    cpuAssignment.weightsBytes += costs.edges.outputBytes;
  }
  cpuAssignment.layers = cpuLayers;
  cpuAssignment.weightsBytes += sumLayers(cpuLayers, (l) => costs.layers[l]?.weightsBytes ?? 0);
  cpuAssignment.kvCacheBytes += sumLayers(cpuLayers, (l) => kvPerLayerBytes[l] ?? 0);
  cpuAssignment.computeBufferBytes = cpuLayers.length > 0 || cpuMoeLayers > 0 ? input.computeBufferBytes.host : 0;

  // On unified memory the GPU's share comes out of the same RAM the CPU part uses.
  if (unified) {
    const gpuUsed = [...assignments.values()].filter((a) => a.device.kind === 'gpu').reduce((sum, a) => sum + assignmentTotalBytes(a), 0);
    cpuAssignment.capacityBytes = Math.max(0, cpu.capacityBytes - gpuUsed);
  }

  const used = [...assignments.values()].filter((a) => a.device.kind === 'cpu' || a.layers.length > 0 || a.holdsOutput);
  const offloaded = cpuLayers.length > 0 || cpuMoeLayers > 0;
  const fit = classify(used, offloaded);
  const gpusUsed = used.filter((a) => a.device.kind === 'gpu');
  const nodesUsed = new Set(gpusUsed.map((a) => a.device.node)).size;
  const target: PlacementTarget =
    fit === 'no-fit'
      ? 'none'
      : cpuMoeLayers > 0
        ? 'moe-offload'
        : cpuLayers.length > 0
          ? gpusUsed.length > 0
            ? 'gpu+cpu'
            : 'cpu'
          : nodesUsed > 1
            ? 'multi-node'
            : gpusUsed.length > 1
              ? 'multi-gpu'
              : 'gpu';
  const gpuLayerCount = n - cpuLayers.length;
  const totalVram = gpus.reduce((sum, g) => sum + g.capacityBytes, 0);
  const needed = [...assignments.values()].reduce((sum, a) => sum + assignmentTotalBytes(a), 0);
  const explanation =
    fit === 'no-fit'
      ? `needs ${gib(needed)} in all; ${gib(totalVram)} of GPU memory and ${gib(cpu.capacityBytes)} of available RAM are not enough`
      : cpuMoeLayers > 0
        ? `attention and shared weights of all ${n} layers on the GPU${gpus.length > 1 ? 's' : ''}; routed experts of the first ${cpuMoeLayers} layers stay in RAM`
        : cpuLayers.length > 0
          ? `${gpuLayerCount} of ${n} layers on the GPU${gpus.length > 1 ? 's' : ''}, ${cpuLayers.length} on the CPU`
          : gpusUsed.length > 1
            ? `all ${n} layers split over ${gpusUsed.length} GPUs by layer (llama.cpp's default split)`
            : `all ${n} layers on ${gpusUsed[0]?.device.name ?? 'the GPU'}`;
  return {
    target,
    fit,
    splitMode: gpusUsed.length > 1 ? 'layer' : 'none',
    tensorParallelSize: 1,
    pipelineParallelSize: Math.max(1, gpusUsed.length),
    gpuLayers: gpuLayerCount + (allOnGpu ? 1 : 0),
    totalLayers: n,
    cpuMoeLayers,
    tensorSplit: gpusUsed.length > 1 ? gpuBudgets.map((b) => round3(b.layers.length / n)) : [],
    assignments: used,
    explanation,
  };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
export const gib = formatBytes;

/**
 * vLLM/SGLang placement: tensor parallel over the GPUs of a node (a power of two dividing the attention
 * heads), pipeline parallel across nodes and any GPUs left over. Each GPU may use
 * `gpu_memory_utilization` of its memory for weights, activations, CUDA graphs and the KV cache; there
 * is no CPU offload.
 */
function placePaged(input: PlacementInput): Placement {
  const { arch, costs, kvPerLayerBytes, devices } = input;
  const gpus = devices.filter((d) => d.kind === 'gpu');
  if (gpus.length === 0) {
    return {
      target: 'none',
      fit: 'no-fit',
      splitMode: 'none',
      tensorParallelSize: 1,
      pipelineParallelSize: 1,
      gpuLayers: 0,
      totalLayers: arch.layers,
      cpuMoeLayers: 0,
      tensorSplit: [],
      assignments: [],
      explanation: 'vLLM and SGLang need CUDA or ROCm GPUs',
    };
  }
  const nodes = new Set(gpus.map((g) => g.node)).size;
  const perNode = gpus.length / nodes;
  let tp = 1;
  while (tp * 2 <= perNode && arch.attentionHeads % (tp * 2) === 0) tp *= 2;
  const pp = Math.max(1, Math.floor(gpus.length / tp));
  const used = gpus.slice(0, tp * pp);
  const minMemory = minOf(used.map((g) => g.capacityBytes));
  const budget = minMemory * input.gpuMemoryUtilization;
  const weights = costs.totalWeightsBytes;
  const kv = kvPerLayerBytes.reduce((sum, b) => sum + b, 0);
  const share = 1 / (tp * pp);
  const assignments = used.map((device, index) => {
    const a = emptyAssignment(device, budget);
    a.tensorShare = 1 / tp;
    a.kvShare = 1 / tp;
    const stage = Math.floor(index / tp);
    const perStage = Math.ceil(arch.layers / pp);
    a.layers = Array.from({ length: arch.layers }, (_, l) => l).filter((l) => Math.floor(l / perStage) === stage);
    a.holdsEmbedding = stage === 0;
    a.holdsOutput = stage === pp - 1;
    a.weightsBytes = weights * share;
    a.kvCacheBytes = kv * share;
    a.computeBufferBytes = input.computeBufferBytes.withLogits;
    a.overheadBytes = input.gpuOverheadBytes;
    return a;
  });
  const fit = classify(assignments, false);
  const mixed = new Set(used.map((g) => g.name)).size > 1;
  const target: PlacementTarget = fit === 'no-fit' ? 'none' : nodes > 1 ? 'multi-node' : used.length > 1 ? 'multi-gpu' : 'gpu';
  return {
    target,
    fit,
    splitMode: tp > 1 && pp > 1 ? 'tensor+pipeline' : tp > 1 ? 'tensor' : pp > 1 ? 'layer' : 'none',
    tensorParallelSize: tp,
    pipelineParallelSize: pp,
    gpuLayers: arch.layers,
    totalLayers: arch.layers,
    cpuMoeLayers: 0,
    tensorSplit: [],
    assignments,
    explanation:
      fit === 'no-fit'
        ? `needs ${gib(assignmentTotalBytes(assignments[0] ?? emptyAssignment(gpus[0] as ComputeDevice, 0)))} per GPU; ${Math.round(input.gpuMemoryUtilization * 100)}% of ${gib(minMemory)} is ${gib(budget)}${mixed ? ' (mixed GPUs: the smallest sets the budget)' : ''}`
        : `${tp > 1 ? `tensor parallel over ${tp} GPUs` : 'one GPU'}${pp > 1 ? `, ${pp} pipeline stages` : ''}; ${Math.round(input.gpuMemoryUtilization * 100)}% of each GPU's memory is preallocated`,
  };
}

/** MLX: one unified-memory GPU; the model must fit the GPU's wired-memory limit. */
function placeMlx(input: PlacementInput): Placement {
  const gpu = input.devices.find((d) => d.kind === 'gpu' && d.gpu?.vendor === 'apple');
  if (!gpu) return { ...placePaged({ ...input, devices: [] }), explanation: 'MLX runs on Apple Silicon only' };
  const a = emptyAssignment(gpu, gpu.capacityBytes);
  a.layers = Array.from({ length: input.arch.layers }, (_, l) => l);
  a.holdsEmbedding = true;
  a.holdsOutput = true;
  a.weightsBytes = input.costs.totalWeightsBytes;
  a.kvCacheBytes = input.kvPerLayerBytes.reduce((sum, b) => sum + b, 0);
  a.computeBufferBytes = input.computeBufferBytes.withLogits;
  a.overheadBytes = input.gpuOverheadBytes;
  const fit = classify([a], false);
  return {
    target: fit === 'no-fit' ? 'none' : 'gpu',
    fit,
    splitMode: 'none',
    tensorParallelSize: 1,
    pipelineParallelSize: 1,
    gpuLayers: input.arch.layers,
    totalLayers: input.arch.layers,
    cpuMoeLayers: 0,
    tensorSplit: [],
    assignments: [a],
    explanation:
      fit === 'no-fit'
        ? `needs ${gib(assignmentTotalBytes(a))}; the GPU may wire ${gib(gpu.capacityBytes)} of unified memory (raise iogpu.wired_limit_mb)`
        : `all layers in unified memory (${gib(gpu.capacityBytes)} GPU-wired limit)`,
  };
}

/**
 * llama.cpp with `--split-mode row`: every layer's matrices are cut by rows across the GPUs (in proportion
 * to their memory), so all GPUs work on every layer at once; the KV cache, the norms and the output stay on
 * the main GPU, and the GPUs synchronise after every matrix product. Falls back to a layer split when the
 * main GPU cannot hold its share plus the whole KV cache.
 */
function placeLlamaCppRows(input: PlacementInput): Placement {
  const { arch, costs, kvPerLayerBytes, devices } = input;
  const gpus = devices.filter((d) => d.kind === 'gpu');
  const cpu = devices.find((d) => d.kind === 'cpu' && d.node === 0);
  if (!cpu || gpus.length < 2) return placeLlamaCpp(input, false);
  const totalCapacity = gpus.reduce((sum, g) => sum + g.capacityBytes, 0);
  const layerWeights = costs.layers.reduce((sum, l) => sum + l.weightsBytes, 0);
  const kv = kvPerLayerBytes.reduce((sum, b) => sum + b, 0);
  const layers = Array.from({ length: arch.layers }, (_, l) => l);
  const assignments = gpus.map((device, index) => {
    const a = emptyAssignment(device, device.capacityBytes);
    const share = device.capacityBytes / totalCapacity;
    a.layers = layers;
    a.tensorShare = share;
    a.kvShare = index === 0 ? 1 : 0;
    a.weightsBytes = layerWeights * share + (index === 0 ? costs.edges.outputBytes : 0);
    a.kvCacheBytes = index === 0 ? kv : 0;
    a.computeBufferBytes = index === 0 ? input.computeBufferBytes.withLogits : input.computeBufferBytes.withoutLogits;
    a.overheadBytes = input.gpuOverheadBytes;
    a.holdsOutput = index === 0;
    return a;
  });
  const host = emptyAssignment(cpu, cpu.capacityBytes);
  host.holdsEmbedding = true;
  host.weightsBytes = costs.edges.embeddingBytes;
  const all = [...assignments, host];
  const fit = classify(all, false);
  if (fit === 'no-fit') return placeLlamaCpp(input, false);
  return {
    target: 'multi-gpu',
    fit,
    splitMode: 'row',
    tensorParallelSize: gpus.length,
    pipelineParallelSize: 1,
    gpuLayers: arch.layers + 1,
    totalLayers: arch.layers,
    cpuMoeLayers: 0,
    tensorSplit: gpus.map((g) => round3(g.capacityBytes / totalCapacity)),
    assignments: all,
    explanation: `every layer split by rows over ${gpus.length} GPUs (llama.cpp --split-mode row); KV cache on ${gpus[0]?.name}`,
  };
}

/** Candidate placements for a runtime; the estimator times each and keeps the fastest that fits. */
export function candidatePlacements(input: PlacementInput): Placement[] {
  if (input.engine === 'paged') return [placePaged(input)];
  if (input.engine === 'mlx') return [placeMlx(input)];
  if (input.llamaSplitMode === 'row' && input.request !== 'cpu') return [placeLlamaCppRows(input)];
  const layerSplit = placeLlamaCpp(input, false);
  if (input.request === 'gpu' && layerSplit.fit === 'offload') return [{ ...layerSplit, fit: 'no-fit', target: 'none' }];
  if (layerSplit.fit !== 'offload' || !input.arch.moe) return [layerSplit];
  return [layerSplit, placeLlamaCpp(input, true)];
}

import { maxOf } from '@weightplan/hardware';
import { expandAttentionLayers, type ModelArchitecture } from '@weightplan/weights';
import { type ComputeDevice, kvStreamingBandwidth, prefillMatrixFlops, streamingBandwidth } from './devices.js';
import { expectedExpertsTouched, type ModelCosts } from './layer-costs.js';
import type { DeviceAssignment, Placement } from './placement.js';
import type { QuantFamily } from './quant-family.js';
import type { Backend } from './runtime.js';

export interface SpeedScenario {
  arch: ModelArchitecture;
  costs: ModelCosts;
  family: QuantFamily;
  /** What each layer reads from its cache per decode step: bytes per cached token up to its window, or a fixed state. */
  kvLayers: Array<{ bytesPerToken: number; windowTokens: number; fixedBytes: number }>;
  flashAttention: boolean;
  /** Sequences decoded together. */
  concurrency: number;
  ubatchTokens: number;
  batchTokens: number;
  /** Latency of one hop between nodes, per token (network round trip of a hidden state). */
  nodeHopSeconds: number;
  /** Forces the prefill matmul path for quantised weights; unset: each device's backend default. */
  quantizedMatmul?: QuantizedMatmul;
}

/**
 * How prompt processing multiplies quantised weights. `fused`: kernels read the quantised blocks and
 * dequantise in registers (CUDA MMQ, Metal, Vulkan). `dequantize`: each weight matrix is first written out
 * as FP16 and then multiplied by BLAS at the FP16 rate, which llama.cpp's CUDA backend did for micro-batches
 * above 32 tokens until PR #8075 (June 2024) and its ROCm build still does on GPUs without int8 matrix MMQ.
 */
export type QuantizedMatmul = 'fused' | 'dequantize';

/** The path a device takes: an explicit choice, else dequantise + BLAS on ROCm, fused kernels elsewhere. */
export function quantizedMatmulFor(backend: Backend, requested: QuantizedMatmul | undefined): QuantizedMatmul {
  return requested ?? (backend === 'rocm' ? 'dequantize' : 'fused');
}

/** Time for one decode step, split into where it goes, in seconds. */
export interface DecodeTime {
  totalSeconds: number;
  weightsSeconds: number;
  kvCacheSeconds: number;
  overheadSeconds: number;
  /** Whether the step is limited by memory bandwidth or by arithmetic. */
  bound: 'memory' | 'compute';
  /** The device that takes longest. */
  slowestDevice: string;
}

/**
 * Synchronisation cost relative to PCIe: NVLink and Infinity Fabric have a fraction of PCIe's latency.
 * Only PCIe setups are measured in the calibration data, so these ratios are assumptions.
 */
const LINK_LATENCY_FACTOR = { nvlink: 0.35, 'infinity-fabric': 0.4, pcie: 1, none: 1 } as const;
export type GpuLink = keyof typeof LINK_LATENCY_FACTOR;

/** Handing a hidden state to the next GPU in a layer split. */
const PIPELINE_HOP_SECONDS = 150e-6;

/**
 * GPU synchronisations per layer when every layer is split across GPUs: vLLM's tensor parallelism
 * all-reduces twice (after attention and after the FFN); llama.cpp's row split gathers after each of the
 * seven matrix products.
 */
function syncsPerLayer(placement: Placement): number {
  if (placement.splitMode === 'row') return 7;
  return placement.tensorParallelSize > 1 ? 2 : 0;
}

function dequantFlops(device: ComputeDevice, family: QuantFamily): number {
  return device.constants.dequantFlopsPerWeight[family] ?? device.constants.dequantFlopsPerWeight.default;
}

interface DeviceStep {
  weightsSeconds: number;
  kvSeconds: number;
  overhead: number;
  bound: 'memory' | 'compute';
}

/**
 * One device's share of a decode step at `kvTokens` tokens of context: its weights streamed once per
 * step (experts: the union the batch touches), its KV cache read once per sequence, the dequantisation
 * work, and a fixed cost per layer (plus synchronisation when layers are split across GPUs). Weights and
 * arithmetic overlap, so the larger of the two counts.
 */
function deviceDecodeSeconds(a: DeviceAssignment, s: SpeedScenario, kvTokens: number, placement: Placement, gpuLink: GpuLink): DeviceStep {
  const d = a.device;
  const c = d.constants;
  const bandwidth = streamingBandwidth(d);
  const kvBandwidth = kvStreamingBandwidth(d, s.flashAttention);
  const moe = s.arch.moe;
  const touchedShare = moe ? expectedExpertsTouched(moe.experts, moe.activeExperts, s.concurrency) / moe.experts : 1;
  const activeShare = moe ? moe.activeExperts / moe.experts : 1;

  let readBytes = 0;
  let readElements = 0;
  let flops = 0;
  let kvBytes = 0;
  const expertsReadFor = (index: number) => {
    const layer = s.costs.layers[index];
    return layer && moe ? (layer.routedExpertReadBytesPerToken / activeShare) * touchedShare : 0;
  };
  const elementsPerByte = (index: number) => {
    const layer = s.costs.layers[index];
    return layer && layer.readBytesPerToken > 0 ? layer.readElementsPerToken / layer.readBytesPerToken : 1;
  };
  for (const index of a.layers) {
    const layer = s.costs.layers[index];
    if (!layer) continue;
    // With MoE offload the routed experts of the leading layers are read by the CPU, not here.
    const expertsOffloaded = d.kind === 'gpu' && index < placement.cpuMoeLayers;
    const read = layer.readBytesPerToken - layer.routedExpertReadBytesPerToken + (expertsOffloaded ? 0 : expertsReadFor(index));
    readBytes += read;
    readElements += read * elementsPerByte(index);
    flops += layer.flopsPerToken * s.concurrency;
    const kvLayer = s.kvLayers[index];
    if (kvLayer) kvBytes += (kvLayer.bytesPerToken * Math.min(kvTokens, kvLayer.windowTokens) + kvLayer.fixedBytes) * s.concurrency;
  }
  for (const index of a.expertLayers) {
    const read = expertsReadFor(index);
    readBytes += read;
    readElements += read * elementsPerByte(index);
  }
  readBytes *= a.tensorShare;
  readElements *= a.tensorShare;
  flops *= a.tensorShare;
  kvBytes *= a.kvShare;
  if (a.holdsOutput) {
    readBytes +=
      s.costs.edges.outputReadBytesPerToken *
      (placement.splitMode === 'tensor' || placement.splitMode === 'tensor+pipeline' ? a.tensorShare : 1);
    readElements += s.costs.edges.outputReadElementsPerToken;
    flops += s.costs.edges.outputFlopsPerToken * s.concurrency;
  }

  const streamSeconds = readBytes / bandwidth;
  const dequantSeconds = (readElements * dequantFlops(d, s.family)) / d.vectorFlopsPerSecond;
  // A GPU dequantises in a separate pass over what it streamed (the costs add); a CPU thread's dot
  // products overlap its own prefetched loads, so the larger of streaming and the format's dot-product
  // work counts: Q4_0 on two cores is partly compute-bound, F16 purely memory-bound.
  const weightsSeconds = d.kind === 'cpu' ? Math.max(streamSeconds, dequantSeconds) : streamSeconds + dequantSeconds;
  const computeSeconds = flops / prefillMatrixFlops(d, s.family);
  const kvSeconds = kvBytes / kvBandwidth;
  const peers = placement.tensorParallelSize - 1;
  const sync = peers > 0 && d.kind === 'gpu' ? syncsPerLayer(placement) * c.syncSecondsPerPeer * peers * LINK_LATENCY_FACTOR[gpuLink] : 0;
  const moeLayers = c.decodeSecondsPerMoeLayer
    ? a.layers.filter((index) => (s.costs.layers[index]?.routedExpertReadBytesPerToken ?? 0) > 0).length
    : 0;
  const overhead =
    (a.layers.length + a.expertLayers.length) * c.decodeSecondsPerLayer +
    moeLayers * (c.decodeSecondsPerMoeLayer ?? 0) +
    a.layers.length * sync;
  return {
    weightsSeconds: Math.max(weightsSeconds, computeSeconds),
    kvSeconds,
    overhead,
    bound: computeSeconds > weightsSeconds || (d.kind === 'cpu' && dequantSeconds > streamSeconds) ? 'compute' : 'memory',
  };
}

/** Groups of devices that work at the same time: one per device under a layer split, one per tensor-parallel group otherwise. */
function stagesOf(placement: Placement): DeviceAssignment[][] {
  const working = placement.assignments.filter((a) => a.layers.length > 0 || a.expertLayers.length > 0 || a.holdsOutput);
  if (placement.tensorParallelSize <= 1) return working.map((a) => [a]);
  const stages: DeviceAssignment[][] = [];
  const gpus = working.filter((a) => a.device.kind === 'gpu');
  for (let i = 0; i < gpus.length; i += placement.tensorParallelSize) stages.push(gpus.slice(i, i + placement.tensorParallelSize));
  return stages;
}

/**
 * Seconds per decode step with `kvTokens` tokens in each sequence's cache. Under a layer split the
 * devices work one after another, so their times add; under tensor parallelism or a row split the GPUs of
 * a group work at once, so the slowest of them counts, plus their synchronisation.
 */
export function decodeStepTime(placement: Placement, s: SpeedScenario, kvTokens: number, gpuLink: GpuLink): DecodeTime {
  let weights = 0;
  let kv = 0;
  let overhead = 0;
  let computeBound = false;
  let slowest = { id: 'none', seconds: -1 };
  const stages = stagesOf(placement);
  for (const stage of stages) {
    const steps = stage.map((a) => ({ a, t: deviceDecodeSeconds(a, s, kvTokens, placement, gpuLink) }));
    const critical = steps.reduce((worst, step) =>
      step.t.weightsSeconds + step.t.kvSeconds > worst.t.weightsSeconds + worst.t.kvSeconds ? step : worst,
    );
    weights += critical.t.weightsSeconds;
    kv += critical.t.kvSeconds;
    overhead += maxOf(steps.map((step) => step.t.overhead));
    if (steps.some((step) => step.t.bound === 'compute')) computeBound = true;
    const seconds = critical.t.weightsSeconds + critical.t.kvSeconds;
    if (seconds > slowest.seconds) slowest = { id: critical.a.device.id, seconds };
  }
  const hops = Math.max(0, stages.length - 1) * PIPELINE_HOP_SECONDS;
  const nodes = new Set(placement.assignments.map((a) => a.device.node)).size;
  const lead = placement.assignments.find((a) => a.device.kind === 'gpu' && a.layers.length > 0) ?? placement.assignments[0];
  overhead += hops + (nodes - 1) * s.nodeHopSeconds + (lead?.device.constants.decodeSecondsPerToken ?? 0);
  return {
    totalSeconds: weights + kv + overhead,
    weightsSeconds: weights,
    kvCacheSeconds: kv,
    overheadSeconds: overhead,
    bound: computeBound ? 'compute' : 'memory',
    slowestDevice: slowest.id,
  };
}

/**
 * Attention work to process `tokens` prompt tokens appended after `start` tokens: per layer, scores and
 * weighted values cost 4 x heads x head dim FLOPs per visible token; a sliding window caps the visible
 * tokens. `scores` counts the score-matrix elements (heads x tokens x visible tokens), which go through
 * memory when flash attention is off.
 */
function attentionWork(arch: ModelArchitecture, start: number, tokens: number): { flops: number; scores: number } {
  let flops = 0;
  let scores = 0;
  const headDim = arch.mla ? arch.mla.queryKeyNopeHeadDim + arch.mla.queryKeyRopeHeadDim : arch.headDim;
  for (const layer of expandAttentionLayers(arch)) {
    if (layer.kind === 'linear') continue;
    const window = layer.kind === 'sliding' ? layer.windowTokens : layer.kind === 'chunked' ? layer.chunkTokens : Number.POSITIVE_INFINITY;
    // Mean visible tokens over the micro-batch, capped by the window.
    const meanVisible = Math.min(window, start + tokens / 2);
    flops += 4 * arch.attentionHeads * headDim * meanVisible * tokens;
    scores += arch.attentionHeads * meanVisible * tokens;
  }
  return { flops, scores };
}

/**
 * Seconds to process a prompt of `promptTokens` appended after `cachedTokens` already in the cache (0: an
 * empty cache; the cached tokens only lengthen what each prompt token attends to): per micro-batch, each device
 * multiplies its weights (2 FLOPs per active weight per token) and attends over the tokens so far, at its
 * class's share of peak matrix throughput, and streams its weights once. llama.cpp pipelines the
 * micro-batches of one batch across the GPUs of a layer split, so G GPUs finish u micro-batches in
 * (u + G - 1) stage times; GPUs of a tensor-parallel group work at once.
 */
export function prefillSeconds(placement: Placement, s: SpeedScenario, promptTokens: number, gpuLink: GpuLink, cachedTokens = 0): number {
  const { arch } = s;
  const stages = stagesOf(placement);
  const peers = placement.tensorParallelSize - 1;
  // What does not change from one micro-batch to the next, per assignment (the fitter re-times every
  // prompt many times, so this is worth computing once).
  const fixed = new Map(
    stages.flat().map((a) => {
      const d = a.device;
      const c = d.constants;
      const layerFlops = a.layers.reduce((sum, l) => sum + (s.costs.layers[l]?.flopsPerToken ?? 0), 0);
      // Dequantise + BLAS: every weight of the layer (all experts: a micro-batch of hundreds of tokens
      // touches them all) is written out as FP16, 2 bytes per weight, once per micro-batch, then
      // multiplied at the FP16 rate. Weights per stored byte come from the layer's read costs.
      const dequantize =
        d.kind === 'gpu' && s.family !== 'f16' && s.family !== 'f32' && quantizedMatmulFor(d.backend, s.quantizedMatmul) === 'dequantize';
      const dequantizeBytes = dequantize
        ? a.layers.reduce((sum, l) => {
            const layer = s.costs.layers[l];
            if (!layer || layer.readBytesPerToken <= 0) return sum;
            return sum + 2 * layer.weightsBytes * (layer.readElementsPerToken / layer.readBytesPerToken);
          }, 0) * a.tensorShare
        : 0;
      const weightBytes = a.layers.reduce((sum, l) => sum + (s.costs.layers[l]?.weightsBytes ?? 0), 0) * a.tensorShare;
      const sync =
        peers > 0 && d.kind === 'gpu' ? syncsPerLayer(placement) * c.syncSecondsPerPeer * peers * LINK_LATENCY_FACTOR[gpuLink] : 0;
      return [
        a,
        {
          linearFlopsPerToken: layerFlops * a.tensorShare,
          outputFlops: a.holdsOutput ? s.costs.edges.outputFlopsPerToken : 0,
          attentionShare: (a.layers.length / arch.layers) * a.kvShare,
          matrixFlops: prefillMatrixFlops(d, dequantize ? 'f16' : s.family),
          attentionFlopsPerSecond:
            d.matrixFlopsPerSecond * (s.flashAttention ? c.prefillAttentionEfficiency.flash : c.prefillAttentionEfficiency.noFlash),
          scoreBytesPerSecond: d.bandwidthBytesPerSecond * c.weightBandwidthEfficiency,
          bytesSeconds: (weightBytes + dequantizeBytes) / streamingBandwidth(d),
          overheadSeconds: a.layers.length * (c.decodeSecondsPerLayer + sync),
          bytesPerScore: c.prefillAttentionBytesPerScore,
        },
      ] as const;
    }),
  );
  let total = 0;
  for (let batchStart = 0; batchStart < promptTokens; batchStart += s.batchTokens) {
    const batchTokens = Math.min(s.batchTokens, promptTokens - batchStart);
    const ubatches = Math.ceil(batchTokens / s.ubatchTokens);
    let slowestStage = 0;
    let sumStages = 0;
    for (let u = 0; u < ubatches; u++) {
      const start = batchStart + u * s.ubatchTokens;
      const tokens = Math.min(s.ubatchTokens, promptTokens - start);
      const attentionAll = attentionWork(arch, cachedTokens + start, tokens);
      for (const stage of stages) {
        let stageSeconds = 0;
        for (const a of stage) {
          const f = fixed.get(a);
          if (!f) continue;
          const linearFlops = f.linearFlopsPerToken * tokens + f.outputFlops;
          const attentionSeconds = s.flashAttention
            ? (attentionAll.flops * f.attentionShare) / f.attentionFlopsPerSecond
            : Math.max(
                (attentionAll.flops * f.attentionShare) / f.attentionFlopsPerSecond,
                (attentionAll.scores * f.attentionShare * f.bytesPerScore) / f.scoreBytesPerSecond,
              );
          const seconds = linearFlops / f.matrixFlops + attentionSeconds + f.bytesSeconds + f.overheadSeconds;
          stageSeconds = Math.max(stageSeconds, seconds);
        }
        sumStages += stageSeconds;
        slowestStage = Math.max(slowestStage, stageSeconds);
      }
    }
    const pipelined =
      placement.splitMode === 'layer' && stages.length > 1 && stages.every((stage) => stage.every((a) => a.device.kind === 'gpu'));
    total += pipelined ? slowestStage * (ubatches + stages.length - 1) : sumStages;
  }
  return total;
}

import { expandAttentionLayers, type ModelArchitecture } from '@weightplan/weights';
import type { ComputeDevice } from './devices.js';
import { expectedExpertsTouched, type ModelCosts } from './layer-costs.js';
import type { DeviceAssignment, Placement } from './placement.js';
import type { QuantFamily } from './quant-family.js';

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

/** Link latency per all-reduce under tensor parallelism: two per layer per step. */
const ALL_REDUCE_SECONDS = { nvlink: 8e-6, 'infinity-fabric': 10e-6, pcie: 25e-6, none: 0 } as const;
/** Handing a hidden state to the next GPU in a layer split. */
const PIPELINE_HOP_SECONDS = 150e-6;

function dequantFlops(device: ComputeDevice, family: QuantFamily): number {
  return device.constants.dequantFlopsPerWeight[family] ?? device.constants.dequantFlopsPerWeight.default;
}

/**
 * One device's share of a decode step at `kvTokens` tokens of context: its weights streamed once per
 * step (experts: the union the batch touches), its KV cache read once per sequence, the dequantisation
 * work, and a fixed cost per layer. Weights and arithmetic overlap, so the larger of the two counts.
 */
function deviceDecodeSeconds(
  a: DeviceAssignment,
  s: SpeedScenario,
  kvTokens: number,
  gpuLink: keyof typeof ALL_REDUCE_SECONDS,
  cpuMoeLayers: number,
) {
  const d = a.device;
  const c = d.constants;
  const bandwidth = d.bandwidthBytesPerSecond * c.weightBandwidthEfficiency;
  const kvBandwidth = d.bandwidthBytesPerSecond * (s.flashAttention ? c.kvBandwidthEfficiency.flash : c.kvBandwidthEfficiency.noFlash);
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
    const expertsOffloaded = d.kind === 'gpu' && index < cpuMoeLayers;
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
  if (a.holdsOutput) {
    readBytes += s.costs.edges.outputReadBytesPerToken;
    readElements += s.costs.edges.outputReadElementsPerToken;
    flops += s.costs.edges.outputFlopsPerToken * s.concurrency;
  }
  readBytes *= a.tensorShare;
  readElements *= a.tensorShare;
  flops *= a.tensorShare;
  kvBytes *= a.tensorShare;

  const weightsSeconds = readBytes / bandwidth + (readElements * dequantFlops(d, s.family)) / d.vectorFlopsPerSecond;
  const computeSeconds = flops / (d.matrixFlopsPerSecond * (c.prefillEfficiency[s.family] ?? c.prefillEfficiency.default));
  const kvSeconds = kvBytes / kvBandwidth;
  const allReduce = a.tensorShare < 1 ? 2 * ALL_REDUCE_SECONDS[gpuLink] : 0;
  const overhead = (a.layers.length + a.expertLayers.length) * (c.decodeSecondsPerLayer + allReduce);
  return {
    weightsSeconds: Math.max(weightsSeconds, computeSeconds),
    kvSeconds,
    overhead,
    bound: computeSeconds > weightsSeconds ? ('compute' as const) : ('memory' as const),
  };
}

/**
 * Seconds per decode step with `kvTokens` tokens in each sequence's cache. Under a layer split the
 * devices work one after another, so their times add; under tensor parallelism they work at once on
 * their shares, so one device's time counts.
 */
export function decodeStepTime(
  placement: Placement,
  s: SpeedScenario,
  kvTokens: number,
  gpuLink: keyof typeof ALL_REDUCE_SECONDS,
): DecodeTime {
  const parts = placement.assignments.map((a) => ({ a, t: deviceDecodeSeconds(a, s, kvTokens, gpuLink, placement.cpuMoeLayers) }));
  const tensorParallel = placement.tensorParallelSize > 1;
  // Under tensor parallelism each pipeline stage is one group of equal GPUs: count one per stage.
  const counted = tensorParallel ? parts.filter((_, index) => index % placement.tensorParallelSize === 0) : parts;
  let weights = 0;
  let kv = 0;
  let overhead = 0;
  let slowest = counted[0];
  let computeBound = false;
  for (const part of counted) {
    weights += part.t.weightsSeconds;
    kv += part.t.kvSeconds;
    overhead += part.t.overhead;
    if (part.t.bound === 'compute') computeBound = true;
    if (!slowest || part.t.weightsSeconds + part.t.kvSeconds > slowest.t.weightsSeconds + slowest.t.kvSeconds) slowest = part;
  }
  const devicesInChain = counted.filter((p) => p.a.layers.length > 0 || p.a.holdsOutput).length;
  const hops = Math.max(0, devicesInChain - 1) * PIPELINE_HOP_SECONDS;
  const nodes = new Set(placement.assignments.map((a) => a.device.node)).size;
  const constants = counted.find((p) => p.a.device.kind === 'gpu')?.a.device.constants ?? counted[0]?.a.device.constants;
  overhead += hops + (nodes - 1) * s.nodeHopSeconds + (constants?.decodeSecondsPerToken ?? 0);
  return {
    totalSeconds: weights + kv + overhead,
    weightsSeconds: weights,
    kvCacheSeconds: kv,
    overheadSeconds: overhead,
    bound: computeBound ? 'compute' : 'memory',
    slowestDevice: slowest?.a.device.id ?? 'none',
  };
}

/**
 * Attention FLOPs to process `tokens` prompt tokens appended after `start` tokens: per layer, scores and
 * weighted values, 4 x heads x head dim x (visible tokens) per token; a sliding window caps the visible tokens.
 */
function attentionFlops(arch: ModelArchitecture, start: number, tokens: number): number {
  let flops = 0;
  const width = arch.attentionHeads * (arch.mla ? arch.mla.queryKeyNopeHeadDim + arch.mla.queryKeyRopeHeadDim : arch.headDim);
  for (const layer of expandAttentionLayers(arch)) {
    if (layer.kind === 'linear') continue;
    const window = layer.kind === 'sliding' ? layer.windowTokens : layer.kind === 'chunked' ? layer.chunkTokens : Number.POSITIVE_INFINITY;
    // Mean visible tokens over the ubatch, capped by the window.
    const meanVisible = Math.min(window, start + tokens / 2);
    flops += 4 * width * meanVisible * tokens;
  }
  return flops;
}

/** Share of the model's layers on an assignment (its slice of the attention work). */
function layerShare(a: DeviceAssignment, arch: ModelArchitecture): number {
  return (a.layers.length / arch.layers) * a.tensorShare;
}

/**
 * Seconds to process a prompt of `promptTokens` (from an empty cache): per micro-batch, each device
 * multiplies its weights (2 FLOPs per active weight per token) and attends over the tokens so far, at its
 * class's share of peak matrix throughput, and streams its weights once. llama.cpp pipelines micro-batches
 * of one batch across the GPUs of a layer split, so G GPUs finish u micro-batches in (u + G - 1) stage times.
 */
export function prefillSeconds(placement: Placement, s: SpeedScenario, promptTokens: number): number {
  const { arch } = s;
  const parts = placement.assignments.filter((a) => a.layers.length > 0 || a.holdsOutput || a.expertLayers.length > 0);
  const tensorParallel = placement.tensorParallelSize > 1;
  const stages = tensorParallel ? parts.filter((_, index) => index % placement.tensorParallelSize === 0) : parts;
  let total = 0;
  for (let batchStart = 0; batchStart < promptTokens; batchStart += s.batchTokens) {
    const batchTokens = Math.min(s.batchTokens, promptTokens - batchStart);
    const ubatches = Math.ceil(batchTokens / s.ubatchTokens);
    let slowestStage = 0;
    let sumStages = 0;
    for (let u = 0; u < ubatches; u++) {
      const start = batchStart + u * s.ubatchTokens;
      const tokens = Math.min(s.ubatchTokens, promptTokens - start);
      for (const a of stages) {
        const d = a.device;
        const c = d.constants;
        const linearFlops =
          (a.layers.reduce((sum, l) => sum + (s.costs.layers[l]?.flopsPerToken ?? 0), 0) +
            (a.holdsOutput ? s.costs.edges.outputFlopsPerToken / tokens : 0)) *
          tokens *
          a.tensorShare;
        const attention = attentionFlops(arch, start, tokens) * layerShare(a, arch);
        const efficiency = c.prefillEfficiency[s.family] ?? c.prefillEfficiency.default;
        const attentionEfficiency = s.flashAttention ? c.prefillAttentionEfficiency.flash : c.prefillAttentionEfficiency.noFlash;
        const weightBytes = a.layers.reduce((sum, l) => sum + (s.costs.layers[l]?.weightsBytes ?? 0), 0) * a.tensorShare;
        const stageSeconds =
          linearFlops / (d.matrixFlopsPerSecond * efficiency) +
          attention / (d.matrixFlopsPerSecond * attentionEfficiency) +
          weightBytes / (d.bandwidthBytesPerSecond * c.weightBandwidthEfficiency) +
          a.layers.length * c.decodeSecondsPerLayer;
        sumStages += stageSeconds;
        slowestStage = Math.max(slowestStage, stageSeconds);
      }
    }
    const pipelined = !tensorParallel && stages.length > 1 && stages.every((a) => a.device.kind === 'gpu');
    total += pipelined ? (slowestStage / ubatches) * (ubatches + stages.length - 1) : sumStages;
  }
  return total;
}

import { type ModelArchitecture, type Precision, storedTensors } from '@weightplan/weights';

/** What one decoder layer costs in memory and per generated token. */
export interface LayerCost {
  index: number;
  /** Bytes of the layer's weights. */
  weightsBytes: number;
  /** Bytes of its routed experts (a subset of `weightsBytes`); MoE offload moves these to the CPU. */
  routedExpertBytes: number;
  /** Weight bytes read per generated token at batch 1 (inactive experts are skipped). */
  readBytesPerToken: number;
  /** Routed-expert bytes read per token at batch 1. */
  routedExpertReadBytesPerToken: number;
  /** Weights read per generated token at batch 1: each is dequantised before its multiply-add. */
  readElementsPerToken: number;
  /** Multiply-accumulate work per token in FLOPs (2 per active weight). */
  flopsPerToken: number;
}

/** The tensors outside the layers. */
export interface EdgeCost {
  /** Input embedding table: llama.cpp keeps it in host memory; one row is read per token. */
  embeddingBytes: number;
  /** Output head and final norm: read in full for every token (a tied head is the embedding itself). */
  outputBytes: number;
  outputReadBytesPerToken: number;
  outputReadElementsPerToken: number;
  outputFlopsPerToken: number;
}

export interface ModelCosts {
  layers: LayerCost[];
  edges: EdgeCost;
  /** Weights of the whole model (sum of layers and edges). */
  totalWeightsBytes: number;
}

const cache = new WeakMap<ModelArchitecture, Map<string, ModelCosts>>();

/** Per-layer weight bytes, bytes read per token and FLOPs per token, from the exact tensor list. */
export function modelCosts(arch: ModelArchitecture, precision: Precision): ModelCosts {
  const perModel = cache.get(arch) ?? new Map<string, ModelCosts>();
  cache.set(arch, perModel);
  const cached = perModel.get(precision.id);
  if (cached) return cached;

  const activeShare = arch.moe ? arch.moe.activeExperts / arch.moe.experts : 1;
  const layers: LayerCost[] = Array.from({ length: arch.layers }, (_, index) => ({
    index,
    weightsBytes: 0,
    routedExpertBytes: 0,
    readBytesPerToken: 0,
    routedExpertReadBytesPerToken: 0,
    readElementsPerToken: 0,
    flopsPerToken: 0,
  }));
  const edges: EdgeCost = {
    embeddingBytes: 0,
    outputBytes: 0,
    outputReadBytesPerToken: 0,
    outputReadElementsPerToken: 0,
    outputFlopsPerToken: 0,
  };
  let total = 0;
  for (const { tensor, bytes } of storedTensors(arch, precision)) {
    total += bytes;
    if (tensor.layer === null) {
      const isHead = tensor.role === 'output' || (tensor.role === 'token_embd' && arch.tiedEmbeddings);
      if (tensor.role === 'token_embd') edges.embeddingBytes += bytes;
      else edges.outputBytes += bytes;
      if (isHead || tensor.role === 'output_norm') {
        edges.outputReadBytesPerToken += bytes;
        edges.outputReadElementsPerToken += tensor.elements;
      }
      if (isHead) edges.outputFlopsPerToken += 2 * tensor.elements;
      continue;
    }
    const layer = layers[tensor.layer];
    if (!layer) continue;
    layer.weightsBytes += bytes;
    if (tensor.routedExperts) {
      layer.routedExpertBytes += bytes;
      layer.routedExpertReadBytesPerToken += bytes * activeShare;
      layer.readBytesPerToken += bytes * activeShare;
      layer.readElementsPerToken += tensor.elements * activeShare;
      layer.flopsPerToken += 2 * tensor.elements * activeShare;
    } else {
      layer.readBytesPerToken += bytes;
      layer.readElementsPerToken += tensor.elements;
      layer.flopsPerToken += 2 * tensor.elements;
    }
  }
  const costs = { layers, edges, totalWeightsBytes: total };
  perModel.set(precision.id, costs);
  return costs;
}

/**
 * Distinct routed experts a decode step touches when `sequences` tokens are routed at once: each picks
 * `active` of `experts` (treated as independent draws), so the expected union is E x (1 - (1 - k/E)^B).
 * At batch 1 that is k; at large batches every expert is read.
 */
export function expectedExpertsTouched(experts: number, active: number, sequences: number): number {
  return experts * (1 - (1 - active / experts) ** sequences);
}

import { type AttentionKind, expandAttentionLayers, type ModelArchitecture } from '@weightplan/weights';
import { z } from 'zod';

/**
 * Element types a KV cache can be stored in. llama.cpp: f16 (default), bf16, q8_0, q4_0, q4_1, q5_0,
 * q5_1 (`--cache-type-k/-v`); vLLM: auto (the model dtype) or fp8 (`--kv-cache-dtype`).
 */
export const KvCacheTypeSchema = z.enum(['f32', 'f16', 'bf16', 'fp8', 'q8_0', 'q5_1', 'q5_0', 'q4_1', 'q4_0']);
export type KvCacheType = z.infer<typeof KvCacheTypeSchema>;

/** Bytes per cached element, block scales included (q8_0: 34 bytes per 32 values). */
export const KV_CACHE_BYTES_PER_ELEMENT: Record<KvCacheType, number> = {
  f32: 4,
  f16: 2,
  bf16: 2,
  fp8: 1,
  q8_0: 34 / 32,
  q5_1: 24 / 32,
  q5_0: 22 / 32,
  q4_1: 20 / 32,
  q4_0: 18 / 32,
};

export interface KvCacheOptions {
  /** Tokens each sequence holds in its cache. */
  contextTokens: number;
  /** Sequences cached at once (parallel slots, concurrent users). */
  sequences?: number;
  kvCacheType?: KvCacheType;
  /**
   * Tokens per micro-batch. llama.cpp sizes a sliding-window layer's cache to the window plus one
   * micro-batch (the tokens being added while old ones are still needed), rounded up to 256.
   */
  ubatchTokens?: number;
  /** Keep the whole context for sliding-window layers (llama.cpp `--swa-full`; runtimes without SWA support). */
  fullCacheForSlidingLayers?: boolean;
}

export interface KvCacheLayerShare {
  kind: AttentionKind;
  layers: number;
  /** Tokens each of these layers keeps per sequence (null for a fixed-size recurrent state). */
  tokensPerSequence: number | null;
  bytes: number;
}

export interface KvCacheEstimate {
  totalBytes: number;
  /** Bytes one more token adds to every sequence's cache at this context (0 once windows are full). */
  bytesPerToken: number;
  byKind: KvCacheLayerShare[];
  /** Bytes per layer, in layer order: placement puts each layer's cache with its weights. */
  perLayerBytes: number[];
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** Recurrent state of one linear-attention layer for one sequence: the delta-rule matrix per value head and the conv tail, in f32. */
function linearStateBytes(arch: ModelArchitecture): number {
  const lin = arch.linearAttention;
  if (!lin) throw new Error('linear attention layer without linearAttention dimensions');
  const recurrent = lin.valueHeads * lin.keyHeadDim * lin.valueHeadDim;
  const convChannels = 2 * lin.keyHeads * lin.keyHeadDim + lin.valueHeads * lin.valueHeadDim;
  return (recurrent + convChannels * (lin.convKernelSize - 1)) * 4;
}

/**
 * Elements cached per token by one layer: K and V for every KV head; for MLA one compressed latent plus
 * the shared RoPE key (DeepSeek-V3: 512 + 64 = 576, against 2 x 128 heads x 128 = 32768 without MLA).
 */
function elementsPerToken(arch: ModelArchitecture, kind: AttentionKind): number {
  if (kind === 'mla') {
    if (!arch.mla) throw new Error('MLA layer without mla dimensions');
    // DeepSeek Sparse Attention's indexer caches one more key per token (128 wide on DeepSeek-V3.2-Exp).
    return arch.mla.kvLoraRank + arch.mla.queryKeyRopeHeadDim + (arch.mla.indexer?.headDim ?? 0);
  }
  return 2 * arch.kvHeads * arch.headDim;
}

/** What each layer caches, derived once per architecture: elements per token and window, or a fixed state. */
interface LayerCacheShape {
  kind: AttentionKind;
  elementsPerToken: number;
  windowTokens: number | undefined;
  stateBytes: number;
}

const shapes = new WeakMap<ModelArchitecture, LayerCacheShape[]>();

function layerCacheShapes(arch: ModelArchitecture): LayerCacheShape[] {
  let cached = shapes.get(arch);
  if (!cached) {
    cached = expandAttentionLayers(arch).map((layer) => {
      if (layer.kind === 'linear')
        return { kind: layer.kind, elementsPerToken: 0, windowTokens: undefined, stateBytes: linearStateBytes(arch) };
      const windowTokens = layer.kind === 'sliding' ? layer.windowTokens : layer.kind === 'chunked' ? layer.chunkTokens : undefined;
      return { kind: layer.kind, elementsPerToken: elementsPerToken(arch, layer.kind), windowTokens, stateBytes: 0 };
    });
    shapes.set(arch, cached);
  }
  return cached;
}

/**
 * KV cache size, layer by layer: full attention keeps every token; sliding-window and chunked layers
 * keep at most their window; MLA keeps a compressed latent; linear attention keeps a fixed state.
 * Llama 3 8B at 8192 tokens in f16: 32 layers x 2 x 8 heads x 128 x 2 bytes x 8192 = exactly 1 GiB.
 */
export function estimateKvCache(arch: ModelArchitecture, options: KvCacheOptions): KvCacheEstimate {
  const { contextTokens } = options;
  const sequences = options.sequences ?? 1;
  const bytesPerElement = KV_CACHE_BYTES_PER_ELEMENT[options.kvCacheType ?? 'f16'];
  const ubatch = options.ubatchTokens ?? 512;

  const layerShapes = layerCacheShapes(arch);
  const perLayerBytes = new Array<number>(layerShapes.length);
  const byKind: KvCacheLayerShare[] = [];
  let bytesPerToken = 0;
  let totalBytes = 0;
  for (let index = 0; index < layerShapes.length; index++) {
    const shape = layerShapes[index] as LayerCacheShape;
    let tokens: number | null;
    let bytes: number;
    if (shape.kind === 'linear') {
      tokens = null;
      bytes = shape.stateBytes * sequences;
    } else {
      tokens =
        shape.windowTokens === undefined || options.fullCacheForSlidingLayers
          ? contextTokens
          : Math.min(contextTokens, roundUp(shape.windowTokens * sequences + ubatch, 256) / sequences);
      const perToken = shape.elementsPerToken * bytesPerElement;
      bytes = perToken * tokens * sequences;
      if (tokens === contextTokens) bytesPerToken += perToken;
    }
    perLayerBytes[index] = bytes;
    totalBytes += bytes;
    const share = byKind.find((s) => s.kind === shape.kind && s.tokensPerSequence === tokens);
    if (share) {
      share.layers += 1;
      share.bytes += bytes;
    } else {
      byKind.push({ kind: shape.kind, layers: 1, tokensPerSequence: tokens, bytes });
    }
  }
  return { totalBytes, bytesPerToken, byKind, perLayerBytes };
}

import { ggmlTensorBytes } from './ggml-types.js';
import { ggufTensorTypes } from './gguf-recipe.js';
import type { ModelArchitecture } from './model-spec.js';
import type { Precision } from './precision.js';
import { type DecoderTensor, decoderTensors } from './tensor-inventory.js';
import { tensorFromName } from './tensor-role.js';

/** One tensor as a precision stores it. */
export interface StoredTensor {
  tensor: DecoderTensor;
  /** Storage type: a GGML type name ("Q6_K") or a format label ("AWQ-INT4", "BF16"). */
  type: string;
  bytes: number;
}

/** Linear projections inside the decoder layers: what AWQ/GPTQ/FP8/bitsandbytes quantise. */
function isLayerProjection(t: DecoderTensor): boolean {
  if (t.layer === null || t.shape.length < 2 || !t.name.endsWith('.weight')) return false;
  return t.role !== 'norm' && t.role !== 'ffn_gate_inp' && t.role !== 'ssm_conv1d';
}

const SIXTEEN_BIT = 2;

function storeTensors(arch: ModelArchitecture, precision: Precision): StoredTensor[] {
  const tensors = decoderTensors(arch);
  const storage = precision.storage;
  switch (storage.kind) {
    case 'float':
      return tensors.map((tensor) => ({ tensor, type: precision.id, bytes: tensor.elements * storage.bytesPerWeight }));
    case 'gguf': {
      const types = ggufTensorTypes(arch, tensors, storage.ftype, {
        ...(storage.outputType ? { outputType: storage.outputType } : {}),
        ...(storage.tokenEmbeddingType ? { tokenEmbeddingType: storage.tokenEmbeddingType } : {}),
      });
      return tensors.map((tensor, index) => {
        const type = types[index] ?? 'F16';
        return { tensor, type, bytes: ggmlTensorBytes(type, tensor.elements) };
      });
    }
    case 'linear':
      return tensors.map((tensor) => {
        if (!isLayerProjection(tensor)) return { tensor, type: 'BF16', bytes: tensor.elements * SIXTEEN_BIT };
        const inputChannels = tensor.shape[0] ?? 0;
        const groups = storage.groupSize === 0 ? tensor.elements / inputChannels : tensor.elements / storage.groupSize;
        const copies = tensor.shape[2] ?? 1;
        const bytes =
          (tensor.elements * storage.bitsPerWeight) / 8 +
          (groups * storage.bitsPerGroup) / 8 +
          inputChannels * copies * storage.bytesPerInputChannel;
        return { tensor, type: precision.id, bytes: Math.ceil(bytes) };
      });
    case 'experts':
      return tensors.map((tensor) =>
        tensor.routedExperts && tensor.shape.length >= 3
          ? { tensor, type: precision.id, bytes: Math.ceil((tensor.elements * storage.expertBitsPerWeight) / 8) }
          : { tensor, type: 'BF16', bytes: tensor.elements * SIXTEEN_BIT },
      );
    case 'file':
      return storage.tensors.map((t) => ({
        tensor: tensorFromName(t.name, t.shape, t.elements, arch.layers),
        type: t.type,
        bytes: t.bytes,
      }));
    case 'mlx':
      return tensors.map((tensor) => {
        const quantized =
          tensor.shape.length >= 2 && tensor.name.endsWith('.weight') && tensor.role !== 'norm' && tensor.role !== 'ffn_gate_inp';
        if (!quantized) return { tensor, type: 'BF16', bytes: tensor.elements * SIXTEEN_BIT };
        // A 16-bit scale and a 16-bit bias per group.
        const bytes = (tensor.elements * storage.bitsPerWeight) / 8 + (tensor.elements / storage.groupSize) * 4;
        return { tensor, type: precision.id, bytes: Math.ceil(bytes) };
      });
  }
}

/**
 * Bytes of the multi-token-prediction layers a checkpoint stores beyond the decoder. Each is stored like the last
 * decoder layer (DeepSeek's layer 61 copies layer 60's shape and precision: FP8 with block scales, bf16 router and
 * norms), plus what only the MTP module has, all left in 16-bit by the quantisers: the 2h x h `eh_proj` over
 * [embedding; hidden], its two input norms and the head's norm, and its own copies of the embedding and output
 * head. GGUF converters drop these layers (llama.cpp's deepseek2 conversion skips layer 61), and a file layout read
 * from headers already holds whatever the file stores.
 */
function mtpCheckpointBytes(arch: ModelArchitecture, precision: Precision, stored: StoredTensor[]): number {
  if (arch.mtpLayers === 0 || precision.storage.kind === 'gguf' || precision.storage.kind === 'file') return 0;
  const last = arch.layers - 1;
  let layerBytes = 0;
  let embeddingBytes = 0;
  let headBytes = 0;
  for (const { tensor, bytes } of stored) {
    if (tensor.layer === last) layerBytes += bytes;
    else if (tensor.role === 'token_embd') embeddingBytes = bytes;
    else if (tensor.role === 'output') headBytes += bytes;
  }
  // A tied embedding is the head as well: the module stores the one shared matrix.
  const h = arch.hiddenSize;
  const ownTensorsBytes = (2 * h * h + 3 * h) * SIXTEEN_BIT;
  return arch.mtpLayers * (layerBytes + ownTensorsBytes + embeddingBytes + headBytes);
}

const storedCache = new WeakMap<ModelArchitecture, Map<string, StoredTensor[]>>();

/** Every decoder tensor with the type and exact bytes `precision` gives it (memoised per model and precision). */
export function storedTensors(arch: ModelArchitecture, precision: Precision): StoredTensor[] {
  let perPrecision = storedCache.get(arch);
  if (!perPrecision) {
    perPrecision = new Map();
    storedCache.set(arch, perPrecision);
  }
  let stored = perPrecision.get(precision.id);
  if (!stored) {
    stored = storeTensors(arch, precision);
    perPrecision.set(precision.id, stored);
  }
  return stored;
}

/** Bytes and weights per storage type, largest first: "which tensors at which type". */
export interface StorageTypeShare {
  type: string;
  tensors: number;
  elements: number;
  bytes: number;
}

export interface WeightsFootprint {
  /** Bytes of all decoder tensors: the GGUF tensor data, or the safetensors payload. */
  totalBytes: number;
  /**
   * Bytes of the published checkpoint's tensors: `totalBytes` plus the multi-token-prediction layers it stores and
   * inference does not load (`mtpLayers`). What a download (or a safetensors index's total_size) counts.
   */
  checkpointBytes: number;
  /** Bytes of the input embedding table; llama.cpp keeps it in host memory, not on the GPU. */
  tokenEmbeddingBytes: number;
  /** Bytes of the routed experts (all of them); MoE offload moves these to the CPU first. */
  routedExpertBytes: number;
  /**
   * Bytes read from memory to generate one token: every tensor but the embedding table (one row is read)
   * and the routed experts a token does not use.
   */
  bytesReadPerToken: number;
  /** Effective bits per weight of the whole file. */
  bitsPerWeight: number;
  byType: StorageTypeShare[];
}

const footprintCache = new WeakMap<ModelArchitecture, Map<string, WeightsFootprint>>();

/** The size of a model's weights at a precision, from its tensors, and what of it each token reads (memoised). */
export function weightsFootprint(arch: ModelArchitecture, precision: Precision): WeightsFootprint {
  let perPrecision = footprintCache.get(arch);
  if (!perPrecision) {
    perPrecision = new Map();
    footprintCache.set(arch, perPrecision);
  }
  let footprint = perPrecision.get(precision.id);
  if (!footprint) {
    footprint = computeWeightsFootprint(arch, precision);
    perPrecision.set(precision.id, footprint);
  }
  return footprint;
}

function computeWeightsFootprint(arch: ModelArchitecture, precision: Precision): WeightsFootprint {
  const stored = storedTensors(arch, precision);
  const activeShare = arch.moe ? arch.moe.activeExperts / arch.moe.experts : 1;
  const byType = new Map<string, StorageTypeShare>();
  let totalBytes = 0;
  let elements = 0;
  let tokenEmbeddingBytes = 0;
  let routedExpertBytes = 0;
  let bytesReadPerToken = 0;
  for (const { tensor, type, bytes } of stored) {
    totalBytes += bytes;
    elements += tensor.elements;
    const share = byType.get(type) ?? { type, tensors: 0, elements: 0, bytes: 0 };
    share.tensors += 1;
    share.elements += tensor.elements;
    share.bytes += bytes;
    byType.set(type, share);
    if (tensor.role === 'token_embd') {
      tokenEmbeddingBytes = bytes;
      // A tied embedding is also the output head and is read in full for every token.
      if (arch.tiedEmbeddings) bytesReadPerToken += bytes;
    } else if (tensor.routedExperts) {
      routedExpertBytes += bytes;
      bytesReadPerToken += bytes * activeShare;
    } else {
      bytesReadPerToken += bytes;
    }
  }
  // Memoised and shared between callers, so frozen.
  return Object.freeze({
    totalBytes,
    checkpointBytes: totalBytes + mtpCheckpointBytes(arch, precision, stored),
    tokenEmbeddingBytes,
    routedExpertBytes,
    bytesReadPerToken,
    bitsPerWeight: (totalBytes * 8) / elements,
    byType: Object.freeze(
      [...byType.values()].sort((a, b) => b.bytes - a.bytes).map((share) => Object.freeze(share)),
    ) as StorageTypeShare[],
  });
}

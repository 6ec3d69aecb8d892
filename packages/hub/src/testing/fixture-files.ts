// Builders for the stand-in Hub's files: safetensors and GGUF headers with real tensor names and shapes,
// followed (virtually) by a data region of the right size.
import type { ModelArchitecture } from '@weightplan/weights';
import { ggufHeaderBytes, type TestTensor } from '@weightplan/weights/testing';
import type { StandInFile } from './stand-in-hub.js';

const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I32: 4, U8: 1, F8_E4M3: 1, I8: 1 };

export interface HfTensor {
  name: string;
  dtype: string;
  /** Outermost first, as safetensors and PyTorch write it. */
  shape: number[];
}

export const tensorBytes = (t: HfTensor) => t.shape.reduce((p, d) => p * d, 1) * (DTYPE_BYTES[t.dtype] ?? 1);

/** A safetensors file: 8-byte header length, the JSON header, and the tensors' bytes (zeros). */
export function safetensorsFile(path: string, tensors: HfTensor[], metadata: Record<string, string> = { format: 'pt' }): StandInFile {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const bytes = tensorBytes(t);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return { path, size: 8 + json.length + offset, head: Buffer.concat([length, json]) };
}

type GgufMeta = Parameters<typeof ggufHeaderBytes>[0];

/** A GGUF file as llama.cpp lays it out: header, padding to 32 bytes, tensor data. */
export function ggufFile(path: string, metadata: GgufMeta, tensors: TestTensor[]): StandInFile {
  const { header, dataBytes } = ggufHeaderBytes(metadata, tensors);
  return { path, size: Math.ceil(header.length / 32) * 32 + dataBytes, head: header };
}

/** A small text file (config.json, README.md). */
export function textFile(path: string, content: string | object): StandInFile {
  const head = Buffer.from(typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'utf8');
  return { path, size: head.length, head };
}

/** Splits tensors into `count` shards of consecutive layers, as transformers' save_pretrained does by size. */
export function shard(tensors: HfTensor[], count: number): HfTensor[][] {
  const total = tensors.reduce((s, t) => s + tensorBytes(t), 0);
  const shards: HfTensor[][] = Array.from({ length: count }, () => []);
  let sum = 0;
  for (const t of tensors) {
    const index = Math.min(count - 1, Math.floor((sum / total) * count));
    shards[index]?.push(t);
    sum += tensorBytes(t);
  }
  return shards;
}

/**
 * The tensors transformers saves for a dense Llama-family decoder (llama, mistral, qwen2, qwen3), with
 * Hugging Face names and shapes: what `model.safetensors` of such a repository holds.
 */
export function hfDenseTensors(arch: ModelArchitecture, dtype: string): HfTensor[] {
  const h = arch.hiddenSize;
  const q = arch.attentionHeads * arch.headDim;
  const kv = arch.kvHeads * arch.headDim;
  const tensors: HfTensor[] = [{ name: 'model.embed_tokens.weight', dtype, shape: [arch.vocabSize, h] }];
  for (let i = 0; i < arch.layers; i++) {
    const p = `model.layers.${i}`;
    tensors.push(
      { name: `${p}.input_layernorm.weight`, dtype, shape: [h] },
      { name: `${p}.self_attn.q_proj.weight`, dtype, shape: [q, h] },
      { name: `${p}.self_attn.k_proj.weight`, dtype, shape: [kv, h] },
      { name: `${p}.self_attn.v_proj.weight`, dtype, shape: [kv, h] },
      { name: `${p}.self_attn.o_proj.weight`, dtype, shape: [h, q] },
    );
    if (arch.attentionBias === 'qkv')
      tensors.push(
        { name: `${p}.self_attn.q_proj.bias`, dtype, shape: [q] },
        { name: `${p}.self_attn.k_proj.bias`, dtype, shape: [kv] },
        { name: `${p}.self_attn.v_proj.bias`, dtype, shape: [kv] },
      );
    if (arch.qkNorm)
      tensors.push(
        { name: `${p}.self_attn.q_norm.weight`, dtype, shape: [arch.headDim] },
        { name: `${p}.self_attn.k_norm.weight`, dtype, shape: [arch.headDim] },
      );
    tensors.push(
      { name: `${p}.post_attention_layernorm.weight`, dtype, shape: [h] },
      { name: `${p}.mlp.gate_proj.weight`, dtype, shape: [arch.intermediateSize, h] },
      { name: `${p}.mlp.up_proj.weight`, dtype, shape: [arch.intermediateSize, h] },
      { name: `${p}.mlp.down_proj.weight`, dtype, shape: [h, arch.intermediateSize] },
    );
  }
  tensors.push({ name: 'model.norm.weight', dtype, shape: [h] });
  if (!arch.tiedEmbeddings) tensors.push({ name: 'lm_head.weight', dtype, shape: [arch.vocabSize, h] });
  return tensors;
}

/**
 * The same decoder as AutoAWQ's GEMM format saves it at 4 bits: each linear layer's weight becomes
 * qweight [in, out/8] int32 (eight 4-bit values per word), qzeros [in/group, out/8] int32 and scales
 * [in/group, out] float16; embeddings, norms and the head stay float16.
 */
export function awqTensors(arch: ModelArchitecture, groupSize: number): HfTensor[] {
  const awq: HfTensor[] = [];
  for (const t of hfDenseTensors(arch, 'F16')) {
    const linear = /\.(q|k|v|o|gate|up|down)_proj\.weight$/.test(t.name);
    const [out = 0, inFeatures = 0] = t.shape;
    if (!linear) {
      awq.push(t);
      continue;
    }
    const prefix = t.name.replace(/\.weight$/, '');
    awq.push(
      { name: `${prefix}.qweight`, dtype: 'I32', shape: [inFeatures, out / 8] },
      { name: `${prefix}.qzeros`, dtype: 'I32', shape: [inFeatures / groupSize, out / 8] },
      { name: `${prefix}.scales`, dtype: 'F16', shape: [inFeatures / groupSize, out] },
    );
  }
  return awq;
}

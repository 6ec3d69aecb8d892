import { decoderTensors, getPrecision, type ModelArchitecture, type OpenModelSpec, weightsFootprint } from '@weightplan/weights';
import { z } from 'zod';

const GiB = 1024 ** 3;

export const FinetuneMethodSchema = z.enum(['full', 'lora', 'qlora']);
export const OptimizerSchema = z.enum(['adamw', 'adamw-8bit']);
/** Sharding across data-parallel GPUs: none (each GPU holds everything), ZeRO-2 (gradients and optimizer), ZeRO-3/FSDP (also weights). */
export const ShardingSchema = z.enum(['none', 'zero2', 'zero3']);
/** Which linear layers get LoRA adapters: attention and dense MLP (and shared experts), or every linear layer including routed experts. */
export const LoraTargetsSchema = z.enum(['attention-mlp', 'all-linear']);

export type FinetuneMethod = z.infer<typeof FinetuneMethodSchema>;
export type Optimizer = z.infer<typeof OptimizerSchema>;
export type Sharding = z.infer<typeof ShardingSchema>;
export type LoraTargets = z.infer<typeof LoraTargetsSchema>;

export interface FinetuneSetup {
  method: FinetuneMethod;
  optimizer: Optimizer;
  sharding: Sharding;
  gpus: number;
  /** Sequences per GPU per step. */
  microBatch: number;
  sequenceTokens: number;
  gradientCheckpointing: boolean;
  loraRank: number;
  loraTargets: LoraTargets;
}

export const FinetuneMemorySchema = z.object({
  weightsBytes: z.number(),
  gradientsBytes: z.number(),
  optimizerBytes: z.number(),
  activationsBytes: z.number(),
  logitsBytes: z.number(),
  overheadBytes: z.number(),
  totalBytes: z.number(),
});

export type FinetuneMemory = z.infer<typeof FinetuneMemorySchema>;

/**
 * Optimizer state per trainable parameter in mixed precision (Rajbhandari et al. 2020, "ZeRO", section 3.1):
 * an fp32 master copy (4 bytes) and Adam's two moments, fp32 (4 + 4) or 8-bit (1 + 1, Dettmers et al. 2022).
 * With bf16 weights (2) and bf16 gradients (2), AdamW costs 16 bytes per trainable parameter.
 */
const OPTIMIZER_BYTES_PER_PARAMETER: Record<Optimizer, number> = { adamw: 12, 'adamw-8bit': 6 };

/** CUDA context, cuBLAS and NCCL workspaces per GPU in a PyTorch training process. */
const FRAMEWORK_OVERHEAD_BYTES = 1 * GiB;

/** Roles LoRA adapts by default: attention projections and dense or shared MLP. */
const ATTENTION_MLP_ROLES = new Set([
  'attn_q',
  'attn_k',
  'attn_v',
  'attn_output',
  'attn_q_a',
  'attn_q_b',
  'attn_kv_a_mqa',
  'attn_kv_b',
  'ffn_gate',
  'ffn_up',
  'ffn_down',
  'ffn_gate_shexp',
  'ffn_up_shexp',
  'ffn_down_shexp',
  'ssm_in',
  'ssm_out',
]);
const EXPERT_ROLES = new Set(['ffn_gate_exps', 'ffn_up_exps', 'ffn_down_exps']);

/**
 * Parameters LoRA trains: for each adapted weight matrix of shape in x out, rank x (in + out) (the A and B
 * matrices of Hu et al. 2021); routed experts get one pair per expert.
 */
export function loraParameters(arch: ModelArchitecture, rank: number, targets: LoraTargets): number {
  let total = 0;
  for (const t of decoderTensors(arch)) {
    if (t.layer === null || t.shape.length < 2 || !t.name.endsWith('.weight')) continue;
    const adapted = ATTENTION_MLP_ROLES.has(t.role) || (targets === 'all-linear' && EXPERT_ROLES.has(t.role));
    if (!adapted) continue;
    const [inputs = 0, outputs = 0, copies = 1] = t.shape;
    total += rank * (inputs + outputs) * copies;
  }
  return total;
}

/**
 * Activation bytes one decoder layer keeps per token for the backward pass, in bf16 with a fused
 * (flash) attention kernel that stores no attention matrix: the attention block keeps its norm's input and
 * output, Q, K, V and the attention output (8h + 4 kv_dim bytes); a gated MLP keeps its norm's input and
 * output, the gate and up projections, the activated gate and their product (4h + 8I). I is the FFN
 * width the token passes through: the dense width, or the active experts' (and shared experts') widths.
 * This is the accounting of Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large
 * Transformer Models", section 4.1) without dropout masks and with a gated MLP.
 */
export function activationBytesPerTokenPerLayer(arch: ModelArchitecture): number {
  const h = arch.hiddenSize;
  const kvDim = arch.kvHeads * arch.headDim;
  const moe = arch.moe;
  const ffnWidth = moe
    ? moe.expertIntermediateSize * moe.activeExperts + (moe.sharedExpertIntermediateSize ?? moe.expertIntermediateSize) * moe.sharedExperts
    : arch.intermediateSize;
  const mlp = arch.ffnKind === 'gated' ? 4 * h + 8 * ffnWidth : 4 * h + 4 * ffnWidth;
  return 8 * h + 4 * kvDim + mlp;
}

/**
 * Memory per GPU for one fine-tuning setup. Gradient checkpointing keeps only each layer's input (2h bytes
 * per token) and recomputes one layer at a time in the backward pass. The loss over the vocabulary needs the
 * logits in bf16 and, upcast for a stable cross-entropy, in fp32 with their gradient (2 + 4 + 4 bytes each).
 */
export function finetuneMemory(model: OpenModelSpec, setup: FinetuneSetup): FinetuneMemory & { trainableParameters: number } {
  const arch = model.architecture;
  const P = model.parameterCount;
  const shardWeights = setup.sharding === 'zero3' ? setup.gpus : 1;
  const shardStates = setup.sharding === 'none' ? 1 : setup.gpus;

  let weightsBytes: number;
  let trainable: number;
  if (setup.method === 'full') {
    trainable = P;
    weightsBytes = (2 * P) / shardWeights;
  } else {
    trainable = loraParameters(arch, setup.loraRank, setup.loraTargets);
    // The frozen base in bf16 (LoRA) or 4-bit NormalFloat with double-quantised scales (QLoRA, Dettmers et al.
    // 2023): exact bytes from the NF4 tensor layout, embeddings and output head kept in 16 bits.
    const baseBytes = setup.method === 'qlora' ? weightsFootprint(arch, getPrecision('NF4')).totalBytes : 2 * P;
    weightsBytes = baseBytes / shardWeights + 2 * trainable;
  }
  const gradientsBytes = (2 * trainable) / shardStates;
  const optimizerBytes = (OPTIMIZER_BYTES_PER_PARAMETER[setup.optimizer] * trainable) / shardStates;

  const tokens = setup.microBatch * setup.sequenceTokens;
  const perLayer = activationBytesPerTokenPerLayer(arch);
  const activationsBytes = setup.gradientCheckpointing
    ? tokens * (2 * arch.hiddenSize * arch.layers + perLayer)
    : tokens * perLayer * arch.layers;
  const logitsBytes = tokens * arch.vocabSize * 10;
  const overheadBytes = FRAMEWORK_OVERHEAD_BYTES;
  const totalBytes = weightsBytes + gradientsBytes + optimizerBytes + activationsBytes + logitsBytes + overheadBytes;
  return {
    weightsBytes,
    gradientsBytes,
    optimizerBytes,
    activationsBytes,
    logitsBytes,
    overheadBytes,
    totalBytes,
    trainableParameters: trainable,
  };
}

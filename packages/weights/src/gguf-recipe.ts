import { type GgmlTypeName, ggmlTypeFitsRow } from './ggml-types.js';
import type { ModelArchitecture } from './model-spec.js';
import type { DecoderTensor } from './tensor-inventory.js';

/**
 * llama.cpp file types ("ftypes"): the recipes `llama-quantize` applies. Most tensors get the recipe's
 * base type; some get more bits (Q4_K_M stores attn_v and part of ffn_down as Q6_K), following the
 * per-tensor rules of llama.cpp's src/llama-quant.cpp (`llama_tensor_get_type`), which this module
 * reimplements so that predicted file sizes match real files.
 */
export const GGUF_FTYPES = [
  'F32',
  'F16',
  'BF16',
  'Q4_0',
  'Q4_1',
  'Q5_0',
  'Q5_1',
  'Q8_0',
  'Q2_K',
  'Q2_K_S',
  'Q3_K_S',
  'Q3_K_M',
  'Q3_K_L',
  'Q4_K_S',
  'Q4_K_M',
  'Q5_K_S',
  'Q5_K_M',
  'Q6_K',
  'IQ1_S',
  'IQ1_M',
  'IQ2_XXS',
  'IQ2_XS',
  'IQ2_S',
  'IQ2_M',
  'IQ3_XXS',
  'IQ3_XS',
  'IQ3_S',
  'IQ3_M',
  'IQ4_NL',
  'IQ4_XS',
  'TQ1_0',
  'TQ2_0',
  'MXFP4_MOE',
] as const;

export type GgufFtype = (typeof GGUF_FTYPES)[number];

/** Base tensor type of each recipe (llama.cpp's `llama_ftype_get_default_type`). */
const BASE_TYPE: Record<GgufFtype, GgmlTypeName> = {
  F32: 'F32',
  F16: 'F16',
  BF16: 'BF16',
  Q4_0: 'Q4_0',
  Q4_1: 'Q4_1',
  Q5_0: 'Q5_0',
  Q5_1: 'Q5_1',
  Q8_0: 'Q8_0',
  Q2_K: 'Q2_K',
  Q2_K_S: 'Q2_K',
  Q3_K_S: 'Q3_K',
  Q3_K_M: 'Q3_K',
  Q3_K_L: 'Q3_K',
  Q4_K_S: 'Q4_K',
  Q4_K_M: 'Q4_K',
  Q5_K_S: 'Q5_K',
  Q5_K_M: 'Q5_K',
  Q6_K: 'Q6_K',
  IQ1_S: 'IQ1_S',
  IQ1_M: 'IQ1_M',
  IQ2_XXS: 'IQ2_XXS',
  IQ2_XS: 'IQ2_XS',
  IQ2_S: 'IQ2_XS',
  IQ2_M: 'IQ2_S',
  IQ3_XXS: 'IQ3_XXS',
  IQ3_XS: 'IQ3_S',
  IQ3_S: 'IQ3_S',
  IQ3_M: 'IQ3_S',
  IQ4_NL: 'IQ4_NL',
  IQ4_XS: 'IQ4_XS',
  TQ1_0: 'TQ1_0',
  TQ2_0: 'TQ2_0',
  MXFP4_MOE: 'MXFP4',
};

export interface GgufRecipeOptions {
  /** Quantised with an importance matrix (required for the 1–2-bit IQ types; bartowski's files all use one). */
  importanceMatrix?: boolean;
  /** `--output-tensor-type`: e.g. Q8_0 for bartowski's "_L" variants. */
  outputType?: GgmlTypeName;
  /** `--token-embedding-type`. */
  tokenEmbeddingType?: GgmlTypeName;
  /** Type of tensors llama.cpp does not quantise but stores as 2-D weights (routers stay F32 anyway). */
  unquantizedType?: 'F16' | 'BF16';
}

/** Recipe context derived once per model. */
interface RecipeContext {
  ftype: GgufFtype;
  base: GgmlTypeName;
  gqaRatio: number;
  expertCount: number;
  layers: number;
  attentionValueTensors: number;
  /** llama.cpp treats 80-layer Llama models as "70B" and gives attn_v more bits. */
  isLlama70b: boolean;
  /** Without an output head the embedding doubles as one and is quantised like it. */
  tiedEmbeddings: boolean;
  options: GgufRecipeOptions;
}

const IQ_LOW: ReadonlySet<GgufFtype> = new Set(['IQ2_XXS', 'IQ2_XS', 'IQ1_S', 'IQ2_S', 'IQ2_M', 'IQ1_M']);
const IQ_LOW_WITH_IQ3_OUTPUT: ReadonlySet<GgufFtype> = new Set(['IQ2_XXS', 'IQ2_XS', 'IQ3_XXS', 'IQ1_S', 'IQ2_S', 'IQ2_M', 'IQ1_M']);
const FLOAT_FTYPES: ReadonlySet<GgufFtype> = new Set(['F32', 'F16', 'BF16']);

/** llama.cpp gives more bits to the first and last eighth of layers and every third layer in between. */
function useMoreBits(layer: number, layers: number): boolean {
  const eighth = Math.trunc(layers / 8);
  return layer < eighth || layer >= Math.trunc((7 * layers) / 8) || (layer - eighth) % 3 === 2;
}

type Category = 'output' | 'token_embd' | 'attn_v' | 'attn_k' | 'attn_q' | 'attn_output' | 'ffn_down' | 'ffn_gate' | 'ffn_up' | 'other';

function category(t: DecoderTensor): Category {
  switch (t.role) {
    case 'output':
      return 'output';
    case 'token_embd':
      return 'token_embd';
    case 'attn_v':
    case 'attn_kv_b':
      return 'attn_v';
    case 'attn_k':
      return 'attn_k';
    case 'attn_q':
      return 'attn_q';
    case 'attn_output':
      return 'attn_output';
    case 'ffn_down':
    case 'ffn_down_exps':
    case 'ffn_down_shexp':
      return 'ffn_down';
    case 'ffn_gate':
    case 'ffn_gate_exps':
    case 'ffn_gate_shexp':
      return 'ffn_gate';
    case 'ffn_up':
    case 'ffn_up_exps':
    case 'ffn_up_shexp':
      return 'ffn_up';
    default:
      return 'other';
  }
}

/** llama.cpp quantises only 2-D and 3-D `.weight` tensors that are not norms, routers or conv kernels. */
function isQuantizable(t: DecoderTensor): boolean {
  if (t.shape.length < 2 || !t.name.endsWith('.weight')) return false;
  return !(t.role === 'norm' || t.role === 'output_norm' || t.role === 'ffn_gate_inp' || t.role === 'ssm_conv1d');
}

/** Type the converter (convert_hf_to_gguf.py) writes for tensors that are never quantised. */
function unquantizedType(t: DecoderTensor, ctx: RecipeContext): GgmlTypeName {
  if (ctx.ftype === 'F32') return 'F32';
  // 1-D tensors, norms, routers and conv kernels are always written as F32.
  if (t.shape.length < 2 || t.role === 'norm' || t.role === 'ffn_gate_inp' || t.role === 'ssm_conv1d') return 'F32';
  if (ctx.ftype === 'F16' || ctx.ftype === 'BF16') return ctx.ftype;
  return ctx.options.unquantizedType ?? 'F16';
}

/** Fallback when a row length is not a multiple of the chosen type's block (llama.cpp's `tensor_type_fallback`). */
export function ggufFallbackType(type: GgmlTypeName, rowElements: number): GgmlTypeName {
  if (ggmlTypeFitsRow(type, rowElements)) return type;
  const fallback: Partial<Record<GgmlTypeName, GgmlTypeName>> = {
    IQ1_S: 'IQ4_NL',
    IQ1_M: 'IQ4_NL',
    IQ2_XXS: 'IQ4_NL',
    IQ2_XS: 'IQ4_NL',
    IQ2_S: 'IQ4_NL',
    IQ3_XXS: 'IQ4_NL',
    IQ3_S: 'IQ4_NL',
    IQ4_XS: 'IQ4_NL',
    Q2_K: 'Q4_0',
    Q3_K: 'Q4_0',
    TQ1_0: 'Q4_0',
    TQ2_0: 'Q4_0',
    Q4_K: 'Q5_0',
    Q5_K: 'Q5_1',
    Q6_K: 'Q8_0',
  };
  const next = fallback[type];
  return next !== undefined && ggmlTypeFitsRow(next, rowElements) ? next : 'F16';
}

function outputType(t: DecoderTensor, ctx: RecipeContext): GgmlTypeName {
  if (ctx.options.outputType) return ctx.options.outputType;
  const rowElements = t.shape[0] ?? 0;
  if (ctx.ftype === 'MXFP4_MOE') return 'Q8_0';
  if (!ggmlTypeFitsRow(ctx.base, rowElements)) return 'Q8_0';
  if (IQ_LOW_WITH_IQ3_OUTPUT.has(ctx.ftype)) return 'Q5_K';
  return ctx.base === 'Q8_0' ? 'Q8_0' : 'Q6_K';
}

function quantizedType(t: DecoderTensor, ctx: RecipeContext, attentionValueIndex: number): GgmlTypeName {
  const { ftype, base, gqaRatio, expertCount, layers } = ctx;
  const cat = category(t);
  const layer = t.layer ?? 0;
  const imatrix = ctx.options.importanceMatrix ?? false;

  if (cat === 'output' || (cat === 'token_embd' && ctx.tiedEmbeddings)) return outputType(t, ctx);
  if (cat === 'token_embd') {
    if (ctx.options.tokenEmbeddingType) return ctx.options.tokenEmbeddingType;
    if (ftype === 'IQ2_XXS' || ftype === 'IQ2_XS' || ftype === 'IQ1_S' || ftype === 'IQ1_M') return 'Q2_K';
    if (ftype === 'IQ2_S' || ftype === 'IQ2_M' || ftype === 'IQ3_XXS') return 'IQ3_S';
    if (ftype === 'TQ1_0' || ftype === 'TQ2_0') return 'Q4_K';
    if (ftype === 'MXFP4_MOE') return 'Q8_0';
    return base;
  }
  if (ftype === 'MXFP4_MOE') return t.shape.length >= 3 ? 'MXFP4' : 'Q8_0';

  if (IQ_LOW.has(ftype)) {
    const iq2sOrM = ftype === 'IQ2_S' || ftype === 'IQ2_M';
    if (cat === 'attn_v') return gqaRatio >= 4 || expertCount >= 4 ? 'Q4_K' : iq2sOrM ? 'IQ3_S' : 'Q2_K';
    if (expertCount === 8 && cat === 'attn_k') return 'Q4_K';
    if (cat === 'ffn_down') return layer < Math.trunc(layers / 8) ? (iq2sOrM ? 'IQ3_S' : 'Q2_K') : base;
    if (cat === 'attn_output') {
      if (expertCount === 8) return 'Q5_K';
      if (ftype === 'IQ1_S' || ftype === 'IQ1_M') return 'IQ2_XXS';
      if (iq2sOrM) return 'IQ3_S';
    }
    return base;
  }

  switch (cat) {
    case 'attn_v': {
      let type = base;
      if (ftype === 'Q2_K') type = gqaRatio >= 4 ? 'Q4_K' : 'Q3_K';
      else if (ftype === 'Q2_K_S' && gqaRatio >= 4) type = 'Q4_K';
      else if (ftype === 'IQ3_XXS') type = gqaRatio >= 4 ? 'Q4_K' : imatrix ? 'IQ3_XXS' : 'IQ3_S';
      else if ((ftype === 'IQ3_XS' || ftype === 'IQ3_S') && gqaRatio >= 4) type = 'Q4_K';
      else if (ftype === 'IQ3_M') type = 'Q4_K';
      else if (ftype === 'Q3_K_M') type = attentionValueIndex < 2 ? 'Q5_K' : 'Q4_K';
      else if (ftype === 'Q3_K_L') type = 'Q5_K';
      else if ((ftype === 'IQ4_NL' || ftype === 'IQ4_XS') && gqaRatio >= 4) type = 'Q5_K';
      else if ((ftype === 'Q4_K_M' || ftype === 'Q5_K_M') && useMoreBits(attentionValueIndex, ctx.attentionValueTensors)) type = 'Q6_K';
      else if (ftype === 'Q4_K_S' && attentionValueIndex < 4) type = 'Q5_K';
      if (ctx.isLlama70b && (type === 'Q3_K' || type === 'Q4_K')) type = 'Q5_K';
      if (expertCount === 8) type = 'Q8_0';
      return type;
    }
    case 'attn_k':
      if (expertCount === 8) return 'Q8_0';
      if (ftype === 'IQ3_XS') return 'IQ3_XXS';
      if (ftype === 'IQ3_XXS') return 'IQ2_S';
      return base;
    case 'attn_q':
      if (ftype === 'IQ3_XS') return 'IQ3_XXS';
      if (ftype === 'IQ3_XXS') return 'IQ2_S';
      return base;
    case 'ffn_down': {
      const eighth = Math.trunc(layers / 8);
      if (ftype === 'Q2_K') return 'Q3_K';
      if (ftype === 'Q2_K_S') return layer < eighth ? 'Q4_K' : base;
      if (ftype === 'IQ3_XXS' && !imatrix) return layer < eighth ? 'Q4_K' : 'Q3_K';
      if (ftype === 'Q3_K_M') return layer < Math.trunc(layers / 16) ? 'Q5_K' : 'Q4_K';
      if (ftype === 'IQ3_M' && (layer < eighth || (expertCount === 8 && useMoreBits(layer, layers)))) return 'Q4_K';
      if (ftype === 'Q3_K_L') return 'Q5_K';
      if (ftype === 'Q4_K_M') return useMoreBits(layer, layers) ? 'Q6_K' : base;
      if (layer < eighth && (ftype === 'IQ4_NL' || ftype === 'IQ4_XS') && !imatrix) return 'Q5_K';
      if (ftype === 'Q5_K_M' && useMoreBits(layer, layers)) return 'Q6_K';
      if (ftype === 'Q4_K_S' && layer < eighth) return 'Q5_K';
      if ((ftype === 'Q4_0' || ftype === 'Q5_0') && imatrix && layer < eighth) return ftype === 'Q4_0' ? 'Q4_1' : 'Q5_1';
      return base;
    }
    case 'attn_output':
      if (expertCount === 8) {
        const bumped: GgufFtype[] = [
          'Q2_K',
          'IQ3_XS',
          'IQ3_XXS',
          'Q3_K_S',
          'Q3_K_M',
          'IQ4_NL',
          'Q4_K_S',
          'Q4_K_M',
          'IQ3_S',
          'IQ3_M',
          'IQ4_XS',
        ];
        return bumped.includes(ftype) ? 'Q5_K' : base;
      }
      if (ftype === 'Q2_K') return 'Q3_K';
      if (ftype === 'IQ3_XXS') return 'IQ3_S';
      if (ftype === 'Q3_K_M') return 'Q4_K';
      if (ftype === 'Q3_K_L') return 'Q5_K';
      if (ftype === 'IQ3_M') return 'Q4_K';
      return base;
    case 'ffn_gate':
    case 'ffn_up':
      if (ftype === 'IQ3_XS' && layer >= Math.trunc(layers / 8) && layer < Math.trunc((7 * layers) / 8)) return 'IQ3_XXS';
      return base;
    default:
      return base;
  }
}

/**
 * gpt-oss was released with its routed experts in MXFP4. convert_hf_to_gguf.py repacks them to GGML's MXFP4
 * unchanged whatever `--outtype` is asked for, and every published quantisation keeps them there (bartowski:
 * "All quants keep the feed forward networks at mxfp4"; unsloth's F16 ... Q2_K files of gpt-oss-120b all lie
 * between 62.6 and 65.4 GB): only the attention, embedding and head follow the recipe. Modelling the recipe's
 * type for the experts would predict gpt-oss-120b Q4_K_M at 88 GB instead of 63 GB.
 */
function releasedWithMxfp4Experts(arch: ModelArchitecture): boolean {
  return arch.modelType === 'gpt_oss';
}

/**
 * Storage type of every decoder tensor in a GGUF file made with `ftype`, in tensor order. Pure: the
 * same model and recipe always give the same types.
 */
export function ggufTensorTypes(
  arch: ModelArchitecture,
  tensors: readonly DecoderTensor[],
  ftype: GgufFtype,
  options: GgufRecipeOptions = {},
): GgmlTypeName[] {
  const ctx: RecipeContext = {
    ftype,
    base: BASE_TYPE[ftype],
    gqaRatio: arch.attentionHeads / arch.kvHeads,
    expertCount: arch.moe?.experts ?? 0,
    layers: arch.layers,
    attentionValueTensors: tensors.filter((t) => category(t) === 'attn_v').length,
    isLlama70b: arch.modelType === 'llama' && arch.layers === 80,
    tiedEmbeddings: !tensors.some((t) => t.role === 'output'),
    options: { importanceMatrix: ftype.startsWith('IQ'), ...options },
  };
  const expertsStayMxfp4 = releasedWithMxfp4Experts(arch);
  let attentionValueIndex = 0;
  return tensors.map((t) => {
    if (expertsStayMxfp4 && t.routedExperts && t.shape.length >= 3 && t.name.endsWith('.weight')) return 'MXFP4';
    if (!isQuantizable(t)) return unquantizedType(t, ctx);
    if (FLOAT_FTYPES.has(ftype)) return ctx.base;
    const isAttentionValue = category(t) === 'attn_v';
    const chosen = quantizedType(t, ctx, attentionValueIndex);
    if (isAttentionValue) attentionValueIndex++;
    return ggufFallbackType(chosen, t.shape[0] ?? 0);
  });
}

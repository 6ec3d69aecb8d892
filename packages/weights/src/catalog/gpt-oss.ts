import type { ModelArchitectureInput } from '../model-spec.js';
import { defineModels } from './define-models.js';

const GPT_OSS_LICENSE = {
  id: 'apache-2.0',
  commercialUse: true,
  conditions: "Apache 2.0, with OpenAI's gpt-oss usage policy.",
  url: 'https://huggingface.co/openai/gpt-oss-120b/blob/main/LICENSE',
};

/** Shared by both sizes: width 2880, 64 query heads of 64, 8 KV heads, o200k_harmony vocabulary. */
const GPT_OSS_COMMON: Omit<ModelArchitectureInput, 'layers' | 'moe'> = {
  hfArchitecture: 'GptOssForCausalLM',
  modelType: 'gpt_oss',
  hiddenSize: 2880,
  intermediateSize: 0,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 64,
  vocabSize: 201088,
  maxContextTokens: 131072,
  tiedEmbeddings: false,
  attentionBias: 'qkvo',
  attentionSinks: true,
  // layer_types: sliding_attention on even layers (from layer 0), full_attention on odd ones.
  attentionLayers: [{ kind: 'sliding', windowTokens: 128 }, { kind: 'full' }],
};

const GPT_OSS_NOTES =
  "Every layer is MoE with SwiGLU experts of width 2880 (router and experts carry biases); no shared expert. The experts are released in MXFP4 (4-bit values with an 8-bit scale per 32); attention, router, embedding and head are bf16. max_position_embeddings 131072 is the YaRN-scaled length (factor 32 over 4096). activeParameterCount leaves out the input embedding table (579,133,440 parameters) and counts the output head, as OpenAI's published active figure does and as for every model here.";

export const gptOssModels = defineModels([
  {
    id: 'openai/gpt-oss-20b',
    aliases: ['gpt-oss-20b', 'gpt-oss:20b'],
    name: 'gpt-oss-20b',
    family: 'gpt-oss',
    publisher: 'OpenAI',
    parameterCount: 20_914_757_184,
    activeParameterCount: 3_608_307_264,
    parameterCountSource:
      'Hugging Face safetensors parameter count of openai/gpt-oss-20b: 20,914,757,184 (gpt-oss model card, https://openai.com/index/gpt-oss-model-card/: 20.91B total, 3.61B active)',
    architecture: {
      ...GPT_OSS_COMMON,
      layers: 24,
      moe: {
        experts: 32,
        activeExperts: 4,
        expertIntermediateSize: 2880,
        routerBias: true,
        expertBias: true,
      },
    },
    releasedDtype: 'mxfp4',
    license: GPT_OSS_LICENSE,
    releaseDate: '2025-08-05',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json',
    notes: `32 experts, 4 per token. ${GPT_OSS_NOTES}`,
  },
  {
    id: 'openai/gpt-oss-120b',
    aliases: ['gpt-oss-120b', 'gpt-oss:120b'],
    name: 'gpt-oss-120b',
    family: 'gpt-oss',
    publisher: 'OpenAI',
    parameterCount: 116_829_156_672,
    activeParameterCount: 5_132_849_472,
    parameterCountSource:
      'Hugging Face safetensors parameter count of openai/gpt-oss-120b: 116,829,156,672 (gpt-oss model card, https://openai.com/index/gpt-oss-model-card/: 116.83B total, 5.13B active)',
    architecture: {
      ...GPT_OSS_COMMON,
      layers: 36,
      moe: {
        experts: 128,
        activeExperts: 4,
        expertIntermediateSize: 2880,
        routerBias: true,
        expertBias: true,
      },
    },
    releasedDtype: 'mxfp4',
    license: GPT_OSS_LICENSE,
    releaseDate: '2025-08-05',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json',
    notes: `128 experts, 4 per token. ${GPT_OSS_NOTES}`,
  },
  {
    id: 'openai/gpt-oss-safeguard-20b',
    aliases: ['gpt-oss-safeguard-20b', 'gpt-oss-safeguard:20b'],
    name: 'gpt-oss-safeguard-20b',
    family: 'gpt-oss',
    publisher: 'OpenAI',
    parameterCount: 20_914_757_184,
    activeParameterCount: 3_608_307_264,
    parameterCountSource:
      'Fine-tune of gpt-oss-20b with the same tensors (https://huggingface.co/openai/gpt-oss-safeguard-20b: 21B total, 3.6B active); gpt-oss-20b Hub safetensors count 20,914,757,184',
    architecture: {
      ...GPT_OSS_COMMON,
      layers: 24,
      moe: { experts: 32, activeExperts: 4, expertIntermediateSize: 2880, routerBias: true, expertBias: true },
    },
    releasedDtype: 'mxfp4',
    license: { ...GPT_OSS_LICENSE, url: 'https://huggingface.co/openai/gpt-oss-safeguard-20b/blob/main/LICENSE' },
    releaseDate: '2025-10-29',
    variant: 'classifier',
    sourceUrl: 'https://huggingface.co/openai/gpt-oss-safeguard-20b/blob/main/config.json',
    notes: `Safety classifier that reasons over a policy given at inference time. 32 experts, 4 per token. ${GPT_OSS_NOTES}`,
  },
  {
    id: 'openai/gpt-oss-safeguard-120b',
    aliases: ['gpt-oss-safeguard-120b', 'gpt-oss-safeguard:120b'],
    name: 'gpt-oss-safeguard-120b',
    family: 'gpt-oss',
    publisher: 'OpenAI',
    parameterCount: 116_829_156_672,
    activeParameterCount: 5_132_849_472,
    parameterCountSource:
      'Fine-tune of gpt-oss-120b with the same tensors (https://huggingface.co/openai/gpt-oss-safeguard-120b: 117B total, 5.1B active); gpt-oss-120b Hub safetensors count 116,829,156,672',
    architecture: {
      ...GPT_OSS_COMMON,
      layers: 36,
      moe: { experts: 128, activeExperts: 4, expertIntermediateSize: 2880, routerBias: true, expertBias: true },
    },
    releasedDtype: 'mxfp4',
    license: { ...GPT_OSS_LICENSE, url: 'https://huggingface.co/openai/gpt-oss-safeguard-120b/blob/main/LICENSE' },
    releaseDate: '2025-10-29',
    variant: 'classifier',
    sourceUrl: 'https://huggingface.co/openai/gpt-oss-safeguard-120b/blob/main/config.json',
    notes: `Safety classifier that reasons over a policy given at inference time. 128 experts, 4 per token. ${GPT_OSS_NOTES}`,
  },
]);

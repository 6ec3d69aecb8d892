import type { ModelArchitectureInput } from '../model-spec.js';
import { defineModels } from './define-models.js';

const MIT = (repo: string) => ({
  id: 'mit',
  commercialUse: true,
  url: `https://huggingface.co/${repo}/blob/main/LICENSE`,
});

/**
 * GLM-4.5 / 4.6 text decoder (Glm4MoeForCausalLM): DeepSeek-V3-style MoE (sigmoid router with correction bias,
 * one shared expert, leading dense layers) under grouped-query attention with q/k/v biases.
 */
const GLM45_ARCHITECTURE: ModelArchitectureInput = {
  hfArchitecture: 'Glm4MoeForCausalLM',
  modelType: 'glm4_moe',
  layers: 92,
  hiddenSize: 5120,
  intermediateSize: 12288,
  attentionHeads: 96,
  kvHeads: 8,
  headDim: 128,
  vocabSize: 151552,
  maxContextTokens: 131072,
  tiedEmbeddings: false,
  attentionBias: 'qkv',
  qkNorm: true,
  attentionLayers: [{ kind: 'full' }],
  moe: {
    experts: 160,
    activeExperts: 8,
    sharedExperts: 1,
    expertIntermediateSize: 1536,
    leadingDenseLayers: 3,
    routerScoreCorrectionBias: true,
  },
};

const GLM45_COUNT =
  'Computed from config.json without the multi-token-prediction layer: 352,797,829,024. The Hugging Face safetensors total of zai-org/GLM-4.5, 358,337,791,296, adds that layer (model.layers.92, num_nextn_predict_layers 1) with its own copies of embedding and head (5,539,962,272). Model card https://huggingface.co/zai-org/GLM-4.5: 355B total, 32B active.';

const GLM45_NOTES =
  'The first 3 layers are dense (FFN 12288); the other 89 have 160 routed experts of width 1536 (8 per token) and one shared expert. 96 query heads of 128 (12288 wide) on a 5120-wide model, 8 KV heads, per-head q/k RMSNorm, rotary embedding on half of each head. The multi-token-prediction layer (5.5B with its copies of embedding and head) serves speculative decoding only and is excluded. Hybrid reasoning: thinks by default, switched off in the chat template.';

export const glmModels = defineModels([
  {
    id: 'zai-org/GLM-4.5',
    aliases: ['glm-4.5', 'glm4.5', 'GLM-4.5', 'zai-org/GLM-4.5-Base'],
    name: 'GLM-4.5',
    family: 'glm-4.5',
    publisher: 'Z.ai (Zhipu AI)',
    parameterCount: 352_797_829_024,
    activeParameterCount: 32_856_319_904,
    parameterCountSource: GLM45_COUNT,
    architecture: GLM45_ARCHITECTURE,
    releasedDtype: 'bfloat16',
    license: MIT('zai-org/GLM-4.5'),
    releaseDate: '2025-07-28',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/zai-org/GLM-4.5/blob/main/config.json',
    notes: `${GLM45_NOTES} Context 131,072 tokens (config max_position_embeddings). Z.ai also publishes an FP8 checkpoint (GLM-4.5-FP8).`,
  },
  {
    id: 'zai-org/GLM-4.6',
    aliases: ['glm-4.6', 'glm4.6', 'GLM-4.6'],
    name: 'GLM-4.6',
    family: 'glm-4.6',
    publisher: 'Z.ai (Zhipu AI)',
    parameterCount: 352_797_829_024,
    activeParameterCount: 32_856_319_904,
    parameterCountSource: `GLM-4.6 keeps the GLM-4.5 architecture and tensor shapes (https://huggingface.co/zai-org/GLM-4.6: 355B total, 32B active). ${GLM45_COUNT}`,
    architecture: { ...GLM45_ARCHITECTURE, maxContextTokens: 202752 },
    releasedDtype: 'bfloat16',
    license: MIT('zai-org/GLM-4.6'),
    releaseDate: '2025-09-30',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/zai-org/GLM-4.6/blob/main/config.json',
    notes: `${GLM45_NOTES} Context 202,752 tokens (config max_position_embeddings; Z.ai advertises 200K), up from 128K in GLM-4.5.`,
  },
  {
    id: 'zai-org/GLM-4.5-Air',
    aliases: ['glm-4.5-air', 'glm4.5-air', 'GLM-4.5-Air', 'zai-org/GLM-4.5-Air-Base'],
    name: 'GLM-4.5-Air',
    family: 'glm-4.5',
    publisher: 'Z.ai (Zhipu AI)',
    parameterCount: 106_852_251_264,
    activeParameterCount: 12_803_372_672,
    parameterCountSource:
      'Computed from config.json without the multi-token-prediction layer: 106,852,251,264. The Hugging Face safetensors total of zai-org/GLM-4.5-Air, 110,468,824,832, adds that layer (model.layers.46) with its own copies of embedding and head (3,616,573,568). Model card https://huggingface.co/zai-org/GLM-4.5-Air: 106B total, 12B active.',
    architecture: {
      ...GLM45_ARCHITECTURE,
      layers: 46,
      hiddenSize: 4096,
      intermediateSize: 10944,
      // use_qk_norm is false in the Air config.
      qkNorm: false,
      moe: {
        experts: 128,
        activeExperts: 8,
        sharedExperts: 1,
        expertIntermediateSize: 1408,
        leadingDenseLayers: 1,
        routerScoreCorrectionBias: true,
      },
    },
    releasedDtype: 'bfloat16',
    license: MIT('zai-org/GLM-4.5-Air'),
    releaseDate: '2025-07-28',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/zai-org/GLM-4.5-Air/blob/main/config.json',
    notes:
      'Layer 0 is dense (FFN 10944); the other 45 have 128 routed experts of width 1408 (8 per token) and one shared expert. 96 query heads of 128 (12288 wide) on a 4096-wide model, 8 KV heads, q/k/v biases, no q/k norm. The multi-token-prediction layer serves speculative decoding only and is excluded. Hybrid reasoning. Context 131,072 tokens (config max_position_embeddings).',
  },
]);

import { defineModels } from './define-models.js';

export const minimaxModels = defineModels([
  {
    id: 'MiniMaxAI/MiniMax-M2',
    aliases: ['minimax-m2', 'MiniMax-M2', 'minimax-m2:230b'],
    name: 'MiniMax-M2',
    family: 'minimax-m2',
    publisher: 'MiniMax',
    parameterCount: 228_689_764_864,
    activeParameterCount: 10_415_956_480,
    parameterCountSource:
      'Hugging Face safetensors total of MiniMaxAI/MiniMax-M2: 228,689,764,864, equal to the count computed from config.json (62 layers of 256 experts of width 1536 under 48/8-head attention, vocabulary 200,064, untied; no multi-token-prediction weights in the checkpoint). Model card https://huggingface.co/MiniMaxAI/MiniMax-M2: 230B total, 10B active.',
    architecture: {
      hfArchitecture: 'MiniMaxM2ForCausalLM',
      modelType: 'minimax_m2',
      layers: 62,
      hiddenSize: 3072,
      // Every layer is MoE; config.json's intermediate_size 1536 is the width of one expert.
      intermediateSize: 0,
      attentionHeads: 48,
      kvHeads: 8,
      headDim: 128,
      vocabSize: 200064,
      maxContextTokens: 196608,
      tiedEmbeddings: false,
      qkNorm: true,
      // qk_norm_type "per_layer": one RMSNorm over all 48 query heads (6144) and one over all 8 key heads (1024).
      qkNormScope: 'layer',
      attentionLayers: [{ kind: 'full' }],
      moe: { experts: 256, activeExperts: 8, expertIntermediateSize: 1536, routerScoreCorrectionBias: true },
    },
    releasedDtype: 'float8_e4m3fn',
    license: { id: 'mit', commercialUse: true, url: 'https://huggingface.co/MiniMaxAI/MiniMax-M2/blob/main/LICENSE' },
    releaseDate: '2025-10-27',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/MiniMaxAI/MiniMax-M2/blob/main/config.json',
    notes:
      'Agentic/coding MoE with interleaved thinking. Full attention in every layer (48 query heads of 128, 8 KV heads, rotary on 64 of 128 dimensions), 256 experts of width 1536 with 8 per token and a sigmoid router with correction bias, no shared expert. FP8 (e4m3) weights with block scales. Context 196,608 tokens (config max_position_embeddings).',
  },
]);

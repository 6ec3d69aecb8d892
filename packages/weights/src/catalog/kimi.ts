import type { ModelArchitectureInput } from '../model-spec.js';
import { defineModels } from './define-models.js';

const KIMI_LICENSE = (repo: string) => ({
  id: 'modified-mit',
  commercialUse: true,
  conditions:
    'Modified MIT: a product with over 100 million monthly active users or over US$20 million monthly revenue must show "Kimi K2" prominently in its user interface.',
  url: `https://huggingface.co/${repo}/blob/main/LICENSE`,
});

/** Kimi K2 (DeepseekV3ForCausalLM shapes): MLA, 384 experts of 2048 with one shared expert, one leading dense layer. */
const KIMI_K2_ARCHITECTURE: ModelArchitectureInput = {
  hfArchitecture: 'DeepseekV3ForCausalLM',
  modelType: 'kimi_k2',
  layers: 61,
  hiddenSize: 7168,
  intermediateSize: 18432,
  attentionHeads: 64,
  kvHeads: 64,
  headDim: 128,
  vocabSize: 163840,
  maxContextTokens: 131072,
  tiedEmbeddings: false,
  attentionLayers: [{ kind: 'mla' }],
  mla: {
    queryLoraRank: 1536,
    kvLoraRank: 512,
    queryKeyNopeHeadDim: 128,
    queryKeyRopeHeadDim: 64,
    valueHeadDim: 128,
  },
  moe: {
    experts: 384,
    activeExperts: 8,
    sharedExperts: 1,
    expertIntermediateSize: 2048,
    leadingDenseLayers: 1,
    routerScoreCorrectionBias: true,
  },
};

const KIMI_K2_COUNT =
  'Computed from config.json: 1,026,408,232,448 (no multi-token-prediction layer: num_nextn_predict_layers 0). Model card https://huggingface.co/moonshotai/Kimi-K2-Instruct: 1T total, 32B activated.';

const KIMI_K2_NOTES =
  'DeepSeek-V3 architecture with 64 attention heads instead of 128, 384 routed experts instead of 256 (8 per token, plus one shared expert) and one leading dense layer (FFN 18432) instead of three; 163,840-token vocabulary. MLA keeps one 512-wide latent plus a 64-wide RoPE key per token and layer.';

export const kimiModels = defineModels([
  {
    id: 'moonshotai/Kimi-K2-Instruct',
    aliases: ['kimi-k2', 'kimi-k2-instruct', 'Kimi-K2-Instruct', 'moonshotai/Kimi-K2-Base'],
    name: 'Kimi K2 Instruct',
    family: 'kimi-k2',
    publisher: 'Moonshot AI',
    parameterCount: 1_026_408_232_448,
    activeParameterCount: 31_687_095_808,
    parameterCountSource: KIMI_K2_COUNT,
    architecture: KIMI_K2_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: KIMI_LICENSE('moonshotai/Kimi-K2-Instruct'),
    releaseDate: '2025-07-11',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/moonshotai/Kimi-K2-Instruct/blob/main/config.json',
    notes: `${KIMI_K2_NOTES} FP8 (e4m3) weights with block scales, as DeepSeek-V3. Context 131,072 tokens (config max_position_embeddings).`,
  },
  {
    id: 'moonshotai/Kimi-K2-Instruct-0905',
    aliases: ['kimi-k2-0905', 'kimi-k2-instruct-0905', 'Kimi-K2-Instruct-0905'],
    name: 'Kimi K2 Instruct 0905',
    family: 'kimi-k2',
    publisher: 'Moonshot AI',
    parameterCount: 1_026_408_232_448,
    activeParameterCount: 31_687_095_808,
    parameterCountSource: `Same architecture as Kimi-K2-Instruct (https://huggingface.co/moonshotai/Kimi-K2-Instruct-0905: 1T total, 32B activated). ${KIMI_K2_COUNT}`,
    architecture: { ...KIMI_K2_ARCHITECTURE, maxContextTokens: 262144 },
    releasedDtype: 'float8_e4m3fn',
    license: KIMI_LICENSE('moonshotai/Kimi-K2-Instruct-0905'),
    releaseDate: '2025-09-05',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/moonshotai/Kimi-K2-Instruct-0905/blob/main/config.json',
    notes: `${KIMI_K2_NOTES} FP8 weights. Context 262,144 tokens, up from 131,072.`,
  },
  {
    id: 'moonshotai/Kimi-K2-Thinking',
    aliases: ['kimi-k2-thinking', 'Kimi-K2-Thinking'],
    name: 'Kimi K2 Thinking',
    family: 'kimi-k2',
    publisher: 'Moonshot AI',
    parameterCount: 1_026_408_232_448,
    activeParameterCount: 31_687_095_808,
    parameterCountSource: `Same architecture as Kimi-K2-Instruct (https://huggingface.co/moonshotai/Kimi-K2-Thinking: 1T total, 32B activated). ${KIMI_K2_COUNT}`,
    architecture: { ...KIMI_K2_ARCHITECTURE, maxContextTokens: 262144 },
    releasedDtype: 'int4',
    license: KIMI_LICENSE('moonshotai/Kimi-K2-Thinking'),
    releaseDate: '2025-11-06',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/moonshotai/Kimi-K2-Thinking/blob/main/config.json',
    notes: `${KIMI_K2_NOTES} Released with the routed experts in INT4 (quantisation-aware training, compressed-tensors format); attention, shared experts and head stay bf16. Context 262,144 tokens.`,
  },
]);

import type { ModelArchitectureInput, OpenModelSpecInput } from '../model-spec.js';
import { defineModels } from './define-models.js';

const DEEPSEEK_MIT_LICENSE = {
  id: 'mit',
  commercialUse: true,
  url: 'https://huggingface.co/deepseek-ai/DeepSeek-R1/blob/main/LICENSE',
};

/** DeepSeek-V3 / R1 text decoder (config.json of deepseek-ai/DeepSeek-V3-0324 and deepseek-ai/DeepSeek-R1 alike). */
const DEEPSEEK_V3_ARCHITECTURE: ModelArchitectureInput = {
  hfArchitecture: 'DeepseekV3ForCausalLM',
  modelType: 'deepseek_v3',
  layers: 61,
  // config.json num_nextn_predict_layers: model.layers.61 is stored in the checkpoint, not loaded for plain decoding.
  mtpLayers: 1,
  hiddenSize: 7168,
  intermediateSize: 18432,
  attentionHeads: 128,
  kvHeads: 128,
  headDim: 128,
  vocabSize: 129280,
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
    experts: 256,
    activeExperts: 8,
    sharedExperts: 1,
    expertIntermediateSize: 2048,
    leadingDenseLayers: 3,
    routerScoreCorrectionBias: true,
  },
};

const DEEPSEEK_V3_COUNT =
  'DeepSeek-V3 README_WEIGHTS.md: main model 671B total, 37B activated, MTP module separate (https://github.com/deepseek-ai/DeepSeek-V3/blob/main/README_WEIGHTS.md). Exact main-model count (embedding, layers 0-60, final norm, output head) 671,026,419,200; the Hugging Face safetensors total of 684,531,386,000 adds the MTP module as stored (layer 61 with its own copies of embedding and head, 13,463,426,304) and the 41,540,496 float32 FP8 block scales (weight_scale_inv).';

const DEEPSEEK_V3_NOTES =
  'The checkpoint also holds one multi-token-prediction layer (num_nextn_predict_layers = 1, model.layers.61: an 11.5B transformer layer plus the 0.1B eh_proj projection and norms, 11,610,068,224 unique parameters, 13.5B with its stored copies of embedding and head) that inference does not load unless it is used for speculative decoding: it is excluded here. Weights are FP8 (e4m3) with 128x128 block scales; embedding, norms, router and output head are bf16. activeParameterCount (36,625,618,432) follows the catalog definition, which is also DeepSeek\'s: the output head counts, the input embedding does not; DeepSeek rounds it to "37B activated". Context 131,072 tokens, the 128K DeepSeek advertises and evaluates; config max_position_embeddings is 163,840 (YaRN factor 40 over 4096).';

/** DeepSeek-V3.2(-Exp): the V3 decoder with DeepSeek Sparse Attention's lightning indexer in every MLA layer. */
const DEEPSEEK_V32_ARCHITECTURE: ModelArchitectureInput = {
  ...DEEPSEEK_V3_ARCHITECTURE,
  hfArchitecture: 'DeepseekV32ForCausalLM',
  modelType: 'deepseek_v32',
  mla: {
    ...(DEEPSEEK_V3_ARCHITECTURE.mla as NonNullable<ModelArchitectureInput['mla']>),
    indexer: { heads: 64, headDim: 128, topKTokens: 2048 },
  },
};

const DEEPSEEK_V32_COUNT =
  'Exact main-model count (embedding, layers 0-60, final norm, output head) 671,877,944,064: the V3 main model (671,026,419,200) plus a lightning indexer in each of the 61 layers (wq_b 1536x8192, wk 7168x128, k_norm weight and bias 128 each, weights_proj 7168x64: 13,959,424).';

const DEEPSEEK_V32_NOTES = `In every layer a lightning indexer (64 heads of 128, index_topk 2048) scores the cached tokens and MLA attends to the best 2,048, so attention work stops growing with the context; the indexer caches one 128-wide key per token and layer beside MLA's 576-wide latent (counted in the KV cache here). ${DEEPSEEK_V3_NOTES.replace('activeParameterCount (36,625,618,432)', 'activeParameterCount (37,477,143,296, the indexers included)')}`;

/** A distilled dense model: its base model's architecture, as in the distill's own config.json. */
function distill(
  entry: Omit<OpenModelSpecInput, 'family' | 'publisher' | 'variant' | 'releaseDate' | 'releasedDtype' | 'sourceUrl'>,
): OpenModelSpecInput {
  return {
    ...entry,
    family: 'deepseek-r1-distill',
    publisher: 'DeepSeek',
    releasedDtype: 'bfloat16',
    releaseDate: '2025-01-20',
    variant: 'reasoning',
    sourceUrl: `https://huggingface.co/${entry.id}/blob/main/config.json`,
  };
}

const QWEN_BASE_LICENSE = {
  ...DEEPSEEK_MIT_LICENSE,
  conditions: 'MIT; the weights are fine-tuned from Qwen2.5, originally under Apache 2.0.',
};

const LLAMA31_BASE_LICENSE = {
  ...DEEPSEEK_MIT_LICENSE,
  conditions:
    'MIT for DeepSeek\'s changes; the weights derive from Llama 3.1 8B, so the Llama 3.1 Community License also applies (products with over 700M monthly active users need a license from Meta; "Built with Llama").',
};

const LLAMA33_BASE_LICENSE = {
  ...DEEPSEEK_MIT_LICENSE,
  conditions:
    'MIT for DeepSeek\'s changes; the weights derive from Llama 3.3 70B Instruct, so the Llama 3.3 Community License also applies (products with over 700M monthly active users need a license from Meta; "Built with Llama").',
};

const QWEN2: Pick<
  ModelArchitectureInput,
  'hfArchitecture' | 'modelType' | 'headDim' | 'maxContextTokens' | 'tiedEmbeddings' | 'attentionBias' | 'attentionLayers'
> = {
  hfArchitecture: 'Qwen2ForCausalLM',
  modelType: 'qwen2',
  headDim: 128,
  maxContextTokens: 131072,
  tiedEmbeddings: false,
  attentionBias: 'qkv',
  attentionLayers: [{ kind: 'full' }],
};

const LLAMA: Pick<
  ModelArchitectureInput,
  'hfArchitecture' | 'modelType' | 'headDim' | 'vocabSize' | 'maxContextTokens' | 'tiedEmbeddings' | 'attentionLayers'
> = {
  hfArchitecture: 'LlamaForCausalLM',
  modelType: 'llama',
  headDim: 128,
  vocabSize: 128256,
  maxContextTokens: 131072,
  tiedEmbeddings: false,
  attentionLayers: [{ kind: 'full' }],
};

export const deepseekModels = defineModels([
  {
    id: 'deepseek-ai/DeepSeek-V3-0324',
    aliases: ['deepseek-v3-0324', 'deepseek-ai/DeepSeek-V3', 'DeepSeek-V3', 'deepseek-v3:671b', 'deepseek-ai/DeepSeek-V3-Base'],
    name: 'DeepSeek-V3-0324',
    family: 'deepseek-v3',
    publisher: 'DeepSeek',
    parameterCount: 671_026_419_200,
    activeParameterCount: 36_625_618_432,
    parameterCountSource: DEEPSEEK_V3_COUNT,
    architecture: DEEPSEEK_V3_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: {
      id: 'mit',
      commercialUse: true,
      conditions:
        'DeepSeek-V3-0324 is MIT. The original deepseek-ai/DeepSeek-V3 and -V3-Base (2024-12-26) weights are under the DeepSeek Model License, which allows commercial use subject to its use-based restrictions.',
      url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3-0324/blob/main/LICENSE',
    },
    releaseDate: '2025-03-24',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3-0324/blob/main/config.json',
    notes: `${DEEPSEEK_V3_NOTES} The original DeepSeek-V3 (published 2024-12-26) has the same architecture and tensor shapes.`,
  },
  {
    id: 'deepseek-ai/DeepSeek-R1',
    aliases: ['DeepSeek-R1', 'deepseek-r1:671b'],
    name: 'DeepSeek-R1',
    family: 'deepseek-r1',
    publisher: 'DeepSeek',
    parameterCount: 671_026_419_200,
    activeParameterCount: 36_625_618_432,
    parameterCountSource: DEEPSEEK_V3_COUNT.replace(
      'DeepSeek-V3 README_WEIGHTS.md',
      'DeepSeek-R1 model card "671B total, 37B activated" (https://huggingface.co/deepseek-ai/DeepSeek-R1); DeepSeek-V3 README_WEIGHTS.md',
    ),
    architecture: DEEPSEEK_V3_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: DEEPSEEK_MIT_LICENSE,
    releaseDate: '2025-01-20',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-R1/blob/main/config.json',
    notes: `Trained from DeepSeek-V3-Base; same architecture. ${DEEPSEEK_V3_NOTES} Ollama's deepseek-r1:671b tag may serve the later, architecture-identical R1-0528 weights.`,
  },
  distill({
    id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B',
    aliases: ['DeepSeek-R1-Distill-Qwen-1.5B', 'r1-distill-qwen-1.5b', 'deepseek-r1:1.5b'],
    name: 'DeepSeek-R1-Distill-Qwen-1.5B',
    parameterCount: 1_777_088_000,
    activeParameterCount: 1_543_714_304,
    parameterCountSource:
      'Hugging Face safetensors parameter count 1,777,088,000 ("1.78B" on https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B; single model.safetensors of 3,554,176,000 bytes of bf16 tensor data)',
    architecture: { ...QWEN2, layers: 28, hiddenSize: 1536, intermediateSize: 8960, attentionHeads: 12, kvHeads: 2, vocabSize: 151936 },
    license: QWEN_BASE_LICENSE,
    notes:
      'Fine-tuned from Qwen2.5-Math-1.5B. Unlike Qwen2.5-1.5B, the config sets tie_word_embeddings false, so the output head is a separate matrix (hence 1.78B, not 1.54B).',
  }),
  distill({
    id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
    aliases: ['DeepSeek-R1-Distill-Qwen-7B', 'r1-distill-qwen-7b', 'deepseek-r1:7b'],
    name: 'DeepSeek-R1-Distill-Qwen-7B',
    parameterCount: 7_615_616_512,
    activeParameterCount: 7_070_619_136,
    parameterCountSource:
      '"7.62B" on https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B; exact 7,615,616,512 = safetensors total_size 15,231,233,024 bytes of bf16, the same as Qwen2.5-7B, whose tensor shapes it shares',
    architecture: { ...QWEN2, layers: 28, hiddenSize: 3584, intermediateSize: 18944, attentionHeads: 28, kvHeads: 4, vocabSize: 152064 },
    license: QWEN_BASE_LICENSE,
    notes: 'Fine-tuned from Qwen2.5-Math-7B.',
  }),
  distill({
    id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B',
    aliases: ['DeepSeek-R1-Distill-Qwen-14B', 'r1-distill-qwen-14b', 'deepseek-r1:14b'],
    name: 'DeepSeek-R1-Distill-Qwen-14B',
    parameterCount: 14_770_033_664,
    activeParameterCount: 13_991_465_984,
    parameterCountSource:
      '"14.8B" on https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-14B; exact 14,770,033,664 = safetensors total_size 29,540,067,328 bytes of bf16, the same as Qwen2.5-14B, whose tensor shapes it shares',
    architecture: { ...QWEN2, layers: 48, hiddenSize: 5120, intermediateSize: 13824, attentionHeads: 40, kvHeads: 8, vocabSize: 152064 },
    license: QWEN_BASE_LICENSE,
    notes: 'Fine-tuned from Qwen2.5-14B.',
  }),
  distill({
    id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
    aliases: ['DeepSeek-R1-Distill-Qwen-32B', 'r1-distill-qwen-32b', 'deepseek-r1:32b'],
    name: 'DeepSeek-R1-Distill-Qwen-32B',
    parameterCount: 32_763_876_352,
    activeParameterCount: 31_985_308_672,
    parameterCountSource:
      'https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-32B/blob/main/model.safetensors.index.json (total_size 65,527,752,704 bytes of bf16 = 32,763,876,352, as for Qwen2.5-32B; "32.8B" on the model page)',
    architecture: { ...QWEN2, layers: 64, hiddenSize: 5120, intermediateSize: 27648, attentionHeads: 40, kvHeads: 8, vocabSize: 152064 },
    license: QWEN_BASE_LICENSE,
    notes: 'Fine-tuned from Qwen2.5-32B.',
  }),
  distill({
    id: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
    aliases: ['DeepSeek-R1-Distill-Llama-8B', 'r1-distill-llama-8b'],
    name: 'DeepSeek-R1-Distill-Llama-8B',
    parameterCount: 8_030_261_248,
    activeParameterCount: 7_504_924_672,
    parameterCountSource:
      '"8.03B" on https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Llama-8B; exact 8,030,261,248 = safetensors total_size 16,060,522,496 bytes of bf16, the same as Llama-3.1-8B, whose tensor shapes it shares',
    architecture: { ...LLAMA, layers: 32, hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, kvHeads: 8 },
    license: LLAMA31_BASE_LICENSE,
    notes:
      "Fine-tuned from Llama-3.1-8B; 131,072-token context as Llama 3.1 (rope-scaled). Ollama's deepseek-r1:8b tag now serves a different model (the R1-0528 Qwen3-8B distill), so it is not an alias here.",
  }),
  distill({
    id: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    aliases: ['DeepSeek-R1-Distill-Llama-70B', 'r1-distill-llama-70b', 'deepseek-r1:70b'],
    name: 'DeepSeek-R1-Distill-Llama-70B',
    parameterCount: 70_553_706_496,
    activeParameterCount: 69_503_033_344,
    parameterCountSource:
      '"70.6B" on https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Llama-70B; exact 70,553,706,496 = safetensors total_size 141,107,412,992 bytes of bf16, the same as Llama-3.3-70B-Instruct, whose tensor shapes it shares',
    architecture: { ...LLAMA, layers: 80, hiddenSize: 8192, intermediateSize: 28672, attentionHeads: 64, kvHeads: 8 },
    license: LLAMA33_BASE_LICENSE,
    notes: 'Fine-tuned from Llama-3.3-70B-Instruct; 131,072-token context as Llama 3.3 (rope-scaled).',
  }),
  // ---------------------------------------------------------------- added 2026-11
  {
    id: 'deepseek-ai/DeepSeek-R1-0528',
    aliases: ['deepseek-r1-0528', 'DeepSeek-R1-0528'],
    name: 'DeepSeek-R1-0528',
    family: 'deepseek-r1',
    publisher: 'DeepSeek',
    parameterCount: 671_026_419_200,
    activeParameterCount: 36_625_618_432,
    parameterCountSource: DEEPSEEK_V3_COUNT.replace(
      'DeepSeek-V3 README_WEIGHTS.md',
      'DeepSeek-R1-0528 model card (https://huggingface.co/deepseek-ai/DeepSeek-R1-0528), the DeepSeek-V3 architecture; DeepSeek-V3 README_WEIGHTS.md',
    ),
    architecture: DEEPSEEK_V3_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: { ...DEEPSEEK_MIT_LICENSE, url: 'https://huggingface.co/deepseek-ai/DeepSeek-R1-0528/blob/main/LICENSE' },
    releaseDate: '2025-05-28',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-R1-0528/blob/main/config.json',
    notes: `Updated R1 with the same architecture and tensor shapes. ${DEEPSEEK_V3_NOTES}`,
  },
  {
    id: 'deepseek-ai/DeepSeek-V3.1',
    aliases: ['deepseek-v3.1', 'deepseek-v3.1:671b', 'DeepSeek-V3.1', 'deepseek-ai/DeepSeek-V3.1-Base'],
    name: 'DeepSeek-V3.1',
    family: 'deepseek-v3',
    publisher: 'DeepSeek',
    parameterCount: 671_026_419_200,
    activeParameterCount: 36_625_618_432,
    parameterCountSource: DEEPSEEK_V3_COUNT.replace(
      'DeepSeek-V3 README_WEIGHTS.md',
      'DeepSeek-V3.1 model card "671B total, 37B activated" (https://huggingface.co/deepseek-ai/DeepSeek-V3.1), the DeepSeek-V3 architecture; DeepSeek-V3 README_WEIGHTS.md',
    ),
    architecture: DEEPSEEK_V3_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: { ...DEEPSEEK_MIT_LICENSE, url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.1/blob/main/LICENSE' },
    releaseDate: '2025-08-21',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.1/blob/main/config.json',
    notes: `Hybrid model: thinking and non-thinking modes chosen by the chat template. Same architecture and tensor shapes as V3; its FP8 weights use UE8M0 block scales. ${DEEPSEEK_V3_NOTES}`,
  },
  {
    id: 'deepseek-ai/DeepSeek-V3.1-Terminus',
    aliases: ['deepseek-v3.1-terminus', 'DeepSeek-V3.1-Terminus'],
    name: 'DeepSeek-V3.1-Terminus',
    family: 'deepseek-v3',
    publisher: 'DeepSeek',
    parameterCount: 671_026_419_200,
    activeParameterCount: 36_625_618_432,
    parameterCountSource: DEEPSEEK_V3_COUNT.replace(
      'DeepSeek-V3 README_WEIGHTS.md',
      'DeepSeek-V3.1-Terminus model card (https://huggingface.co/deepseek-ai/DeepSeek-V3.1-Terminus): the V3.1 architecture; DeepSeek-V3 README_WEIGHTS.md',
    ),
    architecture: DEEPSEEK_V3_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: { ...DEEPSEEK_MIT_LICENSE, url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.1-Terminus/blob/main/LICENSE' },
    releaseDate: '2025-09-22',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.1-Terminus/blob/main/config.json',
    notes: `Update of V3.1 (language consistency, agent use), same tensors. ${DEEPSEEK_V3_NOTES}`,
  },
  {
    id: 'deepseek-ai/DeepSeek-V3.2-Exp',
    aliases: ['deepseek-v3.2-exp', 'DeepSeek-V3.2-Exp', 'deepseek-v3.2-exp:671b'],
    name: 'DeepSeek-V3.2-Exp',
    family: 'deepseek-v3',
    publisher: 'DeepSeek',
    parameterCount: 671_877_944_064,
    activeParameterCount: 37_477_143_296,
    parameterCountSource: `DeepSeek-V3.2-Exp model card (https://huggingface.co/deepseek-ai/DeepSeek-V3.2-Exp): V3.1-Terminus with DeepSeek Sparse Attention. ${DEEPSEEK_V32_COUNT} The Hugging Face safetensors total of 685,396,921,376 adds the MTP module as stored (layer 61 with its indexer and its copies of embedding and head, 13,477,385,728) and the 41,591,584 float32 FP8 block scales (weight_scale_inv, 824 more per layer for the indexer).`,
    architecture: DEEPSEEK_V32_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: { ...DEEPSEEK_MIT_LICENSE, url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.2-Exp/blob/main/LICENSE' },
    releaseDate: '2025-09-29',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.2-Exp/blob/main/config.json',
    notes: `V3.1-Terminus with DeepSeek Sparse Attention; hybrid thinking and non-thinking modes as in V3.1. ${DEEPSEEK_V32_NOTES}`,
  },
  {
    id: 'deepseek-ai/DeepSeek-V3.2',
    aliases: ['deepseek-v3.2', 'DeepSeek-V3.2', 'deepseek-v3.2:671b'],
    name: 'DeepSeek-V3.2',
    family: 'deepseek-v3',
    publisher: 'DeepSeek',
    parameterCount: 671_877_944_064,
    activeParameterCount: 37_477_143_296,
    parameterCountSource: `DeepSeek-V3.2 model card (https://huggingface.co/deepseek-ai/DeepSeek-V3.2): the V3.2-Exp architecture (DeepSeek Sparse Attention). ${DEEPSEEK_V32_COUNT} Its Hugging Face safetensors total, 685,355,329,792, is V3.2-Exp's 685,396,921,376 less exactly V3.2-Exp's 41,591,584 FP8 block scales: the same main model, MTP layer and indexers.`,
    architecture: DEEPSEEK_V32_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: { ...DEEPSEEK_MIT_LICENSE, url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.2/blob/main/LICENSE' },
    releaseDate: '2025-12-01',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.2/blob/main/config.json',
    notes: `The release after V3.2-Exp: thinking and non-thinking modes, reasoning inside tool calls. ${DEEPSEEK_V32_NOTES}`,
  },
  {
    id: 'deepseek-ai/DeepSeek-V3.2-Speciale',
    aliases: ['deepseek-v3.2-speciale', 'DeepSeek-V3.2-Speciale'],
    name: 'DeepSeek-V3.2-Speciale',
    family: 'deepseek-v3',
    publisher: 'DeepSeek',
    parameterCount: 671_877_944_064,
    activeParameterCount: 37_477_143_296,
    parameterCountSource: `DeepSeek-V3.2-Speciale model card (https://huggingface.co/deepseek-ai/DeepSeek-V3.2-Speciale): the V3.2 architecture. ${DEEPSEEK_V32_COUNT} Its Hugging Face safetensors total, 685,396,921,376, is V3.2-Exp's: the same tensors, MTP layer and FP8 block scales.`,
    architecture: DEEPSEEK_V32_ARCHITECTURE,
    releasedDtype: 'float8_e4m3fn',
    license: { ...DEEPSEEK_MIT_LICENSE, url: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.2-Speciale/blob/main/LICENSE' },
    releaseDate: '2025-12-01',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3.2-Speciale/blob/main/config.json',
    notes: `The high-compute reasoning variant of V3.2 (thinking only, no tool calls). ${DEEPSEEK_V32_NOTES}`,
  },
  {
    id: 'deepseek-ai/DeepSeek-R1-0528-Qwen3-8B',
    aliases: ['deepseek-r1-0528-qwen3-8b', 'deepseek-r1:8b', 'DeepSeek-R1-0528-Qwen3-8B'],
    name: 'DeepSeek-R1-0528-Qwen3-8B',
    family: 'deepseek-r1-distill',
    publisher: 'DeepSeek',
    parameterCount: 8_190_735_360,
    activeParameterCount: 7_568_405_504,
    parameterCountSource:
      '"8.19B" on https://huggingface.co/deepseek-ai/DeepSeek-R1-0528-Qwen3-8B; config.json has the shapes of Qwen3-8B, whose index total_size is 16,381,470,720 bytes of bf16 = 8,190,735,360',
    architecture: {
      hfArchitecture: 'Qwen3ForCausalLM',
      modelType: 'qwen3',
      qkNorm: true,
      headDim: 128,
      vocabSize: 151936,
      attentionLayers: [{ kind: 'full' }],
      layers: 36,
      hiddenSize: 4096,
      intermediateSize: 12288,
      attentionHeads: 32,
      kvHeads: 8,
      maxContextTokens: 131072,
      tiedEmbeddings: false,
    },
    releasedDtype: 'bfloat16',
    license: {
      ...DEEPSEEK_MIT_LICENSE,
      conditions: 'MIT; the weights are Qwen3-8B (Apache 2.0) post-trained on DeepSeek-R1-0528 reasoning traces.',
      url: 'https://huggingface.co/deepseek-ai/DeepSeek-R1-0528-Qwen3-8B/blob/main/LICENSE',
    },
    releaseDate: '2025-05-29',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-R1-0528-Qwen3-8B/blob/main/config.json',
    notes:
      "Qwen3-8B distilled from R1-0528's chain of thought; the tokenizer config differs from Qwen3-8B but the tensors do not. config.json sets max_position_embeddings 131072 with YaRN (factor 4 over 32,768) already in it. Ollama's deepseek-r1:8b tag serves this model.",
  },
]);

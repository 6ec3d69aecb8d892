import type { ModelArchitectureInput } from '../model-spec.js';
import { defineModels } from './define-models.js';

const GEMMA_LICENSE = {
  id: 'gemma',
  commercialUse: true,
  conditions:
    'Gemma Terms of Use: commercial use and redistribution are allowed, but the Prohibited Use Policy applies and must be passed on to users and to derivative models; Google may restrict use that breaches it.',
  url: 'https://ai.google.dev/gemma/terms',
};

/** Gemma 2: GeGLU, pre- and post-norms around attention and FFN, tied embeddings, local/global alternation. */
const GEMMA2: Pick<
  ModelArchitectureInput,
  'hfArchitecture' | 'modelType' | 'vocabSize' | 'maxContextTokens' | 'tiedEmbeddings' | 'normsPerLayer' | 'attentionLayers'
> = {
  hfArchitecture: 'Gemma2ForCausalLM',
  modelType: 'gemma2',
  vocabSize: 256000,
  maxContextTokens: 8192,
  tiedEmbeddings: true,
  normsPerLayer: 4,
  // Even layers (from layer 0) use a 4096-token sliding window, odd layers attend globally.
  attentionLayers: [{ kind: 'sliding', windowTokens: 4096 }, { kind: 'full' }],
};

const GEMMA2_NOTES =
  'Layers alternate: even layers (from 0) attend within a 4096-token sliding window, odd layers over the full 8192 tokens. Attention and final logits are soft-capped; the embedding is tied to the output head.';

/** Gemma 3: as Gemma 2 plus per-head query/key RMSNorm, and five local layers for every global one. */
const gemma3Layers = (windowTokens: number): ModelArchitectureInput['attentionLayers'] => [
  { kind: 'sliding', windowTokens },
  { kind: 'sliding', windowTokens },
  { kind: 'sliding', windowTokens },
  { kind: 'sliding', windowTokens },
  { kind: 'sliding', windowTokens },
  { kind: 'full' },
];

const GEMMA3_TEXT: Pick<ModelArchitectureInput, 'tiedEmbeddings' | 'normsPerLayer' | 'qkNorm'> = {
  tiedEmbeddings: true,
  normsPerLayer: 4,
  qkNorm: true,
};

const GEMMA3_VISION_NOTE = (projector: string, total: string) =>
  `multimodalParameterCount (${total}) is the SigLIP vision tower (27 layers, width 1152, MLP 4304, 14-pixel patches at 896x896, with LayerNorm and projection biases: 416,866,032) plus the projector into the text model (an RMSNorm of 1152 and a 1152 x width matrix: ${projector}). It equals the safetensors total minus the text decoder.`;

const GEMMA3_NOTES =
  'Five sliding-window layers (1024 tokens) then one global layer, repeating from layer 0 (sliding_window_pattern 6), so only one layer in six keeps the whole context in its KV cache. Context 128k tokens.';

export const gemmaModels = defineModels([
  // ---------------------------------------------------------------- Gemma 2
  {
    id: 'google/gemma-2-2b-it',
    aliases: ['gemma-2-2b', 'gemma2:2b', 'gemma2-2b', 'google/gemma-2-2b', 'gemma-2-2b-it'],
    name: 'Gemma 2 2B IT',
    family: 'gemma-2',
    publisher: 'Google',
    parameterCount: 2_614_341_888,
    activeParameterCount: 2_614_341_888,
    parameterCountSource: 'Hub safetensors parameter count of google/gemma-2-2b-it: 2,614,341,888 (bf16, 5,228,683,776 bytes)',
    architecture: {
      ...GEMMA2,
      layers: 26,
      hiddenSize: 2304,
      intermediateSize: 9216,
      attentionHeads: 8,
      kvHeads: 4,
      headDim: 256,
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2024-07-31',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-2-2b-it/blob/main/config.json',
    notes: `8 query heads of 256 (2048 wide) on a 2304-wide model. ${GEMMA2_NOTES}`,
  },
  {
    id: 'google/gemma-2-9b-it',
    aliases: ['gemma-2-9b', 'gemma2:9b', 'gemma2-9b', 'google/gemma-2-9b', 'gemma-2-9b-it'],
    name: 'Gemma 2 9B IT',
    family: 'gemma-2',
    publisher: 'Google',
    parameterCount: 9_241_705_984,
    activeParameterCount: 9_241_705_984,
    parameterCountSource: 'Hub safetensors parameter count of google/gemma-2-9b-it: 9,241,705,984 (bf16)',
    architecture: {
      ...GEMMA2,
      layers: 42,
      hiddenSize: 3584,
      intermediateSize: 14336,
      attentionHeads: 16,
      kvHeads: 8,
      headDim: 256,
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2024-06-27',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-2-9b-it/blob/main/config.json',
    notes: `16 query heads of 256 (4096 wide) on a 3584-wide model. ${GEMMA2_NOTES}`,
  },
  {
    id: 'google/gemma-2-27b-it',
    aliases: ['gemma-2-27b', 'gemma2:27b', 'gemma2-27b', 'google/gemma-2-27b', 'gemma-2-27b-it'],
    name: 'Gemma 2 27B IT',
    family: 'gemma-2',
    publisher: 'Google',
    parameterCount: 27_227_128_320,
    activeParameterCount: 27_227_128_320,
    parameterCountSource: 'Hub safetensors parameter count of google/gemma-2-27b-it: 27,227,128,320 (bf16)',
    architecture: {
      ...GEMMA2,
      layers: 46,
      hiddenSize: 4608,
      intermediateSize: 36864,
      attentionHeads: 32,
      kvHeads: 16,
      headDim: 128,
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2024-06-27',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-2-27b-it/blob/main/config.json',
    notes: `32 query heads of 128 (4096 wide) on a 4608-wide model. ${GEMMA2_NOTES}`,
  },

  // ---------------------------------------------------------------- Gemma 3
  {
    id: 'google/gemma-3-1b-it',
    aliases: ['gemma-3-1b', 'gemma3:1b', 'gemma3-1b', 'google/gemma-3-1b-pt', 'gemma-3-1b-it'],
    name: 'Gemma 3 1B IT',
    family: 'gemma-3',
    publisher: 'Google',
    parameterCount: 999_885_952,
    activeParameterCount: 999_885_952,
    parameterCountSource:
      'Hub safetensors parameter count of google/gemma-3-1b-it: 999,885,952 (bf16), also the n_params of its GGUF conversion',
    architecture: {
      ...GEMMA3_TEXT,
      hfArchitecture: 'Gemma3ForCausalLM',
      modelType: 'gemma3_text',
      layers: 26,
      hiddenSize: 1152,
      intermediateSize: 6912,
      attentionHeads: 4,
      kvHeads: 1,
      headDim: 256,
      vocabSize: 262144,
      maxContextTokens: 32768,
      attentionLayers: gemma3Layers(512),
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2025-03-12',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-3-1b-it/blob/main/config.json',
    notes:
      'Text-only. Five sliding-window layers (512 tokens) then one global layer, repeating from layer 0 (sliding_window_pattern 6); 26 layers, so layers 5, 11, 17 and 23 are global. Context 32k tokens.',
  },
  {
    id: 'google/gemma-3-4b-it',
    aliases: ['gemma-3-4b', 'gemma3:4b', 'gemma3-4b', 'google/gemma-3-4b-pt', 'gemma-3-4b-it'],
    name: 'Gemma 3 4B IT',
    family: 'gemma-3',
    publisher: 'Google',
    parameterCount: 4_300_079_472,
    activeParameterCount: 3_880_263_168,
    multimodalParameterCount: 419_816_304,
    parameterCountSource:
      'Hub safetensors parameter count of google/gemma-3-4b-it: 4,300,079,472 (index total_size 8,600,158,944 bytes of bf16); text decoder 3,880,263,168 + vision 419,816,304',
    architecture: {
      ...GEMMA3_TEXT,
      hfArchitecture: 'Gemma3ForConditionalGeneration',
      modelType: 'gemma3',
      layers: 34,
      hiddenSize: 2560,
      intermediateSize: 10240,
      attentionHeads: 8,
      kvHeads: 4,
      headDim: 256,
      vocabSize: 262208,
      maxContextTokens: 131072,
      attentionLayers: gemma3Layers(1024),
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2025-03-12',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-3-4b-it/blob/main/config.json',
    notes: `${GEMMA3_NOTES} activeParameterCount leaves out the vision tower, which runs on images only. ${GEMMA3_VISION_NOTE('2,950,272', '419,816,304')}`,
  },
  {
    id: 'google/gemma-3-12b-it',
    aliases: ['gemma-3-12b', 'gemma3:12b', 'gemma3-12b', 'google/gemma-3-12b-pt', 'gemma-3-12b-it'],
    name: 'Gemma 3 12B IT',
    family: 'gemma-3',
    publisher: 'Google',
    parameterCount: 12_187_325_040,
    activeParameterCount: 11_766_034_176,
    multimodalParameterCount: 421_290_864,
    parameterCountSource:
      'Hub safetensors parameter count of google/gemma-3-12b-it: 12,187,325,040 (bf16); text decoder 11,766,034,176 + vision 421,290,864',
    architecture: {
      ...GEMMA3_TEXT,
      hfArchitecture: 'Gemma3ForConditionalGeneration',
      modelType: 'gemma3',
      layers: 48,
      hiddenSize: 3840,
      intermediateSize: 15360,
      attentionHeads: 16,
      kvHeads: 8,
      headDim: 256,
      vocabSize: 262208,
      maxContextTokens: 131072,
      attentionLayers: gemma3Layers(1024),
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2025-03-12',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-3-12b-it/blob/main/config.json',
    notes: `16 query heads of 256 (4096 wide) on a 3840-wide model. ${GEMMA3_NOTES} activeParameterCount leaves out the vision tower, which runs on images only. ${GEMMA3_VISION_NOTE('4,424,832', '421,290,864')}`,
  },
  {
    id: 'google/gemma-3-27b-it',
    aliases: ['gemma-3-27b', 'gemma3:27b', 'gemma3-27b', 'google/gemma-3-27b-pt', 'gemma-3-27b-it'],
    name: 'Gemma 3 27B IT',
    family: 'gemma-3',
    publisher: 'Google',
    parameterCount: 27_432_406_640,
    activeParameterCount: 27_009_346_304,
    multimodalParameterCount: 423_060_336,
    parameterCountSource:
      'https://huggingface.co/google/gemma-3-27b-it/blob/main/model.safetensors.index.json (total_size 54,864,813,280 bytes of bf16 = 27,432,406,640); text decoder 27,009,346,304 + vision 423,060,336',
    architecture: {
      ...GEMMA3_TEXT,
      hfArchitecture: 'Gemma3ForConditionalGeneration',
      modelType: 'gemma3',
      layers: 62,
      hiddenSize: 5376,
      intermediateSize: 21504,
      attentionHeads: 32,
      kvHeads: 16,
      headDim: 128,
      vocabSize: 262208,
      maxContextTokens: 131072,
      attentionLayers: gemma3Layers(1024),
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2025-03-12',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-3-27b-it/blob/main/config.json',
    notes: `32 query heads of 128 (4096 wide) on a 5376-wide model. ${GEMMA3_NOTES} activeParameterCount leaves out the vision tower, which runs on images only. ${GEMMA3_VISION_NOTE('6,194,304', '423,060,336')}`,
  },
  {
    id: 'google/gemma-3-270m-it',
    aliases: ['gemma-3-270m', 'gemma3:270m', 'gemma3-270m', 'google/gemma-3-270m', 'gemma-3-270m-it'],
    name: 'Gemma 3 270M IT',
    family: 'gemma-3',
    publisher: 'Google',
    parameterCount: 268_098_176,
    activeParameterCount: 268_098_176,
    parameterCountSource:
      'Hub safetensors parameter count of google/gemma-3-270m-it: 268,098,176 (bf16): 170M in the 262,144 x 640 embedding, 100M in the 18 layers (Google\'s "270M" announcement)',
    architecture: {
      ...GEMMA3_TEXT,
      hfArchitecture: 'Gemma3ForCausalLM',
      modelType: 'gemma3_text',
      layers: 18,
      hiddenSize: 640,
      intermediateSize: 2048,
      attentionHeads: 4,
      kvHeads: 1,
      headDim: 256,
      vocabSize: 262144,
      maxContextTokens: 32768,
      attentionLayers: gemma3Layers(512),
    },
    releasedDtype: 'bfloat16',
    license: GEMMA_LICENSE,
    releaseDate: '2025-08-14',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/google/gemma-3-270m-it/blob/main/config.json',
    notes:
      'Text-only, meant for task-specific fine-tuning. Five sliding-window layers (512 tokens) then one global layer, so layers 5, 11 and 17 are global. Context 32k tokens.',
  },
]);

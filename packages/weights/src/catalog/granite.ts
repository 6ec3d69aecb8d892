import type { ModelArchitectureInput } from '../model-spec.js';
import { defineModels } from './define-models.js';

const APACHE_2 = (repo: string) => ({
  id: 'apache-2.0',
  commercialUse: true,
  url: `https://huggingface.co/${repo}/blob/main/LICENSE`,
});

/** Granite 3.x dense: Llama layout with tied embeddings and a 49,159-token vocabulary (plus logit/residual multipliers that hold no weights). */
const GRANITE3: Pick<
  ModelArchitectureInput,
  'hfArchitecture' | 'modelType' | 'vocabSize' | 'maxContextTokens' | 'tiedEmbeddings' | 'attentionLayers'
> = {
  hfArchitecture: 'GraniteForCausalLM',
  modelType: 'granite',
  vocabSize: 49159,
  maxContextTokens: 131072,
  tiedEmbeddings: true,
  attentionLayers: [{ kind: 'full' }],
};

export const graniteModels = defineModels([
  {
    id: 'ibm-granite/granite-3.3-8b-instruct',
    aliases: ['granite-3.3-8b', 'granite3.3', 'granite3.3:8b', 'granite-3.3-8b-instruct'],
    name: 'Granite 3.3 8B Instruct',
    family: 'granite-3',
    publisher: 'IBM',
    parameterCount: 8_170_864_640,
    activeParameterCount: 8_170_864_640,
    parameterCountSource:
      'Computed from config.json (40 layers, width 4096, FFN 12800, GQA 32/8, tied vocabulary of 49,159): 8,170,864,640; "8.17B" on https://huggingface.co/ibm-granite/granite-3.3-8b-instruct',
    architecture: { ...GRANITE3, layers: 40, hiddenSize: 4096, intermediateSize: 12800, attentionHeads: 32, kvHeads: 8, headDim: 128 },
    releasedDtype: 'bfloat16',
    license: APACHE_2('ibm-granite/granite-3.3-8b-instruct'),
    releaseDate: '2025-04-16',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/ibm-granite/granite-3.3-8b-instruct/blob/main/config.json',
    notes: 'Thinking is optional (a chat-template flag). 128k context.',
  },
  {
    id: 'ibm-granite/granite-3.3-2b-instruct',
    aliases: ['granite-3.3-2b', 'granite3.3:2b', 'granite-3.3-2b-instruct'],
    name: 'Granite 3.3 2B Instruct',
    family: 'granite-3',
    publisher: 'IBM',
    parameterCount: 2_533_539_840,
    activeParameterCount: 2_533_539_840,
    parameterCountSource:
      'Computed from config.json (40 layers, width 2048, FFN 8192, 32 query and 8 KV heads of 64, tied vocabulary of 49,159): 2,533,539,840; "2.53B" on https://huggingface.co/ibm-granite/granite-3.3-2b-instruct',
    architecture: { ...GRANITE3, layers: 40, hiddenSize: 2048, intermediateSize: 8192, attentionHeads: 32, kvHeads: 8, headDim: 64 },
    releasedDtype: 'bfloat16',
    license: APACHE_2('ibm-granite/granite-3.3-2b-instruct'),
    releaseDate: '2025-04-16',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/ibm-granite/granite-3.3-2b-instruct/blob/main/config.json',
    notes: 'Thinking is optional (a chat-template flag). 128k context.',
  },
]);

import { defineModels } from './define-models.js';
import { LLAMA31_8B_ARCHITECTURE } from './llama.js';

// NVIDIA's Llama 3.1 derivatives keep Llama 3.1's tensors; their licenses stack NVIDIA's terms on Meta's.

const LLAMA31_CONDITIONS =
  'The weights derive from Llama 3.1, so the Llama 3.1 Community License also applies (products with over 700M monthly active users need a license from Meta; "Built with Llama").';

export const nvidiaModels = defineModels([
  {
    id: 'nvidia/Llama-3.1-Nemotron-Nano-8B-v1',
    aliases: ['nemotron-nano-8b', 'llama-3.1-nemotron-nano-8b', 'Llama-3.1-Nemotron-Nano-8B-v1'],
    name: 'Llama 3.1 Nemotron Nano 8B v1',
    family: 'nemotron',
    publisher: 'NVIDIA',
    parameterCount: 8_030_261_248,
    activeParameterCount: 7_504_924_672,
    parameterCountSource:
      '"8.03B" on https://huggingface.co/nvidia/Llama-3.1-Nemotron-Nano-8B-v1; post-trained from Llama-3.1-8B-Instruct with its tensor shapes (index total_size 16,060,522,496 bytes of bf16 = 8,030,261,248)',
    architecture: LLAMA31_8B_ARCHITECTURE,
    releasedDtype: 'bfloat16',
    license: {
      id: 'nvidia-open-model-license',
      commercialUse: true,
      conditions: `NVIDIA Open Model License. ${LLAMA31_CONDITIONS}`,
      url: 'https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/',
    },
    releaseDate: '2025-03-18',
    variant: 'reasoning',
    sourceUrl: 'https://huggingface.co/nvidia/Llama-3.1-Nemotron-Nano-8B-v1/blob/main/config.json',
    notes: 'Reasoning switched on or off by the system prompt ("detailed thinking on/off"). Llama 3.1 context (131,072, rope-scaled).',
  },
  {
    id: 'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF',
    aliases: ['nemotron-70b', 'nemotron:70b', 'llama-3.1-nemotron-70b', 'Llama-3.1-Nemotron-70B-Instruct-HF'],
    name: 'Llama 3.1 Nemotron 70B Instruct',
    family: 'nemotron',
    publisher: 'NVIDIA',
    parameterCount: 70_553_706_496,
    activeParameterCount: 69_503_033_344,
    parameterCountSource:
      '"70.6B" on https://huggingface.co/nvidia/Llama-3.1-Nemotron-70B-Instruct-HF; RLHF-tuned from Llama-3.1-70B-Instruct with its tensor shapes (index total_size 141,107,412,992 bytes of bf16 = 70,553,706,496)',
    architecture: { ...LLAMA31_8B_ARCHITECTURE, layers: 80, hiddenSize: 8192, intermediateSize: 28672, attentionHeads: 64, kvHeads: 8 },
    releasedDtype: 'bfloat16',
    license: {
      id: 'llama3.1',
      commercialUse: true,
      conditions: LLAMA31_CONDITIONS,
      url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE',
    },
    releaseDate: '2024-10-15',
    variant: 'instruct',
    sourceUrl: 'https://huggingface.co/nvidia/Llama-3.1-Nemotron-70B-Instruct-HF/blob/main/config.json',
    notes: 'The -HF repository holds the Transformers conversion of the NeMo checkpoint. Llama 3.1 context (131,072, rope-scaled).',
  },
]);

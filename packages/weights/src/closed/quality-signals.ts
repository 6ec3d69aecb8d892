import { type QualitySignal, QualitySignalSchema } from './quality-signal.js';

/*
 * Sources, one kind per benchmark where the record allowed it:
 * - mmlu-pro and gpqa-diamond for open models: the publisher's model card or release README.
 * - gpqa-diamond for OpenAI models: OpenAI's simple-evals table (zero-shot CoT; its GPQA eval uses the Diamond set).
 * - lmarena-text: one daily snapshot of the arena.ai text leaderboard (2026-03-27), so the scores share one scale.
 * readOn is the date of the source itself (model release date for model cards, snapshot date for the arena).
 */
const LLAMA_3_3_CARD =
  'https://github.com/meta-llama/llama-models/blob/8c88b8c0d75dbd136b6895220c4f56ccbe2f2d24/models/llama3_3/MODEL_CARD.md';
const LLAMA_4_CARD = 'https://github.com/meta-llama/llama-models/blob/038acb9fe1e1ddc5cf1b3989fb07b311a0ffcae4/models/llama4/MODEL_CARD.md';
const DEEPSEEK_R1_README = 'https://github.com/deepseek-ai/DeepSeek-R1/blob/00f3296a14392e787d4138b5a0d8ce0e55a25b23/README.md';
const SIMPLE_EVALS = 'https://github.com/openai/simple-evals/blob/0f2cf33303b9f20bc2db18f04a2fefdf69bb0dd8/README.md';
const ARENA_2026_03_27 =
  'https://github.com/oolong-tea-2026/arena-ai-leaderboards/blob/5cf67d76976dceff13c63420ea90a6ef4e01e508/data/2026-03-27/text.json';
const LLM_STATS =
  'https://raw.githubusercontent.com/JonathanChavezTamales/llm-leaderboard/872b75f63b8d853c46ed17856424029a0c47b1d2/data/organizations';

const LLAMA_3_3_MMLU_PRO = 'MMLU Pro (CoT), 5-shot, macro_avg/acc; Llama 3.3 model card (instruction-tuned table)';
const LLAMA_3_3_GPQA = 'GPQA Diamond (CoT), 0-shot, acc; Llama 3.3 model card (instruction-tuned table)';
const LLAMA_4_MMLU_PRO = 'MMLU Pro, 0-shot, macro_avg/acc; Llama 4 model card (instruction-tuned, bf16)';
const LLAMA_4_GPQA = 'GPQA Diamond, 0-shot, accuracy; Llama 4 model card (instruction-tuned, bf16)';
const R1_DISTILL_GPQA = 'GPQA Diamond pass@1, temperature 0.6, 64 samples, 32K max generation; DeepSeek-R1 README distilled-model table';
const SIMPLE_EVALS_GPQA = 'GPQA Diamond, zero-shot CoT, OpenAI simple-evals (self-reported by OpenAI)';
const ARENA_NOTE = 'arena.ai text leaderboard (style control default) as snapshotted on 2026-03-27 by arena-ai-leaderboards';

const rows = [
  // ------------------------------------------------------------ Open models: Meta model cards
  {
    modelId: 'meta-llama/Llama-3.1-8B-Instruct',
    benchmark: 'mmlu-pro',
    score: 48.3,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_MMLU_PRO,
  },
  {
    modelId: 'meta-llama/Llama-3.1-8B-Instruct',
    benchmark: 'gpqa-diamond',
    score: 31.8,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_GPQA,
  },
  {
    modelId: 'meta-llama/Llama-3.1-70B-Instruct',
    benchmark: 'mmlu-pro',
    score: 66.4,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_MMLU_PRO,
  },
  {
    modelId: 'meta-llama/Llama-3.1-70B-Instruct',
    benchmark: 'gpqa-diamond',
    score: 48.0,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_GPQA,
  },
  {
    modelId: 'meta-llama/Llama-3.1-405B-Instruct',
    benchmark: 'mmlu-pro',
    score: 73.3,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_MMLU_PRO,
  },
  {
    modelId: 'meta-llama/Llama-3.1-405B-Instruct',
    benchmark: 'gpqa-diamond',
    score: 49.0,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_GPQA,
  },
  {
    modelId: 'meta-llama/Llama-3.3-70B-Instruct',
    benchmark: 'mmlu-pro',
    score: 68.9,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_MMLU_PRO,
  },
  {
    modelId: 'meta-llama/Llama-3.3-70B-Instruct',
    benchmark: 'gpqa-diamond',
    score: 50.5,
    sourceUrl: LLAMA_3_3_CARD,
    readOn: '2024-12-06',
    notes: LLAMA_3_3_GPQA,
  },
  {
    modelId: 'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    benchmark: 'mmlu-pro',
    score: 74.3,
    sourceUrl: LLAMA_4_CARD,
    readOn: '2025-04-05',
    notes: LLAMA_4_MMLU_PRO,
  },
  {
    modelId: 'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    benchmark: 'gpqa-diamond',
    score: 57.2,
    sourceUrl: LLAMA_4_CARD,
    readOn: '2025-04-05',
    notes: LLAMA_4_GPQA,
  },
  {
    modelId: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
    benchmark: 'mmlu-pro',
    score: 80.5,
    sourceUrl: LLAMA_4_CARD,
    readOn: '2025-04-05',
    notes: LLAMA_4_MMLU_PRO,
  },
  {
    modelId: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
    benchmark: 'gpqa-diamond',
    score: 69.8,
    sourceUrl: LLAMA_4_CARD,
    readOn: '2025-04-05',
    notes: LLAMA_4_GPQA,
  },

  // ------------------------------------------------------------ Open models: DeepSeek
  {
    modelId: 'deepseek-ai/DeepSeek-R1',
    benchmark: 'mmlu-pro',
    score: 84.0,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: 'MMLU-Pro (EM), 32K max generation; DeepSeek-R1 README evaluation table',
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1',
    benchmark: 'gpqa-diamond',
    score: 71.5,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: 'GPQA-Diamond pass@1, temperature 0.6, 64 samples; DeepSeek-R1 README evaluation table',
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B',
    benchmark: 'gpqa-diamond',
    score: 33.8,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: R1_DISTILL_GPQA,
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
    benchmark: 'gpqa-diamond',
    score: 49.1,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: R1_DISTILL_GPQA,
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B',
    benchmark: 'gpqa-diamond',
    score: 59.1,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: R1_DISTILL_GPQA,
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
    benchmark: 'gpqa-diamond',
    score: 62.1,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: R1_DISTILL_GPQA,
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
    benchmark: 'gpqa-diamond',
    score: 49.0,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: R1_DISTILL_GPQA,
  },
  {
    modelId: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    benchmark: 'gpqa-diamond',
    score: 65.2,
    sourceUrl: DEEPSEEK_R1_README,
    readOn: '2025-01-20',
    notes: R1_DISTILL_GPQA,
  },
  {
    modelId: 'deepseek-ai/DeepSeek-V3-0324',
    benchmark: 'gpqa-diamond',
    score: 68.4,
    sourceUrl: `${LLM_STATS}/deepseek/models/deepseek-v3-0324/benchmarks.json`,
    readOn: '2025-07-19',
    notes:
      "GPQA pass@1, self-reported in DeepSeek's release note https://api-docs.deepseek.com/news/news250325, as recorded by the llm-stats dataset (its 'gpqa' entry; DeepSeek reports the Diamond set). Read through the aggregator, not the release note.",
  },

  // ------------------------------------------------------------ Open models: Mistral
  {
    modelId: 'mistralai/Mistral-Small-3.1-24B-Instruct-2503',
    benchmark: 'gpqa-diamond',
    score: 45.96,
    sourceUrl: `${LLM_STATS}/mistral/models/mistral-small-3.1-24b-instruct-2503/benchmarks.json`,
    readOn: '2025-07-19',
    notes:
      'GPQA Diamond, 5-shot CoT, self-reported on the Hugging Face model card (https://huggingface.co/mistralai/Mistral-Small-3.1-24B-Instruct-2503), as recorded by the llm-stats dataset. 5-shot, unlike the 0-shot rows above.',
  },

  // ------------------------------------------------------------ Closed models: OpenAI simple-evals
  {
    modelId: 'openai/o3',
    benchmark: 'gpqa-diamond',
    score: 82.8,
    sourceUrl: SIMPLE_EVALS,
    readOn: '2025-04-16',
    notes: `${SIMPLE_EVALS_GPQA}; o3 at default (medium) effort, no tools`,
  },
  {
    modelId: 'openai/o4-mini',
    benchmark: 'gpqa-diamond',
    score: 77.6,
    sourceUrl: SIMPLE_EVALS,
    readOn: '2025-04-16',
    notes: `${SIMPLE_EVALS_GPQA}; o4-mini at default (medium) effort, no tools`,
  },
  {
    modelId: 'openai/gpt-4.1',
    benchmark: 'gpqa-diamond',
    score: 66.3,
    sourceUrl: SIMPLE_EVALS,
    readOn: '2025-04-16',
    notes: `${SIMPLE_EVALS_GPQA}; gpt-4.1-2025-04-14, assistant system prompt`,
  },
  {
    modelId: 'openai/gpt-4.1-mini',
    benchmark: 'gpqa-diamond',
    score: 65.0,
    sourceUrl: SIMPLE_EVALS,
    readOn: '2025-04-16',
    notes: `${SIMPLE_EVALS_GPQA}; gpt-4.1-mini-2025-04-14, assistant system prompt`,
  },
  {
    modelId: 'openai/gpt-4o',
    benchmark: 'gpqa-diamond',
    score: 53.1,
    sourceUrl: SIMPLE_EVALS,
    readOn: '2025-04-16',
    notes: `${SIMPLE_EVALS_GPQA}; gpt-4o-2024-08-06 snapshot (gpt-4o-2024-11-20 scores 46.0 in the same table)`,
  },
  {
    modelId: 'openai/gpt-4o-mini',
    benchmark: 'gpqa-diamond',
    score: 40.2,
    sourceUrl: SIMPLE_EVALS,
    readOn: '2025-04-16',
    notes: `${SIMPLE_EVALS_GPQA}; gpt-4o-mini-2024-07-18`,
  },

  // ------------------------------------------------------------ Closed models: LMArena text
  {
    modelId: 'google/gemini-3.1-pro-preview',
    benchmark: 'lmarena-text',
    score: 1493,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry gemini-3.1-pro-preview, 15,809 votes, CI ±6`,
  },
  {
    modelId: 'google/gemini-3-flash-preview',
    benchmark: 'lmarena-text',
    score: 1474,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry gemini-3-flash (default thinking), 30,962 votes, CI ±4`,
  },
  {
    modelId: 'google/gemini-2.5-pro',
    benchmark: 'lmarena-text',
    score: 1448,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry gemini-2.5-pro, 103,891 votes, CI ±3`,
  },
  {
    modelId: 'anthropic/claude-opus-4-5',
    benchmark: 'lmarena-text',
    score: 1468,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry claude-opus-4-5-20251101 without extended thinking, 43,078 votes, CI ±4`,
  },
  {
    modelId: 'anthropic/claude-sonnet-4-5',
    benchmark: 'lmarena-text',
    score: 1453,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry claude-sonnet-4-5-20250929 without extended thinking, 54,590 votes, CI ±3`,
  },
  {
    modelId: 'openai/gpt-5.4',
    benchmark: 'lmarena-text',
    score: 1466,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry gpt-5.4 (default effort), 5,618 votes, CI ±8`,
  },
  {
    modelId: 'openai/gpt-5',
    benchmark: 'lmarena-text',
    score: 1434,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry gpt-5-high (high reasoning effort), 32,259 votes, CI ±5`,
  },
  {
    modelId: 'openai/o3',
    benchmark: 'lmarena-text',
    score: 1431,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry o3-2025-04-16, 60,188 votes, CI ±4`,
  },
  {
    modelId: 'xai/grok-4-1-fast-reasoning',
    benchmark: 'lmarena-text',
    score: 1431,
    sourceUrl: ARENA_2026_03_27,
    readOn: '2026-03-27',
    notes: `${ARENA_NOTE}; entry grok-4-1-fast-reasoning, 38,588 votes, CI ±4`,
  },
];

/** Published scores, one row per model and benchmark. */
export const QUALITY_SIGNALS: readonly QualitySignal[] = Object.freeze(rows.map((row) => QualitySignalSchema.parse(row)));

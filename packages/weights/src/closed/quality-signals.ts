import { type QualitySignal, QualitySignalSchema } from './quality-signal.js';

/*
 * Sources, one kind per benchmark where the record allowed it:
 * - mmlu-pro and gpqa-diamond for open models: the publisher's model card or release README.
 * - gpqa-diamond for OpenAI models: OpenAI's simple-evals table (zero-shot CoT; its GPQA eval uses the Diamond set).
 * - lmarena-text: one daily snapshot of the arena.ai text leaderboard (2026-03-27), so the scores share one scale.
 * - lmarena-text, open and closed alike: the LMArena text leaderboard as exported on 2025-08-04 (version
 *   2025.08.04 of fboulnois/llm-leaderboard-csv, column arena_score), the one export that lists the catalog's
 *   small and mid-sized open models next to closed ones. Closed models also in the 2026-03-27 snapshot keep
 *   that newer reading; the two exports differ by up to ~20 points for the same model.
 * - aider-polyglot, open and closed alike: Aider's polyglot leaderboard data (one harness for every model, run
 *   by the Aider project), pass_rate_2 of the run listed; readOn is the run's date.
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

const ARENA_2025_08_04 =
  'https://github.com/fboulnois/llm-leaderboard-csv/blob/e964e252a171a83b8bf189675ca01406d86bc810/csv/lmarena_text.csv';
const AIDER_POLYGLOT =
  'https://github.com/Aider-AI/aider/blob/cb6a152e5ee27fbc77ac499d5e628ccd74a5fa2a/aider/website/_data/polyglot_leaderboard.yml';

const LLAMA_3_3_MMLU_PRO = 'MMLU Pro (CoT), 5-shot, macro_avg/acc; Llama 3.3 model card (instruction-tuned table)';
const LLAMA_3_3_GPQA = 'GPQA Diamond (CoT), 0-shot, acc; Llama 3.3 model card (instruction-tuned table)';
const LLAMA_4_MMLU_PRO = 'MMLU Pro, 0-shot, macro_avg/acc; Llama 4 model card (instruction-tuned, bf16)';
const LLAMA_4_GPQA = 'GPQA Diamond, 0-shot, accuracy; Llama 4 model card (instruction-tuned, bf16)';
const R1_DISTILL_GPQA = 'GPQA Diamond pass@1, temperature 0.6, 64 samples, 32K max generation; DeepSeek-R1 README distilled-model table';
const SIMPLE_EVALS_GPQA = 'GPQA Diamond, zero-shot CoT, OpenAI simple-evals (self-reported by OpenAI)';
const ARENA_NOTE = 'arena.ai text leaderboard (style control default) as snapshotted on 2026-03-27 by arena-ai-leaderboards';

function arena2025(modelId: string, score: number, entry: string, votes: number) {
  return {
    modelId,
    benchmark: 'lmarena-text',
    score,
    sourceUrl: ARENA_2025_08_04,
    readOn: '2025-08-04',
    notes: `LMArena text leaderboard, export version 2025.08.04 (arena_score); entry ${entry}, ${votes.toLocaleString('en-US')} votes`,
  } as const;
}

function aider(modelId: string, score: number, runDate: string, entry: string) {
  return {
    modelId,
    benchmark: 'aider-polyglot',
    score,
    sourceUrl: AIDER_POLYGLOT,
    readOn: runDate,
    notes: `Aider polyglot benchmark, percent of 225 exercises solved in two tries (pass_rate_2); ${entry}; leaderboard https://aider.chat/docs/leaderboards/`,
  } as const;
}

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
  // ------------------------------------------------------------ LMArena text, 2025-08-04 export (open and closed)
  arena2025('zai-org/GLM-4.5', 1434, 'GLM-4.5', 4112),
  arena2025('zai-org/GLM-4.5-Air', 1393, 'GLM-4.5-Air', 4306),
  arena2025('Qwen/Qwen3-235B-A22B-Instruct-2507', 1427, 'Qwen3-235B-A22B-Instruct-2507', 4154),
  arena2025('deepseek-ai/DeepSeek-R1-0528', 1427, 'DeepSeek-R1-0528', 18284),
  arena2025('Qwen/Qwen3-30B-A3B-Instruct-2507', 1380, 'Qwen3-30B-A3B-Instruct-2507', 2258),
  arena2025('moonshotai/Kimi-K2-Instruct', 1380, 'kimi-k2-0711-preview', 11676),
  arena2025('deepseek-ai/DeepSeek-V3-0324', 1376, 'DeepSeek-V3-0324', 27391),
  arena2025('deepseek-ai/DeepSeek-R1', 1372, 'DeepSeek-R1', 19430),
  arena2025('Qwen/Qwen3-Coder-480B-A35B-Instruct', 1357, 'Qwen3-Coder-480B-A35B-Instruct', 6012),
  arena2025('google/gemma-3-27b-it', 1357, 'Gemma-3-27B-it', 32176),
  arena2025('Qwen/Qwen3-32B', 1341, 'Qwen3-32B', 4074),
  arena2025('mistralai/Mistral-Small-3.2-24B-Instruct-2506', 1335, 'Mistral-Small-2506', 9147),
  arena2025('google/gemma-3-12b-it', 1335, 'Gemma-3-12B-it', 3976),
  arena2025('Qwen/QwQ-32B', 1331, 'QwQ-32B', 22178),
  arena2025('google/gemma-3-4b-it', 1293, 'Gemma-3-4B-it', 4321),
  arena2025('meta-llama/Llama-4-Maverick-17B-128E-Instruct', 1292, 'Llama-4-Maverick-17B-128E-Instruct', 24544),
  arena2025('meta-llama/Llama-3.1-405B-Instruct', 1286, 'Meta-Llama-3.1-405B-Instruct-bf16', 43788),
  arena2025('nvidia/Llama-3.1-Nemotron-70B-Instruct-HF', 1284, 'Llama-3.1-Nemotron-70B-Instruct', 7577),
  arena2025('meta-llama/Llama-4-Scout-17B-16E-Instruct', 1276, 'Llama-4-Scout-17B-16E-Instruct', 14153),
  arena2025('meta-llama/Llama-3.3-70B-Instruct', 1275, 'Llama-3.3-70B-Instruct', 51931),
  arena2025('Qwen/Qwen2.5-72B-Instruct', 1272, 'Qwen2.5-72B-Instruct', 41519),
  arena2025('mistralai/Mistral-Small-3.1-24B-Instruct-2503', 1269, 'Mistral-Small-3.1-24B-Instruct-2503', 14091),
  arena2025('mistralai/Mistral-Large-Instruct-2411', 1268, 'Mistral-Large-2411', 29633),
  arena2025('meta-llama/Llama-3.1-70B-Instruct', 1264, 'Meta-Llama-3.1-70B-Instruct', 58637),
  arena2025('mistralai/Mistral-Small-24B-Instruct-2501', 1238, 'Mistral-Small-24B-Instruct-2501', 15321),
  arena2025('google/gemma-2-27b-it', 1235, 'Gemma-2-27B-it', 79538),
  arena2025('Qwen/Qwen2.5-Coder-32B-Instruct', 1234, 'Qwen2.5-Coder-32B-Instruct', 5730),
  arena2025('meta-llama/Meta-Llama-3-70B-Instruct', 1224, 'Llama-3-70B-Instruct', 163629),
  arena2025('microsoft/phi-4', 1222, 'Phi-4', 25213),
  arena2025('google/gemma-2-9b-it', 1212, 'Gemma-2-9B-it', 57197),
  arena2025('mistralai/Ministral-8B-Instruct-2410', 1198, 'Ministral-8B-2410', 5111),
  arena2025('meta-llama/Llama-3.1-8B-Instruct', 1193, 'Meta-Llama-3.1-8B-Instruct', 52578),
  arena2025('meta-llama/Meta-Llama-3-8B-Instruct', 1171, 'Llama-3-8B-Instruct', 109056),
  arena2025('mistralai/Mixtral-8x22B-Instruct-v0.1', 1167, 'Mixtral-8x22b-Instruct-v0.1', 53751),
  arena2025('google/gemma-2-2b-it', 1163, 'Gemma-2-2b-it', 48892),
  arena2025('microsoft/Phi-3-medium-4k-instruct', 1143, 'Phi-3-Medium-4k-Instruct', 26105),
  arena2025('mistralai/Mixtral-8x7B-Instruct-v0.1', 1138, 'Mixtral-8x7B-Instruct-v0.1', 76126),
  arena2025('meta-llama/Llama-2-70b-chat-hf', 1122, 'Llama-2-70B-chat', 39595),
  arena2025('meta-llama/Llama-3.2-3B-Instruct', 1117, 'Meta-Llama-3.2-3B-Instruct', 8390),
  arena2025('mistralai/Mistral-7B-Instruct-v0.2', 1097, 'Mistral-7B-Instruct-v0.2', 20067),
  arena2025('meta-llama/Llama-2-13b-chat-hf', 1092, 'Llama-2-13b-chat', 19722),
  arena2025('microsoft/Phi-3-mini-4k-instruct', 1081, 'Phi-3-Mini-4k-Instruct', 21097),
  arena2025('codellama/CodeLlama-34b-Instruct-hf', 1072, 'CodeLlama-34B-instruct', 7509),
  arena2025('meta-llama/Llama-3.2-1B-Instruct', 1067, 'Meta-Llama-3.2-1B-Instruct', 8523),
  arena2025('HuggingFaceTB/SmolLM2-1.7B-Instruct', 1062, 'SmolLM2-1.7B-Instruct', 2375),
  arena2025('meta-llama/Llama-2-7b-chat-hf', 1060, 'Llama-2-7B-chat', 14532),
  arena2025('mistralai/Mistral-7B-Instruct-v0.1', 1031, 'Mistral-7B-Instruct-v0.1', 9142),
  arena2025('google/gemini-2.5-pro', 1470, 'Gemini-2.5-Pro', 26019),
  arena2025('openai/o3', 1428, 'o3-2025-04-16', 32033),
  arena2025('xai/grok-4', 1434, 'Grok-4-0709', 13058),
  arena2025('google/gemini-2.5-flash', 1411, 'Gemini-2.5-Flash', 31359),
  arena2025('openai/gpt-4.1', 1380, 'GPT-4.1-2025-04-14', 24834),
  arena2025('openai/o4-mini', 1362, 'o4-mini-2025-04-16', 24472),
  arena2025('xai/grok-3-mini', 1360, 'Grok-3-Mini-beta', 16845),
  arena2025('openai/gpt-4.1-mini', 1336, 'GPT-4.1-mini-2025-04-14', 23892),
  arena2025('cohere/command-a-03-2025', 1326, 'Command A (03-2025)', 30944),
  arena2025('openai/gpt-4o-mini', 1288, 'GPT-4o-mini-2024-07-18', 72427),
  arena2025('openai/gpt-4o', 1285, 'GPT-4o-2024-08-06', 47973),
  arena2025('cohere/command-r-plus-08-2024', 1233, 'Command R+ (08-2024)', 10535),
  arena2025('cohere/command-r-08-2024', 1195, 'Command R (08-2024)', 10851),

  // ------------------------------------------------------------ Aider polyglot (open and closed, one harness)
  aider(
    'Qwen/Qwen2.5-Coder-32B-Instruct',
    16.4,
    '2024-12-26',
    'Qwen2.5-Coder-32B-Instruct, whole edit format (the diff-format run of 2024-12-22 scored 8.0)',
  ),
  aider('Qwen/QwQ-32B', 20.9, '2025-03-06', 'QwQ-32B, diff edit format'),
  aider('Qwen/Qwen3-32B', 40.0, '2025-05-08', 'Qwen3 32B, diff edit format (thinking left at its default)'),
  aider('google/gemma-3-27b-it', 4.9, '2025-03-15', 'gemma-3-27b-it, whole edit format'),
  aider('meta-llama/Llama-4-Maverick-17B-128E-Instruct', 15.6, '2025-04-06', 'Llama 4 Maverick, whole edit format'),
  aider('deepseek-ai/DeepSeek-R1', 56.9, '2025-01-20', 'DeepSeek R1, diff edit format'),
  aider('deepseek-ai/DeepSeek-R1-0528', 71.4, '2025-06-06', 'DeepSeek R1 (0528), diff edit format'),
  aider('deepseek-ai/DeepSeek-V3-0324', 55.1, '2025-03-24', 'DeepSeek V3 (0324), diff edit format'),
  aider('moonshotai/Kimi-K2-Instruct', 59.1, '2025-07-17', 'Kimi K2, diff edit format'),
  aider('openai/gpt-oss-120b', 41.8, '2025-08-06', 'gpt-oss-120b at high reasoning effort, diff edit format'),
  aider('openai/gpt-5', 86.7, '2025-08-25', 'gpt-5 at medium (default) reasoning effort'),
  aider('openai/o3', 76.9, '2025-06-25', 'o3 at default effort'),
  aider('openai/o4-mini', 72.0, '2025-04-16', 'o4-mini at high effort (the only o4-mini run listed)'),
  aider('openai/gpt-4.1', 52.4, '2025-04-14', 'gpt-4.1, diff edit format'),
  aider('openai/gpt-4.1-mini', 32.4, '2025-04-14', 'gpt-4.1-mini, diff edit format'),
  aider('openai/gpt-4o', 23.1, '2024-12-30', 'gpt-4o-2024-08-06, diff edit format'),
  aider('openai/gpt-4o-mini', 3.6, '2024-12-21', 'gpt-4o-mini-2024-07-18, whole edit format'),
  aider('google/gemini-2.5-pro', 79.1, '2025-06-06', 'gemini-2.5-pro-preview-06-05 at default thinking (the preview that became 2.5 Pro)'),
  aider('xai/grok-4', 79.6, '2025-07-11', 'grok-4 at high effort'),
  aider('xai/grok-3-mini', 49.3, '2025-04-10', 'Grok 3 Mini Beta at high effort (34.7 at low)'),
  aider('cohere/command-a-03-2025', 12.0, '2025-03-14', 'command-a-03-2025, whole edit format'),
];

/** Published scores, one row per model and benchmark. */
export const QUALITY_SIGNALS: readonly QualitySignal[] = Object.freeze(rows.map((row) => QualitySignalSchema.parse(row)));

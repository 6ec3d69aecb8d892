/**
 * The command-line options and environment variables each runtime documents, for checking the launch
 * commands Weightplan writes. Each list cites the page it was read from.
 */
export interface RuntimeOptions {
  program: string;
  sourceUrl: string;
  /** Flags with their aliases; `value` says whether the flag takes an argument and of which kind. */
  flags: Record<string, { value: 'none' | 'integer' | 'number' | 'string' | readonly string[] }>;
  environment?: Record<string, 'integer' | 'boolean' | readonly string[]>;
}

const LLAMA_CACHE_TYPES = ['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q4_1', 'iq4_nl', 'q5_0', 'q5_1'] as const;

export const DOCUMENTED_OPTIONS: Record<string, RuntimeOptions> = {
  'llama.cpp': {
    program: 'llama-server',
    sourceUrl: 'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md',
    flags: {
      '-m': { value: 'string' },
      '--model': { value: 'string' },
      '-c': { value: 'integer' },
      '--ctx-size': { value: 'integer' },
      '-np': { value: 'integer' },
      '--parallel': { value: 'integer' },
      // A layer count, or 'auto' / 'all'; 999 is the customary "every layer".
      '-ngl': { value: 'string' },
      '--n-gpu-layers': { value: 'string' },
      '-ts': { value: 'string' },
      '--tensor-split': { value: 'string' },
      '-sm': { value: ['none', 'layer', 'row'] },
      '--split-mode': { value: ['none', 'layer', 'row'] },
      '-fa': { value: ['on', 'off', 'auto'] },
      '--flash-attn': { value: ['on', 'off', 'auto'] },
      '-ctk': { value: LLAMA_CACHE_TYPES },
      '--cache-type-k': { value: LLAMA_CACHE_TYPES },
      '-ctv': { value: LLAMA_CACHE_TYPES },
      '--cache-type-v': { value: LLAMA_CACHE_TYPES },
      '--n-cpu-moe': { value: 'integer' },
      // Speculative decoding with a draft model.
      '-md': { value: 'string' },
      '--model-draft': { value: 'string' },
      '--draft-max': { value: 'integer' },
      '--draft-min': { value: 'integer' },
      '-ngld': { value: 'string' },
      '--gpu-layers-draft': { value: 'string' },
      '-ctkd': { value: LLAMA_CACHE_TYPES },
      '--cache-type-k-draft': { value: LLAMA_CACHE_TYPES },
      '-ctvd': { value: LLAMA_CACHE_TYPES },
      '--cache-type-v-draft': { value: LLAMA_CACHE_TYPES },
      '--host': { value: 'string' },
      '--port': { value: 'integer' },
    },
  },
  vllm: {
    program: 'vllm serve',
    sourceUrl: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
    flags: {
      '--max-model-len': { value: 'integer' },
      '--max-num-seqs': { value: 'integer' },
      '--tensor-parallel-size': { value: 'integer' },
      '--pipeline-parallel-size': { value: 'integer' },
      '--gpu-memory-utilization': { value: 'number' },
      '--kv-cache-dtype': { value: ['auto', 'fp8', 'fp8_e4m3', 'fp8_e5m2'] },
      '--quantization': { value: 'string' },
      // A JSON object: method, model, num_speculative_tokens (https://docs.vllm.ai/en/latest/features/spec_decode.html).
      '--speculative-config': { value: 'string' },
      '--host': { value: 'string' },
      '--port': { value: 'integer' },
    },
  },
  sglang: {
    program: 'python -m sglang.launch_server',
    sourceUrl: 'https://docs.sglang.ai/advanced_features/server_arguments.html',
    flags: {
      '--model-path': { value: 'string' },
      '--context-length': { value: 'integer' },
      '--tp': { value: 'integer' },
      '--tp-size': { value: 'integer' },
      '--mem-fraction-static': { value: 'number' },
      '--max-running-requests': { value: 'integer' },
      '--kv-cache-dtype': { value: ['auto', 'fp8_e5m2', 'fp8_e4m3'] },
      '--quantization': { value: 'string' },
      // https://docs.sglang.ai/advanced_features/speculative_decoding.html
      '--speculative-algorithm': { value: ['EAGLE', 'EAGLE3', 'NEXTN', 'STANDALONE', 'NGRAM'] },
      '--speculative-draft-model-path': { value: 'string' },
      '--speculative-num-steps': { value: 'integer' },
      '--speculative-eagle-topk': { value: 'integer' },
      '--speculative-num-draft-tokens': { value: 'integer' },
    },
  },
  mlx: {
    program: 'mlx_lm.server',
    sourceUrl: 'https://github.com/ml-explore/mlx-lm/blob/main/mlx_lm/SERVER.md',
    flags: {
      '--model': { value: 'string' },
      '--host': { value: 'string' },
      '--port': { value: 'integer' },
      '--draft-model': { value: 'string' },
      '--num-draft-tokens': { value: 'integer' },
    },
  },
  ollama: {
    program: 'ollama',
    sourceUrl: 'https://github.com/ollama/ollama/blob/main/docs/faq.md',
    flags: {},
    environment: {
      OLLAMA_CONTEXT_LENGTH: 'integer',
      OLLAMA_NUM_PARALLEL: 'integer',
      OLLAMA_FLASH_ATTENTION: 'boolean',
      OLLAMA_KV_CACHE_TYPE: ['f16', 'q8_0', 'q4_0'],
    },
  },
};

/** Splits a command line into words, honouring single quotes (as `launchCommand` writes them). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const char of command) {
    if (char === "'") {
      quoted = !quoted;
      started = true;
    } else if (char === ' ' && !quoted) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

/** Problems with a launch command's flags and values against the runtime's documented options; empty when none. */
export function checkLaunchCommand(runtime: string, command: string): string[] {
  const options = DOCUMENTED_OPTIONS[runtime];
  if (!options) return [`no documented options for ${runtime}`];
  const problems: string[] = [];
  const words = shellWords(command);
  for (const word of words) {
    const env = /^([A-Z_]+)=(.*)$/.exec(word);
    if (!env?.[1]) continue;
    const kind = options.environment?.[env[1]];
    const value = env[2] ?? '';
    if (!kind) problems.push(`undocumented environment variable ${env[1]}`);
    else if (kind === 'integer' && !/^\d+$/.test(value)) problems.push(`${env[1]} needs an integer, got ${value}`);
    else if (kind === 'boolean' && !/^(0|1|true|false)$/.test(value)) problems.push(`${env[1]} needs 0 or 1, got ${value}`);
    else if (Array.isArray(kind) && !kind.includes(value)) problems.push(`${env[1]} must be one of ${kind.join(', ')}, got ${value}`);
  }
  const program = options.program.split(' ');
  const start = words.findIndex((_, index) => program.every((part, offset) => words[index + offset] === part));
  if (start < 0) problems.push(`the command does not run ${options.program}`);
  for (let i = start < 0 ? words.length : start + program.length; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!word.startsWith('-') || /^-\d/.test(word)) continue;
    const flag = options.flags[word];
    if (!flag) {
      problems.push(`undocumented flag ${word}`);
      continue;
    }
    if (flag.value === 'none') continue;
    const value = words[i + 1];
    i += 1;
    if (value === undefined) problems.push(`${word} needs a value`);
    else if (flag.value === 'integer' && !/^\d+$/.test(value)) problems.push(`${word} needs an integer, got ${value}`);
    else if (flag.value === 'number' && !Number.isFinite(Number(value))) problems.push(`${word} needs a number, got ${value}`);
    else if (Array.isArray(flag.value) && !flag.value.includes(value))
      problems.push(`${word} must be one of ${flag.value.join(', ')}, got ${value}`);
  }
  return problems;
}

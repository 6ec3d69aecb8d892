import type { LlamaSequence, LoadedRunner } from './llama-runner.js';
import { type RateSummary, summarizeRates } from './statistics.js';

export interface MeasureSettings {
  /** Prompt tokens evaluated in one go (llama-bench's pp test). */
  promptTokens: number;
  /** Tokens generated one at a time (its tg test). */
  genTokens: number;
  repetitions: number;
  threads: number;
  gpuLayers: number;
  flashAttention: boolean;
  /** Micro-batch size for the prompt (llama-bench's default n_ubatch, 512). */
  batchTokens: number;
}

export interface BenchProgress {
  phase: 'install' | 'write' | 'load' | 'warm-up' | 'prompt' | 'generate' | 'request';
  /** Steps done of `total` in this phase (repetitions, or packages fetched). */
  done: number;
  total: number;
}

export interface GgufMeasurement {
  prefillTokensPerSecond: RateSummary | null;
  decodeTokensPerSecond: RateSummary;
  repetitions: number;
  warmupRuns: number;
  loadSeconds: number;
  contextTokens: number;
}

/** Token ids a measurement feeds: real-looking ids past the byte alphabet, varied so nothing is cached. */
function promptIds(count: number, vocabulary: number): number[] {
  return Array.from({ length: count }, (_, i) => 256 + ((i * 7919) % Math.max(1, vocabulary - 512)));
}

async function timePrompt(sequence: LlamaSequence, tokens: number[]): Promise<number> {
  await sequence.clearHistory();
  const start = performance.now();
  await sequence.evaluateWithoutGeneratingNewTokens(tokens);
  return (performance.now() - start) / 1000;
}

/** Generates `count` tokens one at a time from an empty context, as llama-bench's tg test does. */
async function timeGeneration(sequence: LlamaSequence, count: number, first: number): Promise<number> {
  await sequence.clearHistory();
  const start = performance.now();
  let generated = 0;
  if (count > 0) {
    for await (const _token of sequence.evaluate([first], { temperature: 0 })) {
      generated += 1;
      if (generated >= count) break;
    }
  }
  return (performance.now() - start) / 1000;
}

/**
 * Measures a GGUF the way llama-bench does: load once, one warm-up of each test, then `repetitions` prompt
 * runs (tokens/s = prompt tokens / time) and generation runs (generated tokens / time), each from an empty
 * context; the medians and spread come back.
 */
export async function measureGguf(
  runner: LoadedRunner,
  modelPath: string,
  settings: MeasureSettings,
  vocabulary: number,
  onProgress?: (progress: BenchProgress) => void,
): Promise<GgufMeasurement> {
  onProgress?.({ phase: 'load', done: 0, total: 1 });
  const loadStart = performance.now();
  const model = await runner.llama.loadModel({ modelPath, gpuLayers: settings.gpuLayers });
  try {
    const contextTokens = settings.promptTokens + settings.genTokens + 1;
    const context = await model.createContext({
      contextSize: contextTokens,
      batchSize: Math.max(1, Math.min(settings.batchTokens, Math.max(settings.promptTokens, 1))),
      threads: { ideal: settings.threads, min: settings.threads },
      flashAttention: settings.flashAttention,
    });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    try {
      const sequence = context.getSequence();
      const prompt = promptIds(settings.promptTokens, vocabulary);
      const first = promptIds(1, vocabulary)[0] ?? 256;
      onProgress?.({ phase: 'warm-up', done: 0, total: 1 });
      // The warm-up also faults the weights into memory (mmap), which the first real run must not pay for.
      if (settings.promptTokens > 0) await timePrompt(sequence, prompt);
      await timeGeneration(sequence, Math.min(settings.genTokens, 16), first);
      const prefill: number[] = [];
      const decode: number[] = [];
      for (let run = 0; run < settings.repetitions; run++) {
        if (settings.promptTokens > 0) {
          onProgress?.({ phase: 'prompt', done: run, total: settings.repetitions });
          prefill.push(settings.promptTokens / (await timePrompt(sequence, prompt)));
        }
        onProgress?.({ phase: 'generate', done: run, total: settings.repetitions });
        decode.push(settings.genTokens / (await timeGeneration(sequence, settings.genTokens, first)));
      }
      onProgress?.({ phase: 'generate', done: settings.repetitions, total: settings.repetitions });
      return {
        prefillTokensPerSecond: prefill.length > 0 ? summarizeRates(prefill) : null,
        decodeTokensPerSecond: summarizeRates(decode),
        repetitions: settings.repetitions,
        warmupRuns: 1,
        loadSeconds,
        contextTokens,
      };
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

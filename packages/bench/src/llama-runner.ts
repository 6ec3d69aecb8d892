import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchError } from './bench-error.js';
import { installedRunner, type RunnerBackend } from './runner-install.js';

/**
 * The part of node-llama-cpp's API the bench uses, typed here because the package is not a dependency
 * (it is installed on first use, outside node_modules): getLlama, loadModel, createContext, and a
 * sequence's evaluate calls (https://node-llama-cpp.withcat.ai/api/classes/LlamaContextSequence).
 */
export interface LlamaSequence {
  clearHistory(): Promise<void>;
  evaluateWithoutGeneratingNewTokens(tokens: number[]): Promise<void>;
  evaluate(tokens: number[], options?: { temperature?: number }): AsyncGenerator<number, void, undefined | number | number[]>;
}
export interface LlamaContext {
  getSequence(): LlamaSequence;
  dispose(): Promise<void>;
}
export interface LlamaModel {
  readonly trainContextSize: number;
  createContext(options: {
    contextSize: number;
    batchSize: number;
    threads: { ideal: number; min: number };
    flashAttention: boolean;
  }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}
export interface Llama {
  readonly gpu: string | false;
  readonly cpuMathCores: number;
  loadModel(options: { modelPath: string; gpuLayers: number; useMmap?: boolean }): Promise<LlamaModel>;
  dispose(): Promise<void>;
}
interface NodeLlamaCppModule {
  getLlama(options: {
    build: 'never';
    gpu: false | 'cuda' | 'vulkan' | 'metal';
    progressLogs: boolean;
    logLevel: 'error' | 'warn';
    maxThreads?: number;
    vramPadding?: number;
  }): Promise<Llama>;
}

export interface LoadedRunner {
  llama: Llama;
  /** "node-llama-cpp 3.22.1 (cpu)": what records name as the runtime version. */
  version: string;
  backend: RunnerBackend;
}

/**
 * Loads llama.cpp from an installed runner folder by dynamic import, with prebuilt binaries only
 * (`build: "never"`): a machine where the binary does not load gets one line, never a compile.
 */
export async function loadRunner(directory: string, backend: RunnerBackend, threads: number): Promise<LoadedRunner> {
  const installation = installedRunner(directory);
  if (!installation) {
    throw new BenchError('runner-unavailable', `no llama.cpp runner is installed in ${directory}; run \`weightplan bench install\``);
  }
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = 'true';
  let module: NodeLlamaCppModule;
  try {
    module = (await import(
      pathToFileURL(join(directory, 'node_modules', 'node-llama-cpp', 'dist', 'index.js')).href
    )) as NodeLlamaCppModule;
  } catch (error) {
    throw new BenchError(
      'runner-unavailable',
      `node-llama-cpp in ${directory} does not load (${firstLine(error)}); run \`weightplan bench install\` again`,
    );
  }
  try {
    const llama = await module.getLlama({
      build: 'never',
      gpu: backend === 'cpu' ? false : backend,
      progressLogs: false,
      logLevel: 'error',
      maxThreads: threads,
    });
    return { llama, version: `node-llama-cpp ${installation.version} (${backend})`, backend };
  } catch (error) {
    throw new BenchError('runner-unavailable', `llama.cpp's ${backend} binary does not load on this machine (${firstLine(error)})`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

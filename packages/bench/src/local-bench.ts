import { join } from 'node:path';
import type { OpenModelSpec, Precision } from '@weightplan/weights';
import { type EndpointMeasurement, type EndpointRequest, measureEndpoint } from './endpoint-client.js';
import { writeGguf } from './gguf-writer.js';
import { loadRunner } from './llama-runner.js';
import { type BenchProgress, type GgufMeasurement, type MeasureSettings, measureGguf } from './measure-gguf.js';
import { checkRoom, measureRoom } from './room-check.js';
import { installedRunner, installRunner, type RunnerBackend, type RunnerInstallation, runnerDirectory } from './runner-install.js';
import { syntheticModel } from './synthetic-gguf.js';
import { withTemporaryFolder } from './temporary-file.js';

export interface GgufRun extends GgufMeasurement {
  /** "node-llama-cpp 3.22.1 (cpu)". */
  runtimeVersion: string;
  backend: RunnerBackend;
}

export interface SyntheticRun extends GgufRun {
  fileBytes: number;
  tensorBytes: number;
}

/**
 * What a host that may measure its own machine puts in the router's context (`ApiContext.bench`): the CLI
 * and the desktop app do, the HTTP server does not (a request must not install software or load gigabytes
 * on the server). Everything that touches the machine is here; the router only validates, estimates and stores.
 */
export interface BenchHost {
  /** Installs the runner for `backend` unless it is there; `alreadyInstalled` says which. */
  install(backend: RunnerBackend): Promise<RunnerInstallation & { alreadyInstalled: boolean }>;
  measureFile(request: { path: string; vocabSize: number; backend: RunnerBackend; settings: MeasureSettings }): Promise<GgufRun>;
  measureSynthetic(request: {
    model: OpenModelSpec;
    precision: Precision;
    backend: RunnerBackend;
    settings: MeasureSettings;
    /** What the run needs in RAM (the estimate's CPU-side total), checked before anything is written. */
    memoryBytes: number;
  }): Promise<SyntheticRun>;
  measureEndpoint(request: EndpointRequest): Promise<EndpointMeasurement>;
}

export interface LocalBenchOptions {
  /** Each step of an install or a run, for a progress bar. */
  onProgress?: (progress: BenchProgress) => void;
  /** Where synthetic files go (the OS temporary folder by default). */
  temporaryFolder?: string;
  env?: NodeJS.ProcessEnv;
}

/** The bench on this machine: node-llama-cpp installed on first use into the cache, GGUFs measured in-process. */
export function localBench(options: LocalBenchOptions = {}): BenchHost {
  const env = options.env ?? process.env;
  const progress = options.onProgress;

  async function ensureRunner(backend: RunnerBackend): Promise<RunnerInstallation & { alreadyInstalled: boolean }> {
    const directory = runnerDirectory(backend, env);
    const existing = installedRunner(directory);
    if (existing) return { ...existing, alreadyInstalled: true };
    const installed = await installRunner(backend, {
      directory,
      env,
      onProgress: ({ fetched, expected }) => progress?.({ phase: 'install', done: fetched, total: expected }),
    });
    return { ...installed, alreadyInstalled: false };
  }

  async function run(path: string, vocabSize: number, backend: RunnerBackend, settings: MeasureSettings): Promise<GgufRun> {
    const installation = await ensureRunner(backend);
    const runner = await loadRunner(installation.directory, backend, settings.threads);
    try {
      const measured = await measureGguf(runner, path, settings, vocabSize, progress);
      return { ...measured, runtimeVersion: runner.version, backend };
    } finally {
      await runner.llama.dispose();
    }
  }

  return {
    install: ensureRunner,
    measureFile: ({ path, vocabSize, backend, settings }) => run(path, vocabSize, backend, settings),
    async measureSynthetic({ model, precision, backend, settings, memoryBytes }) {
      const synthetic = syntheticModel(model, precision);
      // Install first: a missing runner is the more useful message, and installing needs no room for the file.
      await ensureRunner(backend);
      return withTemporaryFolder(
        'weightplan-bench-',
        async (folder) => {
          checkRoom(measureRoom(folder), { fileBytes: synthetic.layout.fileBytes, memoryBytes }, `${model.id} at ${precision.id}`);
          progress?.({ phase: 'write', done: 0, total: 1 });
          const file = join(folder, 'synthetic.gguf');
          writeGguf(file, synthetic.layout);
          const measured = await run(file, model.architecture.vocabSize, backend, settings);
          return { ...measured, fileBytes: synthetic.layout.fileBytes, tensorBytes: synthetic.layout.tensorBytes };
        },
        options.temporaryFolder,
      );
    },
    measureEndpoint: (request) => measureEndpoint(request, (done, total) => progress?.({ phase: 'request', done, total })),
  };
}

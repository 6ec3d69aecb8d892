import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { estimate } from './estimate.js';
import type { KvCacheType } from './kv-cache.js';
import { launchCommand } from './launch-command.js';
import { checkLaunchCommand, shellWords } from './launch-flags.js';
import type { Runtime } from './runtime.js';

const GiB = 1024 ** 3;

describe('launch commands use only documented options', () => {
  it('splits shell words with single quotes', () => {
    expect(shellWords("python -c 'print(1); x = 2' --flag")).toEqual(['python', '-c', 'print(1); x = 2', '--flag']);
  });

  it('catches an undocumented flag, a bad value and a missing program', () => {
    expect(checkLaunchCommand('llama.cpp', 'llama-server -m x.gguf --gpu-layers-please 3 -fa yes')).toEqual([
      'undocumented flag --gpu-layers-please',
      '-fa must be one of on, off, auto, got yes',
    ]);
    expect(checkLaunchCommand('vllm', 'vllm serve m --tensor-parallel-size two')).toEqual([
      '--tensor-parallel-size needs an integer, got two',
    ]);
    expect(checkLaunchCommand('ollama', 'OLLAMA_KV_CACHE_TYPE=q5_0 ollama serve')).toEqual([
      'OLLAMA_KV_CACHE_TYPE must be one of f16, q8_0, q4_0, got q5_0',
    ]);
    expect(checkLaunchCommand('mlx', 'python -m mlx_lm')).toEqual(['the command does not run mlx_lm.server']);
  });

  // Every catalog model on a spread of machines and runtimes: each command passes the check.
  const machines = [
    buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
    buildWhatIfProfile({ gpu: '2x RTX 3090', ramBytes: 128 * GiB }),
    buildWhatIfProfile({ gpu: '8x H100 SXM', ramBytes: 2048 * GiB }),
    buildWhatIfProfile({ gpu: 'Apple M2 Ultra (76-core GPU)', ramBytes: 192 * GiB }),
    buildWhatIfProfile({ gpu: 'none', ramBytes: 64 * GiB }),
  ];
  const cases: [Runtime, string, KvCacheType][] = [
    ['llama.cpp', 'Q4_K_M', 'q8_0'],
    ['ollama', 'Q4_K_M', 'q8_0'],
    ['vllm', 'FP8', 'fp8'],
    ['sglang', 'BF16', 'fp8'],
    ['mlx', 'MLX-4BIT', 'f16'],
  ];
  it.each(cases)('%s commands for every model and machine', (runtime, precisionId, kvCacheType) => {
    const precision = getPrecision(precisionId);
    let checked = 0;
    for (const hardware of machines) {
      for (const model of builtInModels().models) {
        let e: ReturnType<typeof estimate>;
        try {
          e = estimate({
            model,
            precision,
            hardware,
            runtime,
            kvCacheType,
            concurrency: 4,
            contextTokens: Math.min(8192, model.architecture.maxContextTokens),
          });
        } catch {
          continue;
        }
        if (e.placement.fit === 'no-fit') continue;
        const launch = launchCommand(e, { model, precision, hardware });
        // A runtime that does not run on the machine (MLX off Apple, vLLM without CUDA) gives no command at all.
        if (launch.command === null) continue;
        expect(checkLaunchCommand(runtime, launch.command), launch.command).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

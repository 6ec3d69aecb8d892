import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { type EstimateRequest, estimate } from './estimate.js';
import { launchCommand } from './launch-command.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

function commandFor(model: string, precision: string, gpu: string, ramGb: number, extra: Partial<EstimateRequest> = {}) {
  const request = {
    model: catalogModel(model),
    precision: getPrecision(precision),
    hardware: buildWhatIfProfile({ gpu, ramBytes: ramGb * GiB }),
  };
  const e = estimate({ ...request, ...extra });
  return { e, launch: launchCommand(e, request) };
}

describe('launch commands', () => {
  it('llama.cpp: every layer on the GPU, flash attention, the context for all parallel slots', () => {
    const { launch } = commandFor('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64, { contextTokens: 8192, concurrency: 4, kvCacheType: 'q8_0' });
    expect(launch.command).toBe(
      'llama-server -m Meta-Llama-3-8B-Instruct-Q4_K_M.gguf -c 32768 -np 4 -ngl 999 -fa on -ctk q8_0 -ctv q8_0 --host 127.0.0.1 --port 8080',
    );
    expect(launch.notes[0]).toMatch(/path of your Q4_K_M GGUF/);
  });

  it('llama.cpp over two GPUs: the tensor split the estimate chose', () => {
    const { e, launch } = commandFor('llama-3-70b', 'Q4_K_M', '2x RTX 3090', 128, { contextTokens: 8192 });
    expect(e.placement.target).toBe('multi-gpu');
    const layers = e.memory.perDevice.filter((d) => d.kind === 'gpu').map((d) => d.layers);
    expect(layers.reduce((a, b) => a + b)).toBe(80);
    expect(launch.command).toContain(` -ngl 999 -ts ${layers.join(',')} -fa on `);
  });

  it('llama.cpp with a MoE model bigger than VRAM: expert layers stay in RAM', () => {
    const { e, launch } = commandFor('Qwen/Qwen3-30B-A3B-Instruct-2507', 'Q4_K_M', 'RTX 3060', 64, { contextTokens: 8192 });
    expect(e.placement.cpuMoeLayers).toBeGreaterThan(0);
    expect(launch.command).toContain(`--n-cpu-moe ${e.placement.cpuMoeLayers}`);
  });

  it('vLLM: tensor parallelism over four GPUs and FP8 quantisation at load', () => {
    const { launch } = commandFor('meta-llama/Llama-3.3-70B-Instruct', 'FP8', '4x H100 SXM', 512, {
      runtime: 'vllm',
      contextTokens: 16_384,
      concurrency: 32,
    });
    expect(launch.command).toBe(
      'vllm serve meta-llama/Llama-3.3-70B-Instruct --max-model-len 16384 --max-num-seqs 32 --tensor-parallel-size 4 --gpu-memory-utilization 0.9 --quantization fp8',
    );
  });

  it('Ollama: its environment variables and the library tag', () => {
    const { launch } = commandFor('deepseek-r1:7b', 'Q4_K_M', 'RTX 4090', 64, { runtime: 'ollama', contextTokens: 16_384 });
    expect(launch.command).toBe(
      'OLLAMA_CONTEXT_LENGTH=16384 OLLAMA_NUM_PARALLEL=1 OLLAMA_FLASH_ATTENTION=1 ollama serve & ollama run deepseek-r1:7b',
    );
  });

  it('MLX on Apple Silicon: the mlx-community 4-bit repository', () => {
    const { launch } = commandFor('qwen3:8b', 'MLX-4BIT', 'Apple M3 Max (40-core GPU)', 64);
    expect(launch.command).toBe('mlx_lm.server --model mlx-community/Qwen3-8B-4bit --host 127.0.0.1 --port 8080');
  });
});

describe('server concurrency caps', () => {
  it('leaves vLLM uncapped when the plan was for one user, so the server still batches many', () => {
    const { launch } = commandFor('llama-3-8b', 'FP8', 'H100 SXM', 256, { runtime: 'vllm', contextTokens: 4096 });
    expect(launch.command).toBe(
      'vllm serve meta-llama/Meta-Llama-3-8B-Instruct --max-model-len 4096 --gpu-memory-utilization 0.9 --quantization fp8',
    );
  });
});

describe('no command that cannot run', () => {
  it.each([
    ['vllm', 'Q4_K_M', 'RTX 4090', 'AWQ-INT4'],
    ['sglang', 'Q8_0', 'RTX 4090', 'FP8'],
    ['vllm', 'Q6_K', 'H100 SXM', 'FP8'],
    ['mlx', 'Q4_K_M', 'Apple M3 Max (40-core GPU)', 'MLX-4BIT'],
  ] as const)('%s with GGUF %s on %s: no command or manifest, the reason, and %s offered instead', (runtime, precision, gpu, nearest) => {
    const { launch } = commandFor('llama-3-8b', precision, gpu, 64, { runtime });
    expect(launch.command).toBeNull();
    expect(launch.kubernetesManifest).toBeNull();
    expect(launch.unavailable?.reason).toMatch(/does not load GGUF files/);
    expect(launch.unavailable?.nearestPrecision).toBe(nearest);
    // The offered precision does launch with that runtime.
    const offered = commandFor('llama-3-8b', nearest, gpu, 64, { runtime });
    expect(offered.launch.command).toMatch(runtime === 'mlx' ? /^mlx_lm\.server / : runtime === 'vllm' ? /^vllm serve / : /sglang/);
  });

  it('MLX on an NVIDIA machine: no command, because MLX needs Apple silicon', () => {
    const { launch } = commandFor('qwen3:8b', 'MLX-4BIT', 'RTX 4090', 64);
    expect(launch.command).toBeNull();
    expect(launch.unavailable?.reason).toMatch(/Apple silicon/);
  });

  it('a plan that does not fit has no launch command, whatever the runtime', () => {
    for (const runtime of ['llama.cpp', 'vllm'] as const) {
      const precision = runtime === 'vllm' ? 'BF16' : 'Q4_K_M';
      const { e, launch } = commandFor('meta-llama/Llama-3.3-70B-Instruct', precision, 'RTX 3060', 16, { runtime });
      expect(e.placement.fit).toBe('no-fit');
      expect(launch.command).toBeNull();
      expect(launch.unavailable?.reason).toMatch(/^it does not fit/);
    }
  });
});

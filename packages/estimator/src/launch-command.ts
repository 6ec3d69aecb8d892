import type { HardwareProfile } from '@weightplan/hardware';
import { type OpenModelSpec, PRECISIONS, type Precision } from '@weightplan/weights';
import { z } from 'zod';
import type { Estimate, SpeculativeEstimate } from './estimate-schema.js';
import { vllmKubernetesManifest } from './kubernetes-manifest.js';
import { type Runtime, runtimesFor } from './runtime.js';

export const LaunchCommandSchema = z.object({
  runtime: z.string(),
  /**
   * A shell command line; environment assignments first where the runtime is configured that way. Null when
   * no command could run the plan: it does not fit, or the runtime cannot load the precision here (`unavailable`).
   */
  command: z.string().nullable(),
  /** Why there is no command, and the nearest precision the runtime does load (null when none would help). */
  unavailable: z.object({ reason: z.string(), nearestPrecision: z.string().nullable() }).nullable(),
  /** What the command assumes and what to adapt (file paths, repository names). */
  notes: z.array(z.string()),
  /** A Kubernetes Deployment and Service running the same vLLM server on GPU nodes (vLLM on one node only). */
  kubernetesManifest: z.string().nullable(),
});

export type LaunchCommand = z.infer<typeof LaunchCommandSchema>;

/** Quotes a shell word only when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function join(words: readonly (string | number)[]): string {
  return words.map((word) => shellWord(String(word))).join(' ');
}

function ggufFileName(model: OpenModelSpec, precision: string): string {
  if (model.sourcePath?.toLowerCase().endsWith('.gguf')) return model.sourcePath;
  const base = model.id.split('/').pop() ?? model.id;
  return `${base}-${precision}.gguf`;
}

/** The GGUF file name a draft model is assumed to have, like the target's. */
function draftGgufFileName(spec: SpeculativeEstimate): string {
  const id = spec.draftModel?.id ?? '';
  return `${id.split('/').pop() ?? id}-${spec.draftPrecision ?? 'Q8_0'}.gguf`;
}

/** llama-server's draft-model flags: the draft on the GPU with the target (\`-ngld\`), drafting up to k tokens. */
function llamaCppDraft(e: Estimate, words: (string | number)[], notes: string[]): void {
  const spec = e.speculative;
  if (!spec) return;
  if (spec.method !== 'draft-model') {
    notes.push(
      `llama-server is not planned with ${spec.method === 'mtp' ? 'MTP' : 'EAGLE'} drafting here: run the model in vLLM or SGLang for it`,
    );
    return;
  }
  const file = draftGgufFileName(spec);
  words.push('-md', file, '--draft-max', spec.draftTokens, '-ngld', e.placement.target === 'cpu' ? 0 : 999);
  if (e.scenario.kvCacheType !== 'f16') words.push('-ctkd', e.scenario.kvCacheType, '-ctvd', e.scenario.kvCacheType);
  notes.push(
    `-md: the path of your ${spec.draftPrecision} GGUF of ${spec.draftModel?.name}; --draft-min N skips drafts shorter than N tokens (llama.cpp suggests a few tokens for code)`,
  );
}

/** vLLM's --speculative-config for the planned drafter. */
function vllmSpeculativeConfig(spec: SpeculativeEstimate): string {
  const model = spec.method === 'draft-model' ? spec.draftModel?.id : spec.headRepository;
  return JSON.stringify({
    method: spec.vllmMethod,
    ...(model ? { model } : {}),
    num_speculative_tokens: spec.draftTokens,
  });
}

/** SGLang's speculative flags: a chain of k drafted tokens (top-k 1), verified with the target's token. */
function sglangSpeculative(spec: SpeculativeEstimate): (string | number)[] {
  const path = spec.method === 'draft-model' ? spec.draftModel?.id : spec.headRepository;
  return [
    '--speculative-algorithm',
    spec.sglangAlgorithm,
    ...(path ? ['--speculative-draft-model-path', path] : []),
    '--speculative-num-steps',
    spec.draftTokens,
    '--speculative-eagle-topk',
    1,
    '--speculative-num-draft-tokens',
    spec.draftTokens + 1,
  ];
}

function llamaCpp(e: Estimate, model: OpenModelSpec): LaunchCommand {
  const p = e.placement;
  const s = e.scenario;
  const notes: string[] = [];
  const file = ggufFileName(model, e.precision.id);
  if (file !== model.sourcePath) notes.push(`-m: the path of your ${e.precision.id} GGUF of ${model.name}`);
  // llama-server divides -c among its -np slots, so the total is context x parallel sequences.
  const words: (string | number)[] = ['llama-server', '-m', file, '-c', s.contextTokens * s.concurrency];
  if (s.concurrency > 1) words.push('-np', s.concurrency);
  if (p.target === 'cpu') words.push('-ngl', 0);
  else words.push('-ngl', p.gpuLayers >= p.totalLayers ? 999 : p.gpuLayers);
  if (p.cpuMoeLayers > 0) {
    words.push('--n-cpu-moe', p.cpuMoeLayers);
    notes.push(`--n-cpu-moe keeps the expert weights of ${p.cpuMoeLayers} layers in system RAM; everything else is on the GPU`);
  }
  // -ts takes proportions: the layers each GPU holds in the plan reproduce its split exactly.
  const gpuLayers = e.memory.perDevice.filter((device) => device.kind === 'gpu').map((device) => device.layers);
  if (gpuLayers.length > 1) words.push('-ts', gpuLayers.join(','));
  if (p.splitMode === 'row') words.push('-sm', 'row');
  words.push('-fa', s.flashAttention ? 'on' : 'off');
  if (s.kvCacheType !== 'f16') words.push('-ctk', s.kvCacheType, '-ctv', s.kvCacheType);
  llamaCppDraft(e, words, notes);
  words.push('--host', '127.0.0.1', '--port', 8080);
  return { runtime: 'llama.cpp', command: join(words), unavailable: null, notes, kubernetesManifest: null };
}

function ollama(e: Estimate, model: OpenModelSpec): LaunchCommand {
  const s = e.scenario;
  const tag = model.aliases.find((alias) => /^[a-z0-9.-]+:[a-z0-9.-]+$/.test(alias));
  const notes = [
    tag
      ? `Ollama's default tags are Q4_K_M; for ${e.precision.id} pick the tag with that suffix on ollama.com/library/${tag.split(':')[0]}`
      : `no Ollama library tag is known for ${model.name}: import your GGUF with a Modelfile (FROM ./${ggufFileName(model, e.precision.id)})`,
    'Ollama places layers itself; the split above is what llama.cpp would choose',
    ...(e.speculative ? ['Ollama has no speculative decoding: run llama-server with -md for the draft model'] : []),
  ];
  const env = [
    `OLLAMA_CONTEXT_LENGTH=${s.contextTokens}`,
    `OLLAMA_NUM_PARALLEL=${s.concurrency}`,
    `OLLAMA_FLASH_ATTENTION=${s.flashAttention ? 1 : 0}`,
  ];
  if (s.kvCacheType === 'q8_0' || s.kvCacheType === 'q4_0') env.push(`OLLAMA_KV_CACHE_TYPE=${s.kvCacheType}`);
  return {
    runtime: 'ollama',
    command: `${env.join(' ')} ollama serve & ollama run ${shellWord(tag ?? model.id.split('/').pop() ?? model.id)}`,
    unavailable: null,
    notes,
    kubernetesManifest: null,
  };
}

function vllm(e: Estimate, model: OpenModelSpec, gpuMemoryUtilization: number): LaunchCommand {
  const p = e.placement;
  const s = e.scenario;
  const notes: string[] = [];
  const words: (string | number)[] = ['vllm', 'serve', model.id, '--max-model-len', s.contextTokens];
  // A cap only when the plan sized the KV cache for a given number of users; one user planned means "as
  // many as fit", vLLM's own default, not a server limited to one request at a time.
  if (s.concurrency > 1) words.push('--max-num-seqs', s.concurrency);
  if (p.tensorParallelSize > 1) words.push('--tensor-parallel-size', p.tensorParallelSize);
  if (p.pipelineParallelSize > 1) words.push('--pipeline-parallel-size', p.pipelineParallelSize);
  words.push('--gpu-memory-utilization', gpuMemoryUtilization);
  if (s.kvCacheType === 'fp8') words.push('--kv-cache-dtype', 'fp8');
  const precision = e.precision.id;
  if (precision === 'FP8') {
    words.push('--quantization', 'fp8');
    notes.push('--quantization fp8 quantises a BF16 checkpoint at load; an FP8 checkpoint needs no flag');
  } else if (precision.startsWith('AWQ') || precision.startsWith('GPTQ')) {
    notes.push(`use a ${precision} checkpoint of ${model.name} in place of ${model.id}; vLLM reads its quantization_config`);
  }
  if (e.speculative) words.push('--speculative-config', vllmSpeculativeConfig(e.speculative));
  const multiNode = p.target === 'multi-node';
  if (multiNode)
    notes.push('several nodes: start a Ray cluster first (ray start --head / ray start --address=...); the manifest covers one node only');
  return {
    runtime: 'vllm',
    command: join(words),
    unavailable: null,
    notes,
    kubernetesManifest: multiNode ? null : vllmKubernetesManifest(model, words.slice(3), p.tensorParallelSize * p.pipelineParallelSize),
  };
}

function sglang(e: Estimate, model: OpenModelSpec, gpuMemoryUtilization: number): LaunchCommand {
  const p = e.placement;
  const s = e.scenario;
  const words: (string | number)[] = [
    'python',
    '-m',
    'sglang.launch_server',
    '--model-path',
    model.id,
    '--context-length',
    s.contextTokens,
  ];
  if (p.tensorParallelSize > 1) words.push('--tp', p.tensorParallelSize);
  words.push('--mem-fraction-static', gpuMemoryUtilization);
  if (s.concurrency > 1) words.push('--max-running-requests', s.concurrency);
  if (s.kvCacheType === 'fp8') words.push('--kv-cache-dtype', 'fp8_e5m2');
  if (e.precision.id === 'FP8') words.push('--quantization', 'fp8');
  if (e.speculative) words.push(...sglangSpeculative(e.speculative));
  return { runtime: 'sglang', command: join(words), unavailable: null, notes: [], kubernetesManifest: null };
}

function mlx(e: Estimate, model: OpenModelSpec): LaunchCommand {
  const base = model.id.split('/').pop() ?? model.id;
  const repository = e.precision.id === 'MLX-4BIT' ? `mlx-community/${base}-4bit` : model.id;
  const words: (string | number)[] = ['mlx_lm.server', '--model', repository];
  const notes = [`${repository} is the usual mlx-community name; check that the repository exists`];
  const spec = e.speculative;
  if (spec?.method === 'draft-model' && spec.draftModel) {
    const draftBase = spec.draftModel.id.split('/').pop() ?? spec.draftModel.id;
    const draftRepository = e.precision.id === 'MLX-4BIT' ? `mlx-community/${draftBase}-4bit` : spec.draftModel.id;
    words.push('--draft-model', draftRepository, '--num-draft-tokens', spec.draftTokens);
  } else if (spec) {
    notes.push('mlx_lm drafts with a draft model only: run vLLM or SGLang for MTP or EAGLE');
  }
  words.push('--host', '127.0.0.1', '--port', 8080);
  return { runtime: 'mlx', command: join(words), unavailable: null, notes, kubernetesManifest: null };
}

function transformers(e: Estimate, model: OpenModelSpec): LaunchCommand {
  const dtype = e.precision.id === 'F16' ? 'float16' : e.precision.id === 'F32' ? 'float32' : 'bfloat16';
  const quantization =
    e.precision.id === 'NF4' ? ', quantization_config=BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4")' : '';
  const code = `from transformers import AutoModelForCausalLM, BitsAndBytesConfig; AutoModelForCausalLM.from_pretrained("${model.id}", torch_dtype="${dtype}", device_map="auto"${quantization})`;
  return {
    runtime: 'transformers',
    command: `python -c ${shellWord(code)}`,
    unavailable: null,
    notes: ['Transformers has no server of its own here; this loads the model as planned'],
    kubernetesManifest: null,
  };
}

const RUNTIME_NAMES: Record<Runtime, string> = {
  'llama.cpp': 'llama.cpp',
  ollama: 'Ollama',
  vllm: 'vLLM',
  sglang: 'SGLang',
  mlx: 'MLX',
  transformers: 'Transformers',
};

/**
 * Precisions offered in place of one a runtime cannot load: the checkpoints people actually publish for it
 * (AWQ/GPTQ/FP8/BF16 for vLLM and SGLang, the mlx-community quantisations for MLX, GGUF for llama.cpp).
 */
const OFFERED: readonly string[] = ['AWQ-INT4', 'GPTQ-INT4', 'MLX-4BIT', 'Q4_K_M', 'FP8', 'GPTQ-INT8', 'MLX-8BIT', 'Q8_0', 'BF16'];

/** The published precision `runtime` loads on `hardware` whose bits per weight are closest to `precision`'s. */
export function nearestPrecisionFor(runtime: Runtime, precision: Precision, hardware: HardwareProfile): Precision | null {
  let best: Precision | null = null;
  for (const id of OFFERED) {
    const candidate = PRECISIONS.find((p) => p.id === id);
    if (!candidate || !runtimesFor(candidate, hardware).includes(runtime)) continue;
    // Ties go to the smaller format: it fits wherever the bigger one would.
    if (!best || Math.abs(candidate.nominalBits - precision.nominalBits) < Math.abs(best.nominalBits - precision.nominalBits))
      best = candidate;
  }
  return best;
}

/** Why no command can run this estimate, or null when one can. */
function unavailableReason(e: Estimate, target: LaunchTarget): { reason: string; nearestPrecision: string | null } | null {
  const runtime = e.runtime;
  const name = RUNTIME_NAMES[runtime];
  if (!target.precision.runtimes.includes(runtime)) {
    const nearest = nearestPrecisionFor(runtime, target.precision, target.hardware);
    const format = target.precision.format === 'gguf' ? 'GGUF files' : `${target.precision.id} weights`;
    return {
      reason: `${name} does not load ${format} (${target.precision.id}); ${
        nearest ? `${nearest.id} is the nearest precision it loads` : `no precision it loads runs on this machine`
      }, or run ${target.precision.id} with ${target.precision.runtimes.map((r) => RUNTIME_NAMES[r]).join(' or ')}`,
      nearestPrecision: nearest?.id ?? null,
    };
  }
  if (!runtimesFor(target.precision, target.hardware).includes(runtime)) {
    const needs = runtime === 'mlx' ? 'Apple silicon' : 'NVIDIA (CUDA) or discrete AMD (ROCm) GPUs';
    return { reason: `${name} needs ${needs}, which this machine does not have`, nearestPrecision: null };
  }
  if (e.placement.fit === 'no-fit') return { reason: `it does not fit: ${e.placement.explanation}`, nearestPrecision: null };
  return null;
}

/** What the command is for: the estimate request's model, precision and machine. */
export interface LaunchTarget {
  model: OpenModelSpec;
  precision: Precision;
  hardware: HardwareProfile;
}

/**
 * The command that runs the estimated deployment: the runtime's own flags for the context, parallel
 * sequences, GPU layers and split, MoE expert offload, KV-cache type and tensor/pipeline parallelism the
 * estimate assumed, so what is launched matches what was planned. None when the plan does not fit or the
 * runtime cannot load the precision here.
 */
export function launchCommand(e: Estimate, target: LaunchTarget, options: { gpuMemoryUtilization?: number } = {}): LaunchCommand {
  const utilization = options.gpuMemoryUtilization ?? 0.9;
  const model = target.model;
  // A command that cannot run is worse than none: a plan that does not fit, or a runtime that cannot load the
  // precision on this machine, gets the reason (and the nearest precision that would load) instead.
  const unavailable = unavailableReason(e, target);
  if (unavailable) return { runtime: e.runtime, command: null, unavailable, notes: [], kubernetesManifest: null };
  switch (e.runtime) {
    case 'llama.cpp':
      return llamaCpp(e, model);
    case 'ollama':
      return ollama(e, model);
    case 'vllm':
      return vllm(e, model, utilization);
    case 'sglang':
      return sglang(e, model, utilization);
    case 'mlx':
      return mlx(e, model);
    case 'transformers':
      return transformers(e, model);
  }
}

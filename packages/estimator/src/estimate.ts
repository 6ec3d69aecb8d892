import { type HardwareProfile, maxOf } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { expandAttentionLayers, type OpenModelSpec, type Precision, weightsFootprint } from '@weightplan/weights';
import { calibratedPrefillSeconds, calibratedStepSeconds } from './calibration/calibrated-step.js';
import { calibrationReason } from './calibration/calibration-reason.js';
import type { MachineCalibration } from './calibration/machine-calibration.js';
import { estimateLlamaCppComputeBufferBytes, estimateVllmActivationBytes } from './compute-buffer.js';
import { type ComputeDevice, computeDevices } from './devices.js';
import type { DeviceMemory, Estimate, SpeculativeEstimate } from './estimate-schema.js';
import { estimateKvCache, type KvCacheType } from './kv-cache.js';
import { modelCosts } from './layer-costs.js';
import { assignmentTotalBytes, candidatePlacements, type Placement } from './placement.js';
import { quantFamily } from './quant-family.js';
import { type Backend, defaultRuntime, isLlamaCppFamily, isPagedServingRuntime, type Runtime, runtimesFor } from './runtime.js';
import {
  bestDraftTokens,
  breakEvenAcceptance,
  type DraftHead,
  type DraftRequest,
  defaultAcceptance,
  draftHeadFor,
  expectedTokensPerStep,
  headCost,
  LOW_ACCEPTANCE,
  MAX_DRAFT_TOKENS,
  type SpeculativeTimings,
  speculativeTokensPerSecond,
  validateDraftModel,
} from './speculative.js';
import { type SpeedTable, speedConstantsFor } from './speed-table.js';
import { type DecodeTime, decodeStepTime, prefillSeconds, type QuantizedMatmul, type SpeedScenario } from './throughput.js';

const GiB = 1024 ** 3;

export interface EstimateRequest {
  model: OpenModelSpec;
  precision: Precision;
  hardware: HardwareProfile;
  runtime?: Runtime;
  /** Tokens in each sequence's KV cache: the context the cache is sized for and decode speed is asked at. */
  contextTokens?: number;
  /** Prompt length for prefill speed and time to first token. */
  promptTokens?: number;
  /**
   * Tokens already in the KV cache when the prompt arrives (earlier turns of a chat, a cached system prompt;
   * llama-bench's `-d`): the prompt's attention also covers them, so its prefill slows as they grow. Default 0.
   */
  cachedPromptTokens?: number;
  /** Sequences served at once. */
  concurrency?: number;
  kvCacheType?: KvCacheType;
  flashAttention?: boolean;
  placement?: 'auto' | 'gpu' | 'cpu';
  /** vLLM/SGLang `--gpu-memory-utilization`. */
  gpuMemoryUtilization?: number;
  /** llama.cpp `-ub` and `-b`. */
  ubatchTokens?: number;
  batchTokens?: number;
  /**
   * How llama.cpp multiplies quantised weights in prompt processing: `fused` kernels read the quantised
   * blocks directly (CUDA MMQ, Metal, Vulkan); `dequantize` converts each weight matrix to FP16 per
   * micro-batch and calls BLAS (CUDA builds before llama.cpp PR #8075 of June 2024, or with
   * GGML_CUDA_FORCE_CUBLAS; ROCm). Default: `dequantize` on ROCm, `fused` elsewhere.
   */
  quantizedMatmul?: QuantizedMatmul;
  /** llama.cpp's `--split-mode` over several GPUs: `layer` (default) or `row`. */
  splitMode?: 'layer' | 'row';
  /** Force the GPU backend (llama.cpp's Vulkan build on NVIDIA or AMD). */
  backend?: Backend;
  /** Speed constants to use instead of the calibrated ones (the accuracy benchmark's fitting). */
  speedTable?: SpeedTable;
  /**
   * Factors fitted from measurements on this machine (`fitMachineCalibration`): speeds are scaled by them
   * and the band narrows to what the measurements support. The caller loads and passes them; the
   * estimator stays pure.
   */
  calibration?: MachineCalibration;
  /** Speculative decoding: a draft model, or the target's MTP layer or EAGLE head. */
  draft?: DraftRequest;
}

/** Runtime memory per GPU outside the model: CUDA/ROCm context and cuBLAS workspaces; vLLM adds CUDA graphs and NCCL. */
function gpuOverheadBytes(runtime: Runtime, hardware: HardwareProfile): number {
  const apple = hardware.gpus.some((gpu) => gpu.vendor === 'apple');
  if (apple) return runtime === 'mlx' ? 0.25 * GiB : 0;
  if (isPagedServingRuntime(runtime)) return 1.5 * GiB;
  return 0.4 * GiB;
}

function validate(request: EstimateRequest): void {
  const check = (name: string, value: number | undefined, min: number, max: number) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InvalidInputError(`${name} must be a number from ${min} to ${max}, got ${value}`);
    }
  };
  check('contextTokens', request.contextTokens, 1, 16_777_216);
  check('promptTokens', request.promptTokens, 1, 16_777_216);
  check('cachedPromptTokens', request.cachedPromptTokens, 0, 16_777_216);
  check('concurrency', request.concurrency, 1, 65_536);
  check('gpuMemoryUtilization', request.gpuMemoryUtilization, 0.05, 1);
  check('ubatchTokens', request.ubatchTokens, 1, 65_536);
  check('batchTokens', request.batchTokens, 1, 1_048_576);
  if (request.quantizedMatmul !== undefined && !['fused', 'dequantize'].includes(request.quantizedMatmul)) {
    throw new InvalidInputError(`quantizedMatmul must be "fused" or "dequantize", got ${JSON.stringify(request.quantizedMatmul)}`);
  }
  const draft = request.draft;
  if (draft) {
    if (draft.acceptanceRate !== undefined && !(draft.acceptanceRate > 0 && draft.acceptanceRate < 1)) {
      throw new InvalidInputError(`draft acceptanceRate must be a probability above 0 and below 1, got ${draft.acceptanceRate}`);
    }
    check('draftTokens', draft.draftTokens, 1, MAX_DRAFT_TOKENS);
    if (draft.draftTokens !== undefined && !Number.isInteger(draft.draftTokens)) {
      throw new InvalidInputError(`draftTokens must be a whole number of tokens, got ${draft.draftTokens}`);
    }
    if (draft.method === 'draft-model') {
      if (!draft.model) throw new InvalidInputError('speculative decoding with a draft model needs the draft model (draft.model)');
      validateDraftModel(request.model, draft.model);
    } else if (draft.model) {
      throw new InvalidInputError(`draft.model goes with the draft-model method; ${draft.method} drafts with the target's own head`);
    }
  }
}

/** The drafter's memory before placement: where it goes and how much, in bytes. */
interface DraftMemory {
  head: DraftHead | null;
  draftEstimate: Estimate | null;
  weightsBytes: number;
  kvCacheBytes: number;
  activationBytes: number;
  /** Of the above, what llama.cpp keeps in host memory (a draft model's token embedding). */
  hostBytes: number;
  headReadBytesPerToken: number;
  headLayers: number;
}

/**
 * Memory of the drafter. A draft model is planned on the same machine with the same scenario (its own KV
 * cache at the same context and sequences); an MTP layer or EAGLE head adds its weights and one layer of KV.
 */
function draftMemory(
  request: EstimateRequest,
  draft: DraftRequest,
  costs: ReturnType<typeof modelCosts>,
  kvPerLayer: number[],
): DraftMemory {
  const arch = request.model.architecture;
  if (draft.method === 'draft-model' && draft.model) {
    const { draft: _ignored, model: _target, precision: targetPrecision, ...scenario } = request;
    const draftEstimate = estimate({ ...scenario, model: draft.model, precision: draft.precision ?? targetPrecision });
    const onGpu = draftEstimate.memory.perDevice.filter((d) => d.kind === 'gpu');
    const onHost = draftEstimate.memory.perDevice.filter((d) => d.kind === 'cpu');
    const sum = (list: DeviceMemory[], pick: (d: DeviceMemory) => number) => list.reduce((total, d) => total + pick(d), 0);
    const all = draftEstimate.memory.perDevice;
    return {
      head: null,
      draftEstimate,
      weightsBytes: sum(all, (d) => d.weightsBytes),
      kvCacheBytes: sum(all, (d) => d.kvCacheBytes),
      activationBytes: sum(all, (d) => d.activationBytes),
      hostBytes: onGpu.length > 0 ? sum(onHost, (d) => d.weightsBytes + d.kvCacheBytes + d.activationBytes) : 0,
      headReadBytesPerToken: 0,
      headLayers: 0,
    };
  }
  const head = draftHeadFor(draft.method === 'mtp' ? 'mtp' : 'eagle', request.model);
  const cost = headCost(head, arch, costs);
  // The head keeps one layer of KV cache: the target's largest (a full-attention or MLA layer).
  const kvCacheBytes = Math.max(0, ...kvPerLayer);
  return {
    head,
    draftEstimate: null,
    weightsBytes: cost.weightsBytes,
    kvCacheBytes,
    activationBytes: 0,
    hostBytes: 0,
    headReadBytesPerToken: cost.readBytesPerToken,
    headLayers: cost.layers,
  };
}

/**
 * Devices with the drafter's memory taken out of their capacity before the target is placed: llama.cpp and
 * MLX run the drafter on the main GPU (llama.cpp \`-ngld\`, \`-devd\`), vLLM and SGLang shard it over the
 * target's GPUs; a draft model's token embedding stays in host memory as the target's does.
 */
function reserveDraft(devices: ComputeDevice[], memory: DraftMemory, engine: 'paged' | 'mlx' | 'llama.cpp', cpuOnly: boolean) {
  const gpus = devices.filter((d) => d.kind === 'gpu');
  const cpu = devices.find((d) => d.kind === 'cpu' && d.node === 0);
  const total = memory.weightsBytes + memory.kvCacheBytes + memory.activationBytes;
  const reserved = new Map<string, number>();
  if (cpuOnly || gpus.length === 0) {
    if (cpu) reserved.set(cpu.id, total);
  } else if (engine === 'paged') {
    for (const gpu of gpus) reserved.set(gpu.id, total / gpus.length);
  } else {
    const main = gpus[0];
    if (main) reserved.set(main.id, total - memory.hostBytes);
    if (cpu && memory.hostBytes > 0) reserved.set(cpu.id, memory.hostBytes);
  }
  return {
    reserved,
    devices: devices.map((d) => {
      const bytes = reserved.get(d.id);
      return bytes ? { ...d, capacityBytes: d.capacityBytes - bytes } : d;
    }),
  };
}

/** Everything an estimate needs before it is formatted: scenario defaults, memory, placements timed. */
function plan(request: EstimateRequest) {
  validate(request);
  const { model, precision, hardware } = request;
  const arch = model.architecture;
  const warnings: string[] = [...hardware.warnings];
  const runtime = request.runtime ?? defaultRuntime(precision, hardware);
  if (!precision.runtimes.includes(runtime)) {
    warnings.push(`${runtime} does not load ${precision.id} files; it runs ${precision.runtimes.join(', ')}`);
  } else if (!runtimesFor(precision, hardware).includes(runtime)) {
    warnings.push(`${runtime} does not run on this hardware`);
  }
  const contextTokens = Math.round(request.contextTokens ?? Math.min(8192, arch.maxContextTokens));
  const promptTokens = Math.round(request.promptTokens ?? Math.min(512, contextTokens));
  const cachedPromptTokens = Math.round(request.cachedPromptTokens ?? 0);
  const concurrency = Math.round(request.concurrency ?? 1);
  const kvCacheType = request.kvCacheType ?? (isPagedServingRuntime(runtime) ? 'bf16' : 'f16');
  const flashAttention = request.flashAttention ?? true;
  const ubatchTokens = request.ubatchTokens ?? 512;
  const batchTokens = request.batchTokens ?? 2048;
  if (contextTokens > arch.maxContextTokens) {
    warnings.push(`context ${contextTokens} exceeds ${model.name}'s maximum of ${arch.maxContextTokens} tokens; estimated anyway`);
  }
  if (promptTokens > contextTokens) warnings.push(`prompt of ${promptTokens} tokens is longer than the ${contextTokens}-token context`);
  else if (cachedPromptTokens + promptTokens > contextTokens) {
    warnings.push(`${cachedPromptTokens} cached tokens and a ${promptTokens}-token prompt overflow the ${contextTokens}-token context`);
  }
  if (isLlamaCppFamily(runtime) && kvCacheType === 'fp8') warnings.push('llama.cpp has no fp8 KV cache; use q8_0');
  if (isPagedServingRuntime(runtime) && kvCacheType.startsWith('q')) warnings.push(`${runtime} has no ${kvCacheType} KV cache; use fp8`);
  if (isLlamaCppFamily(runtime) && kvCacheType.startsWith('q') && kvCacheType !== 'q8_0' && !flashAttention) {
    warnings.push('a quantised V cache needs flash attention in llama.cpp (-fa)');
  }

  const footprint = weightsFootprint(arch, precision);
  const costs = modelCosts(arch, precision);
  const kv = estimateKvCache(arch, {
    contextTokens,
    sequences: concurrency,
    kvCacheType,
    ubatchTokens,
    fullCacheForSlidingLayers: runtime === 'mlx',
  });
  const kvPerToken = estimateKvCache(arch, { contextTokens: 1, sequences: 1, kvCacheType, fullCacheForSlidingLayers: true });

  const engine = isPagedServingRuntime(runtime) ? 'paged' : runtime === 'mlx' ? 'mlx' : 'llama.cpp';
  const llamaBuffer = (withLogits: boolean) => {
    const full = estimateLlamaCppComputeBufferBytes(arch, { contextTokens, ubatchTokens, flashAttention });
    if (withLogits) return full;
    const noLogitsArch = { ...arch, vocabSize: 1 };
    return estimateLlamaCppComputeBufferBytes(noLogitsArch, { contextTokens, ubatchTokens, flashAttention });
  };
  const activationBytes =
    engine === 'paged'
      ? estimateVllmActivationBytes(arch)
      : engine === 'mlx'
        ? estimateLlamaCppComputeBufferBytes(arch, { contextTokens, ubatchTokens: 512, flashAttention: true })
        : llamaBuffer(true);

  const allDevices = computeDevices(hardware, runtime, {
    ...(request.backend ? { backend: request.backend } : {}),
    ...(request.speedTable ? { table: request.speedTable } : {}),
  });
  const drafter = request.draft ? draftMemory(request, request.draft, costs, kv.perLayerBytes) : null;
  const { devices, reserved: draftReserved } = drafter
    ? reserveDraft(allDevices, drafter, engine, request.placement === 'cpu')
    : { devices: allDevices, reserved: new Map<string, number>() };
  const placements = candidatePlacements({
    arch,
    costs,
    kvPerLayerBytes: kv.perLayerBytes,
    devices,
    engine,
    computeBufferBytes: {
      withLogits: activationBytes,
      withoutLogits: engine === 'llama.cpp' ? llamaBuffer(false) : activationBytes,
      host: activationBytes,
    },
    gpuOverheadBytes: gpuOverheadBytes(runtime, hardware),
    request: request.placement ?? 'auto',
    gpuMemoryUtilization: request.gpuMemoryUtilization ?? 0.9,
    llamaSplitMode: request.splitMode ?? 'layer',
  });

  const family = quantFamily(precision);
  const speed: SpeedScenario = {
    arch,
    costs,
    family,
    kvLayers: expandAttentionLayers(arch).map((layer, index) => {
      const bytes = kvPerToken.perLayerBytes[index] ?? 0;
      if (layer.kind === 'linear') return { bytesPerToken: 0, windowTokens: 0, fixedBytes: bytes };
      const windowTokens =
        layer.kind === 'sliding' ? layer.windowTokens : layer.kind === 'chunked' ? layer.chunkTokens : Number.POSITIVE_INFINITY;
      return { bytesPerToken: bytes, windowTokens, fixedBytes: 0 };
    }),
    flashAttention,
    concurrency,
    ubatchTokens,
    batchTokens,
    nodeHopSeconds: 1e-3,
    ...(request.quantizedMatmul ? { quantizedMatmul: request.quantizedMatmul } : {}),
  };
  const gpuLink = hardware.gpuLink;
  const timed = placements.map((placement) => {
    const step = decodeStepTime(placement, speed, contextTokens, gpuLink);
    return { placement, step };
  });
  const viable = timed.filter((t) => t.placement.fit !== 'no-fit');
  const chosen = (viable.length > 0 ? viable : timed).sort((a, b) => a.step.totalSeconds - b.step.totalSeconds)[0];
  if (!chosen) throw new Error('no placement candidates');
  return {
    model,
    precision,
    hardware,
    arch,
    runtime,
    warnings,
    contextTokens,
    promptTokens,
    cachedPromptTokens,
    concurrency,
    kvCacheType,
    flashAttention,
    footprint,
    kv,
    speed,
    gpuLink,
    timed,
    chosen,
    drafter,
    draftReserved,
    footprintReadBytes: footprint.bytesReadPerToken,
  };
}

/** Speed of the planned speculative setup, from the target's step and the drafter's. */
function speculativeSpeed(
  planned: ReturnType<typeof plan>,
  draft: DraftRequest,
  drafter: DraftMemory,
): {
  estimate: NonNullable<SpeculativeEstimate['speed']>;
  alpha: { value: number; low: number; high: number };
  k: number;
  timings: SpeculativeTimings;
  draftPrefillSeconds: number;
} | null {
  const { chosen, speed, contextTokens, gpuLink, concurrency, arch } = planned;
  const targetStep = chosen.step;
  let draftSeconds: number;
  let draftPrefillSeconds: number;
  if (drafter.draftEstimate) {
    const t = drafter.draftEstimate.throughput;
    if (!t) return null;
    draftSeconds = 1 / t.decodeTokensPerSecond;
    draftPrefillSeconds = planned.promptTokens / t.prefillTokensPerSecond;
  } else {
    // A head is one layer plus an output head: the target's step scaled by what it reads, and one layer's
    // share of the fixed per-layer cost and of the KV cache read.
    const readShare = drafter.headReadBytesPerToken / planned.footprintReadBytes;
    draftSeconds =
      targetStep.weightsSeconds * readShare + (targetStep.kvCacheSeconds + targetStep.overheadSeconds) * (drafter.headLayers / arch.layers);
    draftPrefillSeconds = prefillSeconds(chosen.placement, speed, planned.promptTokens, gpuLink, planned.cachedPromptTokens) * readShare;
  }
  // Verifying k drafted tokens is one pass over k + 1 tokens: the weights (and, for MoE, the union of the
  // experts those tokens pick) are read once, the arithmetic grows with the tokens, the KV cache is read once
  // per sequence as in a plain step.
  const verifyCache = new Map<number, number>();
  const verifySeconds = (k: number) => {
    const cached = verifyCache.get(k);
    if (cached !== undefined) return cached;
    const wide = decodeStepTime(chosen.placement, { ...speed, concurrency: concurrency * (k + 1) }, contextTokens, gpuLink);
    const seconds = wide.totalSeconds - wide.kvCacheSeconds + targetStep.kvCacheSeconds;
    verifyCache.set(k, seconds);
    return seconds;
  };
  const timings: SpeculativeTimings = { draftSeconds, verifySeconds };
  const measured = defaultAcceptance(draft.method, draft.task ?? 'chat');
  const alpha = draft.acceptanceRate ?? measured.acceptanceRate;
  const k = draft.draftTokens ?? (draft.method === 'mtp' ? 1 : bestDraftTokens(alpha, timings));
  const low = Math.min(alpha, LOW_ACCEPTANCE.acceptanceRate);
  const high = Math.max(alpha, Math.min(0.95, alpha + 0.1));
  const plain = 1 / targetStep.totalSeconds;
  const at = (a: number) => speculativeTokensPerSecond(a, k, timings);
  return {
    alpha: { value: alpha, low, high },
    k,
    timings,
    draftPrefillSeconds,
    estimate: {
      expectedTokensPerStep: expectedTokensPerStep(alpha, k),
      draftSecondsPerToken: draftSeconds,
      verifySeconds: verifySeconds(k),
      plainDecodeTokensPerSecond: plain,
      speedup: at(alpha) / plain,
      speedupAtLowAcceptance: at(low) / plain,
      speedupAtHighAcceptance: at(high) / plain,
      breakEvenAcceptanceRate: breakEvenAcceptance(k, timings, targetStep.totalSeconds),
    },
  };
}

/**
 * The parts of an estimate that do not depend on the speed constants: the chosen placement and the speed
 * scenario. The accuracy benchmark prepares each measurement once and re-times it under candidate
 * constants while fitting them.
 */
export interface SpeedProbe {
  placement: Placement;
  speed: SpeedScenario;
  contextTokens: number;
  promptTokens: number;
  cachedPromptTokens: number;
  gpuLink: HardwareProfile['gpuLink'];
}

export function prepareSpeedProbe(request: EstimateRequest): SpeedProbe {
  const planned = plan(request);
  return {
    placement: planned.chosen.placement,
    speed: planned.speed,
    contextTokens: planned.contextTokens,
    promptTokens: planned.promptTokens,
    cachedPromptTokens: planned.cachedPromptTokens,
    gpuLink: planned.gpuLink,
  };
}

/**
 * Decode and prefill speed of a prepared probe under `table`'s constants (each device re-resolves its
 * class). `only` skips the other one (NaN), which halves a fit that needs one.
 */
function probePlacement(probe: SpeedProbe, table: SpeedTable): Placement {
  return {
    ...probe.placement,
    assignments: probe.placement.assignments.map((a) => ({
      ...a,
      device: { ...a.device, constants: speedConstantsFor({ keys: a.device.classKeys }, table) },
    })),
  };
}

export function probeSpeeds(
  probe: SpeedProbe,
  table: SpeedTable,
  only?: 'decode' | 'prefill',
): { decodeTokensPerSecond: number; prefillTokensPerSecond: number } {
  const placement = probePlacement(probe, table);
  const decode = only === 'prefill' ? Number.NaN : decodeStepTime(placement, probe.speed, probe.contextTokens, probe.gpuLink).totalSeconds;
  const prefill =
    only === 'decode' ? Number.NaN : prefillSeconds(placement, probe.speed, probe.promptTokens, probe.gpuLink, probe.cachedPromptTokens);
  return { decodeTokensPerSecond: 1 / decode, prefillTokensPerSecond: probe.promptTokens / prefill };
}

/**
 * What a server under load spends, under `table`'s constants: one decode step of the probe's batch
 * (`concurrency` sequences), one prompt processed alone (a request's time to first token), and the same
 * prompt processed inside a running batch, as vLLM's and SGLang's schedulers do (chunked prefill rides on the
 * decode steps): its arithmetic and attention without the pass over the weights the batch makes anyway, taken
 * as the prompt's prefill less a one-token prefill.
 */
export function probeServingSeconds(
  probe: SpeedProbe,
  table: SpeedTable,
): { decodeStepSeconds: number; prefillSeconds: number; interleavedPrefillSeconds: number } {
  const placement = probePlacement(probe, table);
  const prefill = prefillSeconds(placement, probe.speed, probe.promptTokens, probe.gpuLink);
  const onePass = prefillSeconds(placement, probe.speed, 1, probe.gpuLink);
  return {
    decodeStepSeconds: decodeStepTime(placement, probe.speed, probe.contextTokens, probe.gpuLink).totalSeconds,
    prefillSeconds: prefill,
    interleavedPrefillSeconds: Math.max(0, prefill - onePass),
  };
}

/**
 * Memory, placement and speed of running `model` at `precision` on `hardware`. Pure and deterministic:
 * the same request always gives the same estimate.
 */
export function estimate(request: EstimateRequest): Estimate {
  const planned = plan(request);
  const {
    model,
    precision,
    hardware,
    arch,
    runtime,
    warnings,
    contextTokens,
    promptTokens,
    cachedPromptTokens,
    concurrency,
    kvCacheType,
    flashAttention,
    footprint,
    kv,
    speed,
    gpuLink,
    timed,
    chosen,
    drafter,
    draftReserved,
  } = planned;
  const { placement, step } = chosen;

  const perDevice = placement.assignments.map((a) => {
    // The drafter's share was taken out of this device's capacity before placement: it is given back here
    // and counted in the device's total.
    const draftBytes = draftReserved.get(a.device.id) ?? 0;
    const total = assignmentTotalBytes(a) + draftBytes;
    const capacity = a.capacityBytes + draftBytes;
    return {
      device: a.device.id,
      kind: a.device.kind,
      name: a.device.name,
      capacityBytes: capacity,
      weightsBytes: a.weightsBytes,
      kvCacheBytes: a.kvCacheBytes,
      activationBytes: a.computeBufferBytes,
      overheadBytes: a.overheadBytes,
      totalBytes: total,
      freeBytes: capacity - total,
      layers: a.layers.length,
      ...(drafter ? { draftBytes } : {}),
    };
  });
  const sum = (pick: (d: DeviceMemory) => number) => perDevice.reduce((total, d) => total + pick(d), 0);

  // The factors were fitted on llama.cpp's kernels (the bench, llama-bench, llama-server, Ollama): on a GPU
  // they say nothing about vLLM's, SGLang's or MLX's, so those keep the class calibration. With every layer
  // on the CPU, the speed is the host's (memory and cores a busy VM may deliver at half their rating), which
  // every engine shares: left out there, an unmeasured engine would outrank the measured llama.cpp.
  const calibration = isLlamaCppFamily(runtime) || placement.target === 'cpu' ? request.calibration : undefined;
  // With a machine calibration, each step's data part runs at the measured rate and its fixed cost is the measured one.
  const stepSeconds = (t: DecodeTime) =>
    calibration
      ? calibratedStepSeconds({ dataSeconds: t.weightsSeconds + t.kvCacheSeconds, overheadSeconds: t.overheadSeconds }, calibration)
      : t.totalSeconds;

  const speculation = request.draft && drafter && placement.fit !== 'no-fit' ? speculativeSpeed(planned, request.draft, drafter) : null;
  let throughput: Estimate['throughput'] = null;
  if (placement.fit !== 'no-fit') {
    const decodeTps = 1 / stepSeconds(step);
    const modelledPrefill = prefillSeconds(placement, speed, promptTokens, gpuLink, cachedPromptTokens);
    const prefillTime = calibration ? calibratedPrefillSeconds(modelledPrefill, calibration) : modelledPrefill;
    const prefillTps = promptTokens / prefillTime;
    const firstStep = stepSeconds(decodeStepTime(placement, { ...speed, concurrency: 1 }, cachedPromptTokens + promptTokens, gpuLink));
    const working = placement.assignments.filter((a) => a.layers.length > 0 || a.expertLayers.length > 0);
    const classes = [...new Set(working.map((a) => a.device.constants))];
    // A GPU measured in the calibration data gets its class's in-sample band; any other, the wider leave-one-GPU-out band.
    const measured = (a: (typeof working)[number]) =>
      a.device.gpu?.specId !== undefined && a.device.constants.measuredHardware.includes(a.device.gpu?.specId ?? '');
    const classBand = maxOf(working.map((a) => (measured(a) ? a.device.constants.measuredBandRelative : a.device.constants.bandRelative)));
    const classPrefillBand = maxOf(
      working.map((a) => (measured(a) ? a.device.constants.measuredPrefillBandRelative : a.device.constants.prefillBandRelative)),
    );
    // Measurements on this machine replace the class's spread with their own.
    const band = calibration ? calibration.decodeBandRelative : classBand;
    const prefillBand = calibration ? calibration.prefillBandRelative : classPrefillBand;
    const calibrated = calibration !== undefined || classes.every((c) => c.basis === 'calibrated');
    const notes = [...new Set(working.map((a) => a.device.computeNote).filter((note) => note !== null))];
    // With a drafter the headline speed is the speculative one: the band runs from the lowest cited
    // acceptance (where drafting may cost more than it saves) to a high one, widened by the hardware band.
    const spec = speculation;
    const decode = spec ? spec.estimate.speedup * decodeTps : decodeTps;
    const decodeLow = spec ? (spec.estimate.speedupAtLowAcceptance * decodeTps) / (1 + band) : decodeTps / (1 + band);
    const decodeHigh = spec ? spec.estimate.speedupAtHighAcceptance * decodeTps * (1 + band) : decodeTps * (1 + band);
    throughput = {
      decodeTokensPerSecond: decode,
      low: decodeLow,
      high: decodeHigh,
      aggregateDecodeTokensPerSecond: decode * concurrency,
      prefillTokensPerSecond: prefillTps,
      prefillLow: prefillTps / (1 + prefillBand),
      prefillHigh: prefillTps * (1 + prefillBand),
      // The drafter reads the prompt too before it can draft.
      timeToFirstTokenSeconds: prefillTime + (spec?.draftPrefillSeconds ?? 0) + firstStep,
      bound: step.bound,
      decodeBreakdown: { weightsSeconds: step.weightsSeconds, kvCacheSeconds: step.kvCacheSeconds, overheadSeconds: step.overheadSeconds },
      basis: [
        ...classes.map((c) => `${c.label} (${c.basis}: ${c.evidence})`),
        ...notes.map((note) => `CPU: ${note}`),
        ...(calibration ? [calibrationReason(calibration)] : []),
      ].join('; '),
      confidence: calibrated ? 'calibrated' : 'extrapolated',
      ...(calibration
        ? {
            calibration: {
              sampleCount: calibration.sampleCount,
              bandwidthFactor: calibration.bandwidthFactor,
              prefillFactor: calibration.prefillFactor,
              extraSecondsPerToken: calibration.extraSecondsPerToken,
              hardwareLabel: calibration.hardwareLabel,
            },
          }
        : {}),
    };
    if (!calibrated && !calibration)
      warnings.push('speed constants for this hardware are extrapolated from another class: expect a wider error');
  }
  if (placement.fit === 'offload')
    warnings.push(`model does not fit in GPU memory: ${placement.explanation}; generation is limited by RAM bandwidth`);
  if (placement.fit === 'tight') warnings.push('fits with little headroom: other programs using GPU memory can make loading fail');
  const speculative =
    request.draft && drafter ? speculativeSection(request.draft, drafter, draftReserved, speculation, runtime, warnings) : undefined;

  return {
    model: {
      id: model.id,
      name: model.name,
      parameterCount: model.parameterCount,
      activeParameterCount: model.activeParameterCount,
      layers: arch.layers,
      maxContextTokens: arch.maxContextTokens,
      moe: arch.moe !== undefined,
    },
    precision: { id: precision.id, label: precision.label, bitsPerWeight: footprint.bitsPerWeight },
    hardware: {
      label: hardware.label,
      origin: hardware.origin,
      gpus: hardware.gpus.map((gpu) => ({ name: gpu.name, memoryBytes: gpu.memoryBytes })),
      ramBytes: hardware.memory.totalBytes,
    },
    runtime,
    scenario: {
      contextTokens,
      promptTokens,
      ...(cachedPromptTokens > 0 ? { cachedPromptTokens } : {}),
      concurrency,
      kvCacheType,
      flashAttention,
    },
    memory: {
      weightsBytes: footprint.totalBytes,
      kvCacheBytes: kv.totalBytes,
      activationBytes: sum((d) => d.activationBytes),
      overheadBytes: sum((d) => d.overheadBytes),
      totalBytes: sum((d) => d.totalBytes),
      perDevice,
      kvCacheByLayerKind: kv.byKind,
      weightsByType: footprint.byType.map(({ type, tensors, bytes }) => ({ type, tensors, bytes })),
    },
    placement: {
      target: placement.target,
      fit: placement.fit,
      splitMode: placement.splitMode,
      tensorParallelSize: placement.tensorParallelSize,
      pipelineParallelSize: placement.pipelineParallelSize,
      gpuLayers: placement.gpuLayers,
      totalLayers: placement.totalLayers,
      cpuMoeLayers: placement.cpuMoeLayers,
      tensorSplit: placement.tensorSplit,
      explanation: placement.explanation,
      alternatives: timed
        .filter((t) => t.placement !== placement)
        .map((t) => ({
          target: t.placement.target,
          fit: t.placement.fit,
          decodeTokensPerSecond: t.placement.fit === 'no-fit' ? null : 1 / stepSeconds(t.step),
          explanation: t.placement.explanation,
        })),
    },
    throughput,
    ...(speculative ? { speculative } : {}),
    warnings,
  };
}

/** The estimate's speculative section, with the warnings a planner should see. */
function speculativeSection(
  draft: DraftRequest,
  drafter: DraftMemory,
  reserved: Map<string, number>,
  speculation: ReturnType<typeof speculativeSpeed>,
  runtime: Runtime,
  warnings: string[],
): SpeculativeEstimate {
  const method = draft.method;
  if (runtime === 'ollama') warnings.push('Ollama does not run speculative decoding; use llama-server (llama.cpp) for the same GGUF files');
  if (method !== 'draft-model' && (isLlamaCppFamily(runtime) || runtime === 'mlx')) {
    warnings.push(
      `${runtime} does not load ${method === 'mtp' ? 'MTP layers' : 'EAGLE heads'} for speculative decoding here; vLLM and SGLang do`,
    );
  }
  if (drafter.draftEstimate?.placement.fit === 'no-fit') warnings.push('the draft model does not fit on this machine by itself');
  const measured = defaultAcceptance(method, draft.task ?? 'chat');
  const spec = speculation?.estimate ?? null;
  if (spec && spec.speedupAtLowAcceptance < 1) {
    warnings.push(
      `speculative decoding pays off above an acceptance of ${(spec.breakEvenAcceptanceRate * 100).toFixed(0)}%; at ${((speculation?.alpha.low ?? 0) * 100).toFixed(0)}% (seen in llama.cpp runs) it is ${((1 - spec.speedupAtLowAcceptance) * 100).toFixed(0)}% slower than plain decoding`,
    );
  }
  const devices = [...reserved.keys()];
  const draftModel = draft.method === 'draft-model' ? draft.model : undefined;
  return {
    method,
    draftModel: draftModel ? { id: draftModel.id, name: draftModel.name, parameterCount: draftModel.parameterCount } : null,
    draftPrecision: drafter.draftEstimate ? drafter.draftEstimate.precision.id : null,
    headRepository: drafter.head?.repository ?? null,
    vllmMethod: drafter.head?.vllmMethod ?? 'draft_model',
    sglangAlgorithm: drafter.head?.sglangAlgorithm ?? 'STANDALONE',
    draftTokens: speculation?.k ?? draft.draftTokens ?? 1,
    acceptanceRate: speculation?.alpha.value ?? draft.acceptanceRate ?? measured.acceptanceRate,
    acceptanceSource:
      draft.acceptanceRate !== undefined ? { what: 'given in the request', url: '' } : { what: measured.what, url: measured.sourceUrl },
    lowAcceptanceRate: speculation?.alpha.low ?? LOW_ACCEPTANCE.acceptanceRate,
    highAcceptanceRate: speculation?.alpha.high ?? measured.acceptanceRate,
    memory: {
      device: devices.join('+'),
      weightsBytes: drafter.weightsBytes,
      kvCacheBytes: drafter.kvCacheBytes,
      activationBytes: drafter.activationBytes,
      totalBytes: drafter.weightsBytes + drafter.kvCacheBytes + drafter.activationBytes,
    },
    speed: spec,
  };
}

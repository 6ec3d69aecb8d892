import { type HardwareProfile, maxOf } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { expandAttentionLayers, type OpenModelSpec, type Precision, weightsFootprint } from '@weightplan/weights';
import { calibratedPrefillSeconds, calibratedStepSeconds } from './calibration/calibrated-step.js';
import { calibrationReason } from './calibration/calibration-reason.js';
import type { MachineCalibration } from './calibration/machine-calibration.js';
import { estimateLlamaCppComputeBufferBytes, estimateVllmActivationBytes } from './compute-buffer.js';
import { computeDevices } from './devices.js';
import type { DeviceMemory, Estimate } from './estimate-schema.js';
import { estimateKvCache, type KvCacheType } from './kv-cache.js';
import { modelCosts } from './layer-costs.js';
import { assignmentTotalBytes, candidatePlacements, type Placement } from './placement.js';
import { quantFamily } from './quant-family.js';
import { type Backend, defaultRuntime, isLlamaCppFamily, isPagedServingRuntime, type Runtime, runtimesFor } from './runtime.js';
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
  check('concurrency', request.concurrency, 1, 65_536);
  check('gpuMemoryUtilization', request.gpuMemoryUtilization, 0.05, 1);
  check('ubatchTokens', request.ubatchTokens, 1, 65_536);
  check('batchTokens', request.batchTokens, 1, 1_048_576);
  if (request.quantizedMatmul !== undefined && !['fused', 'dequantize'].includes(request.quantizedMatmul)) {
    throw new InvalidInputError(`quantizedMatmul must be "fused" or "dequantize", got ${JSON.stringify(request.quantizedMatmul)}`);
  }
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
  const concurrency = Math.round(request.concurrency ?? 1);
  const kvCacheType = request.kvCacheType ?? (isPagedServingRuntime(runtime) ? 'bf16' : 'f16');
  const flashAttention = request.flashAttention ?? true;
  const ubatchTokens = request.ubatchTokens ?? 512;
  const batchTokens = request.batchTokens ?? 2048;
  if (contextTokens > arch.maxContextTokens) {
    warnings.push(`context ${contextTokens} exceeds ${model.name}'s maximum of ${arch.maxContextTokens} tokens; estimated anyway`);
  }
  if (promptTokens > contextTokens) warnings.push(`prompt of ${promptTokens} tokens is longer than the ${contextTokens}-token context`);
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

  const devices = computeDevices(hardware, runtime, {
    ...(request.backend ? { backend: request.backend } : {}),
    ...(request.speedTable ? { table: request.speedTable } : {}),
  });
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
    concurrency,
    kvCacheType,
    flashAttention,
    footprint,
    kv,
    speed,
    gpuLink,
    timed,
    chosen,
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
  gpuLink: HardwareProfile['gpuLink'];
}

export function prepareSpeedProbe(request: EstimateRequest): SpeedProbe {
  const planned = plan(request);
  return {
    placement: planned.chosen.placement,
    speed: planned.speed,
    contextTokens: planned.contextTokens,
    promptTokens: planned.promptTokens,
    gpuLink: planned.gpuLink,
  };
}

/**
 * Decode and prefill speed of a prepared probe under `table`'s constants (each device re-resolves its
 * class). `only` skips the other one (NaN), which halves a fit that needs one.
 */
export function probeSpeeds(
  probe: SpeedProbe,
  table: SpeedTable,
  only?: 'decode' | 'prefill',
): { decodeTokensPerSecond: number; prefillTokensPerSecond: number } {
  const placement: Placement = {
    ...probe.placement,
    assignments: probe.placement.assignments.map((a) => ({
      ...a,
      device: { ...a.device, constants: speedConstantsFor({ keys: a.device.classKeys }, table) },
    })),
  };
  const decode = only === 'prefill' ? Number.NaN : decodeStepTime(placement, probe.speed, probe.contextTokens, probe.gpuLink).totalSeconds;
  const prefill = only === 'decode' ? Number.NaN : prefillSeconds(placement, probe.speed, probe.promptTokens, probe.gpuLink);
  return { decodeTokensPerSecond: 1 / decode, prefillTokensPerSecond: probe.promptTokens / prefill };
}

/**
 * Memory, placement and speed of running `model` at `precision` on `hardware`. Pure and deterministic:
 * the same request always gives the same estimate.
 */
export function estimate(request: EstimateRequest): Estimate {
  const {
    model,
    precision,
    hardware,
    arch,
    runtime,
    warnings,
    contextTokens,
    promptTokens,
    concurrency,
    kvCacheType,
    flashAttention,
    footprint,
    kv,
    speed,
    gpuLink,
    timed,
    chosen,
  } = plan(request);
  const { placement, step } = chosen;

  const perDevice = placement.assignments.map((a) => {
    const total = assignmentTotalBytes(a);
    return {
      device: a.device.id,
      kind: a.device.kind,
      name: a.device.name,
      capacityBytes: a.capacityBytes,
      weightsBytes: a.weightsBytes,
      kvCacheBytes: a.kvCacheBytes,
      activationBytes: a.computeBufferBytes,
      overheadBytes: a.overheadBytes,
      totalBytes: total,
      freeBytes: a.capacityBytes - total,
      layers: a.layers.length,
    };
  });
  const sum = (pick: (d: DeviceMemory) => number) => perDevice.reduce((total, d) => total + pick(d), 0);

  const calibration = request.calibration;
  // With a machine calibration, each step's data part runs at the measured rate and its fixed cost is the measured one.
  const stepSeconds = (t: DecodeTime) =>
    calibration
      ? calibratedStepSeconds({ dataSeconds: t.weightsSeconds + t.kvCacheSeconds, overheadSeconds: t.overheadSeconds }, calibration)
      : t.totalSeconds;

  let throughput: Estimate['throughput'] = null;
  if (placement.fit !== 'no-fit') {
    const decodeTps = 1 / stepSeconds(step);
    const modelledPrefill = prefillSeconds(placement, speed, promptTokens, gpuLink);
    const prefillTime = calibration ? calibratedPrefillSeconds(modelledPrefill, calibration) : modelledPrefill;
    const prefillTps = promptTokens / prefillTime;
    const firstStep = stepSeconds(decodeStepTime(placement, { ...speed, concurrency: 1 }, promptTokens, gpuLink));
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
    throughput = {
      decodeTokensPerSecond: decodeTps,
      low: decodeTps / (1 + band),
      high: decodeTps * (1 + band),
      aggregateDecodeTokensPerSecond: decodeTps * concurrency,
      prefillTokensPerSecond: prefillTps,
      prefillLow: prefillTps / (1 + prefillBand),
      prefillHigh: prefillTps * (1 + prefillBand),
      timeToFirstTokenSeconds: prefillTime + firstStep,
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
    scenario: { contextTokens, promptTokens, concurrency, kvCacheType, flashAttention },
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
    warnings,
  };
}

import type { EstimateRequest } from '@weightplan/estimator';
import { weightsFootprint } from '@weightplan/weights';

/**
 * The one-constant rule the tools in this field use for generation speed: memory bandwidth divided by
 * the model's size, times 0.55 (llmfit's GPU mode; whichllm and canirun.ai use 0.4–0.7). Under llama.cpp's
 * layer split one GPU works at a time, so one GPU's bandwidth counts; under vLLM's tensor parallelism the
 * GPUs' bandwidths add (times the 0.9 that llmfit applies to tensor parallelism).
 */
export function oneConstantDecodeTokensPerSecond(request: EstimateRequest): number {
  const size = weightsFootprint(request.model.architecture, request.precision).totalBytes;
  const gpus = request.hardware.gpus;
  const bandwidth = gpus[0]?.memoryBandwidthBytesPerSecond ?? request.hardware.memory.bandwidthBytesPerSecond;
  const tensorParallel = request.runtime === 'vllm' && gpus.length > 1;
  return ((tensorParallel ? bandwidth * gpus.length * 0.9 : bandwidth) / size) * 0.55;
}

import { buildWhatIfProfile } from '@weightplan/hardware';
import { describe, expect, it } from 'vitest';
import { catalogModel } from '../test-support.js';
import { activationBytesPerTokenPerLayer, type FinetuneSetup, finetuneMemory, loraParameters } from './finetune-memory.js';
import { planFinetune } from './finetune-plan.js';

const GiB = 1024 ** 3;
const llama8b = catalogModel('llama-3-8b');
const setup: FinetuneSetup = {
  method: 'full',
  optimizer: 'adamw',
  sharding: 'none',
  gpus: 1,
  microBatch: 1,
  sequenceTokens: 2048,
  gradientCheckpointing: true,
  loraRank: 16,
  loraTargets: 'attention-mlp',
};

describe('fine-tuning memory', () => {
  it('full fine-tuning with AdamW in mixed precision: 16 bytes per parameter before activations', () => {
    const m = finetuneMemory(llama8b, setup);
    // 2 (bf16 weights) + 2 (bf16 gradients) + 4 (fp32 master) + 4 + 4 (Adam moments) = 16 x 8,030,261,248.
    expect(m.weightsBytes + m.gradientsBytes + m.optimizerBytes).toBe(16 * 8_030_261_248);
    // 8-bit Adam: 2 + 2 + 4 + 1 + 1 = 10 bytes per parameter.
    const eightBit = finetuneMemory(llama8b, { ...setup, optimizer: 'adamw-8bit' });
    expect(eightBit.weightsBytes + eightBit.gradientsBytes + eightBit.optimizerBytes).toBe(10 * 8_030_261_248);
  });

  it('ZeRO-2 shards gradients and optimizer states, ZeRO-3 the weights too', () => {
    const zero2 = finetuneMemory(llama8b, { ...setup, sharding: 'zero2', gpus: 8 });
    expect(zero2.weightsBytes).toBe(2 * 8_030_261_248);
    expect(zero2.gradientsBytes + zero2.optimizerBytes).toBe((14 * 8_030_261_248) / 8);
    const zero3 = finetuneMemory(llama8b, { ...setup, sharding: 'zero3', gpus: 8 });
    expect(zero3.weightsBytes + zero3.gradientsBytes + zero3.optimizerBytes).toBe((16 * 8_030_261_248) / 8);
  });

  it('LoRA rank 16 on every attention and MLP projection of Llama 3 8B trains 41,943,040 parameters', () => {
    // Per layer: q and o 16 x (4096 + 4096), k and v 16 x (4096 + 1024), gate, up and down 16 x (4096 + 14336); x 32 layers.
    expect(loraParameters(llama8b.architecture, 16, 'attention-mlp')).toBe(41_943_040);
    const lora = finetuneMemory(llama8b, { ...setup, method: 'lora' });
    expect(lora.trainableParameters).toBe(41_943_040);
    expect(lora.weightsBytes).toBe(2 * 8_030_261_248 + 2 * 41_943_040);
    expect(lora.optimizerBytes).toBe(12 * 41_943_040);
  });

  it('LoRA on a MoE model adapts the routed experts only when asked', () => {
    const qwenMoe = catalogModel('Qwen/Qwen3-30B-A3B-Instruct-2507').architecture;
    expect(loraParameters(qwenMoe, 8, 'all-linear')).toBeGreaterThan(20 * loraParameters(qwenMoe, 8, 'attention-mlp'));
  });

  it('keeps 167,936 activation bytes per token per layer for Llama 3 8B, and only layer inputs when checkpointing', () => {
    // Attention: 8 x 4096 + 4 x 1024; gated MLP: 4 x 4096 + 8 x 14336.
    expect(activationBytesPerTokenPerLayer(llama8b.architecture)).toBe(167_936);
    expect(finetuneMemory(llama8b, setup).activationsBytes).toBe(2048 * (2 * 4096 * 32 + 167_936));
    expect(finetuneMemory(llama8b, { ...setup, gradientCheckpointing: false }).activationsBytes).toBe(2048 * 167_936 * 32);
    // Logits in bf16, fp32 and their fp32 gradient: 10 bytes x 128,256 x 2,048.
    expect(finetuneMemory(llama8b, setup).logitsBytes).toBe(2048 * 128_256 * 10);
  });

  it('QLoRA stores the base in 4 bits: about a third of LoRA’s weight memory', () => {
    const lora = finetuneMemory(llama8b, { ...setup, method: 'lora' });
    const qlora = finetuneMemory(llama8b, { ...setup, method: 'qlora' });
    expect(qlora.weightsBytes / lora.weightsBytes).toBeGreaterThan(0.3);
    expect(qlora.weightsBytes / lora.weightsBytes).toBeLessThan(0.42);
  });
});

describe('the fine-tuning planner', () => {
  it('an RTX 4090 fine-tunes an 8B model with LoRA, not in full', () => {
    const plan = planFinetune(llama8b, buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }));
    expect(plan.options.map((o) => [o.method, o.fits])).toEqual([
      ['full', false],
      ['lora', true],
      ['qlora', true],
    ]);
    expect(plan.recommendation.method).toBe('lora');
    expect(plan.recommendation.reason).toMatch(
      /^LoRA fits(, tightly)?: [\d.]+ GiB of 24\.0 GiB per GPU at micro-batch \d+ x 2048 tokens; full fine-tuning does not$/,
    );
    const lora = plan.options[1];
    expect(lora?.memoryPerGpu.totalBytes).toBeLessThanOrEqual(lora?.capacityPerGpuBytes ?? 0);
    expect(lora?.tokensPerSecond).toBeGreaterThan(1000);
  });

  it('eight H100s fine-tune an 8B model in full with ZeRO-2, and a 70B one only with LoRA', () => {
    const h100s = buildWhatIfProfile({ gpu: '8x H100 SXM', ramBytes: 2048 * GiB });
    // 8B: 128 GB of weights and states do not fit one 80 GB GPU; sharding the 112 GB of gradients and
    // states over 8 leaves 16 + 14 GB per GPU.
    expect(planFinetune(llama8b, h100s, { method: 'full' }).options[0]).toMatchObject({ fits: true, sharding: 'zero2' });
    // 70B in full: 16 x 70.6B / 8 = 141 GB per GPU even with everything sharded.
    const large = planFinetune(catalogModel('llama-3-70b'), h100s);
    expect(large.options.map((o) => [o.method, o.fits, o.sharding])).toEqual([
      ['full', false, 'zero3'],
      ['lora', true, 'zero3'],
      ['qlora', true, 'none'],
    ]);
    expect(large.recommendation.method).toBe('lora');
  });

  it('a CPU-only box is told there is no GPU to train on', () => {
    const plan = planFinetune(llama8b, buildWhatIfProfile({ gpu: 'none', ramBytes: 16 * GiB }));
    expect(plan.recommendation).toEqual({ method: null, reason: 'no GPU to train on' });
  });
});

import { describe, expect, it } from 'vitest';
import { cli as run } from '../testing/cli-harness.js';

const cli = (...argv: string[]) => run(argv);

describe('weightplan finetune', () => {
  it('says which method fits, with memory per GPU and the micro-batch', async () => {
    const { code, out } = await cli('finetune', '--model', 'llama-3-8b');
    expect(code).toBe(0);
    expect(out).toMatch(/^Fine-tuning Llama 3 8B Instruct \(8\.03B parameters\) on NVIDIA GeForce RTX 4090, 64 GiB RAM/);
    expect(out).toMatch(/Recommended: LoRA fits/);
    // 16 bytes per parameter x 8.03B plus activations: 133 GB, which is 124 GiB.
    expect(out).toMatch(/full fine-tuning needs 12[34] GiB per GPU/);
  });

  it('--json gives the plan; --method and --batch check one setup', async () => {
    const { out } = await cli('finetune', '--model', 'llama-3-8b', '--method', 'qlora', '--batch', '1', '--seq', '4k', '--json');
    const plan = JSON.parse(out);
    expect(plan.options).toHaveLength(1);
    expect(plan.options[0]).toMatchObject({
      method: 'qlora',
      fits: true,
      microBatch: 1,
      sequenceTokens: 4096,
      trainableParameters: 41_943_040,
    });
  });

  it('rejects an unknown method with the accepted ones', async () => {
    expect(await cli('finetune', '--model', 'llama-3-8b', '--method', 'dora')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--method must be one of full, lora, qlora/),
    });
  });
});

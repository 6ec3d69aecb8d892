import { describe, expect, it } from 'vitest';
import { cli } from '../testing/cli-harness.js';

describe('weightplan estimate with speculative decoding', () => {
  it('--draft MODEL --draft-precision Q: the draft in memory, speed and the llama-server command', async () => {
    const { code, out, err } = await cli([
      'estimate',
      '--model',
      'llama-3.1-8b',
      '--precision',
      'Q4_K_M',
      '--runtime',
      'llama.cpp',
      '--draft',
      'meta-llama/Llama-3.2-1B-Instruct',
      '--draft-precision',
      'Q8_0',
      '--draft-tokens',
      '4',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(
      /Speculative decoding \(draft-model\): Llama 3.2 1B Instruct at Q8_0, [\d.]+ GiB on gpu0\+cpu; 4 tokens per draft at acceptance 0\.72/,
    );
    expect(out).toMatch(/tokens per verification: [\d.]+x plain decoding/);
    expect(out).toContain('-md Llama-3.2-1B-Instruct-Q8_0.gguf --draft-max 4 -ngld 999');
  });

  it('--json carries the speculative section', async () => {
    const { code, out } = await cli([
      'estimate',
      '--model',
      'llama-3.1-8b',
      '--precision',
      'Q4_K_M',
      '--eagle',
      '--runtime',
      'vllm',
      '--gpu',
      'H100 SXM',
      '--json',
    ]);
    expect(code).toBe(0);
    const e = JSON.parse(out) as { speculative: { method: string; headRepository: string } };
    expect(e.speculative.method).toBe('eagle');
    expect(e.speculative.headRepository).toBe('yuhuili/EAGLE3-LLaMA3.1-Instruct-8B');
  });

  it('refuses contradictory or orphaned flags with exit 2 and a one-line message', async () => {
    const both = await cli(['estimate', '--model', 'llama-3.1-8b', '--precision', 'Q4_K_M', '--mtp', '--eagle']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--mtp and --eagle are alternatives/);
    const orphan = await cli(['estimate', '--model', 'llama-3.1-8b', '--precision', 'Q4_K_M', '--draft-tokens', '4']);
    expect(orphan.code).toBe(2);
    expect(orphan.err).toMatch(/--draft-tokens needs --draft MODEL, --mtp or --eagle/);
    const bigger = await cli([
      'estimate',
      '--model',
      'llama-3.1-8b',
      '--precision',
      'Q4_K_M',
      '--draft',
      'meta-llama/Llama-3.1-70B-Instruct',
    ]);
    expect(bigger.code).toBe(2);
    expect(bigger.err).toMatch(/must be a smaller model/);
    const rate = await cli([
      'estimate',
      '--model',
      'llama-3.1-8b',
      '--precision',
      'Q4_K_M',
      '--draft',
      'llama-3.2-1b',
      '--acceptance',
      '1.2',
    ]);
    expect(rate.code).toBe(2);
    expect(rate.err).toMatch(/--acceptance must be a number from 0.01 to 0.99/);
  });
});

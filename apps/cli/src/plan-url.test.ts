import { buildWhatIfProfile } from '@weightplan/hardware';
import { describe, expect, it } from 'vitest';
import { cli as run } from './testing/cli-harness.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
const LINK =
  'http://127.0.0.1:8080/#/scenario?model=meta-llama%2FLlama-3.3-70B-Instruct&precision=Q4_K_M&context=32768&prompt=8192&kv=q8_0&gpu=RTX+3090&gpus=2&ram=128';

describe('weightplan estimate --plan-url (a link copied from the planner)', () => {
  it('plans exactly what the link shows: its model, machine and every scenario field', async () => {
    const { code, out, err } = await run(['estimate', '--plan-url', LINK, '--json'], machine);
    expect(err).toBe('');
    expect(code).toBe(0);
    const e = JSON.parse(out);
    expect(e.model.id).toBe('meta-llama/Llama-3.3-70B-Instruct');
    expect(e.precision.id).toBe('Q4_K_M');
    expect(e.scenario).toMatchObject({ contextTokens: 32_768, promptTokens: 8192, kvCacheType: 'q8_0' });
    expect(e.hardware.label).toBe('2x NVIDIA GeForce RTX 3090, 128 GiB RAM');
  });

  it('lets flags override the link: --context and --gpu', async () => {
    const { code, out } = await run(['estimate', '--plan-url', LINK, '--context', '8k', '--gpu', 'H100 SXM', '--json'], machine);
    expect(code).toBe(0);
    const e = JSON.parse(out);
    expect(e.scenario.contextTokens).toBe(8192);
    expect(e.scenario.promptTokens).toBe(8192);
    expect(e.hardware.gpus.map((g: { name: string }) => g.name)).toEqual(['NVIDIA H100 80GB HBM3']);
  });

  it('refuses a damaged link with one line that names the field', async () => {
    const { code, err } = await run(['estimate', '--plan-url', `${LINK}&concurrency=many`], machine);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/concurrency=many is not a number/);
  });

  it('says what is missing when neither --model nor a link names a model', async () => {
    const { code, err } = await run(['estimate'], machine);
    expect(code).toBe(2);
    expect(err).toMatch(/give --model or --plan-url/);
  });
});

import { describe, expect, it } from 'vitest';
import { probe } from './with-timeout.js';

describe('probe', () => {
  it('returns the value of a probe that answers in time', async () => {
    const result = await probe(async () => 42, 1000);
    expect(result.value).toBe(42);
    expect(result.status.status).toBe('ok');
  });

  it('gives up on a probe that hangs, without waiting for it', async () => {
    const started = Date.now();
    const result = await probe(() => new Promise(() => {}), 50);
    expect(result.status.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('turns a failing probe into an error status instead of throwing', async () => {
    const result = await probe(async () => {
      throw new Error('nvidia-smi: command not found');
    }, 1000);
    expect(result.status).toMatchObject({ status: 'error', message: 'nvidia-smi: command not found' });
  });
});

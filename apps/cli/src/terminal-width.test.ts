import { describe, expect, it } from 'vitest';
import { shortenId } from './format.js';
import { cli } from './testing/cli-harness.js';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('tables fit the terminal', () => {
  it('recommend fits a 100-column terminal, one line per row, where the full table is wider', async () => {
    const argv = ['recommend', '--gpu', 'RTX 4090', '--ram', '64'];
    const piped = await cli(argv);
    const narrow = await cli(argv, undefined, 100);
    const table = (out: string) => out.split('\n').filter((line) => /^[│┌├└]/.test(line));
    expect(widest(table(piped.out).join('\n'))).toBeGreaterThan(100);
    expect(widest(table(narrow.out).join('\n'))).toBeLessThanOrEqual(100);
    // The same rows, one line each: as many ranked lines as the full table has.
    expect(table(narrow.out).length).toBe(table(piped.out).length);
    expect(narrow.out).toMatch(/tok\/s/);
  });

  it('--wide keeps every column; a pipe gets the same stable full table', async () => {
    const argv = ['recommend', '--gpu', 'RTX 4090', '--ram', '64'];
    const wide = await cli([...argv, '--wide'], undefined, 100);
    const piped = await cli(argv);
    expect(wide.out).toBe(piped.out);
  });

  it('an 80-column terminal still gets the model ids, shortened from the organisation prefix first', async () => {
    const { out } = await cli(['models', '--search', 'llama 3.3'], undefined, 80);
    expect(
      widest(
        out
          .split('\n')
          .filter((l) => /^[│┌├└]/.test(l))
          .join('\n'),
      ),
    ).toBeLessThanOrEqual(80);
    expect(out).toMatch(/Llama-3\.3-70B-Instruct/);
  });

  it('shortens ids without losing their ends', () => {
    expect(shortenId('meta-llama/Llama-3.3-70B-Instruct', 40)).toBe('meta-llama/Llama-3.3-70B-Instruct');
    expect(shortenId('meta-llama/Llama-3.3-70B-Instruct', 25)).toBe('Llama-3.3-70B-Instruct');
    expect(shortenId('deepseek-ai/DeepSeek-R1-Distill-Qwen-32B', 20)).toBe('DeepSeek-R…-Qwen-32B');
  });
});

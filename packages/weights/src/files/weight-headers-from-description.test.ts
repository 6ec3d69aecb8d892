import { describe, expect, it } from 'vitest';
import type { HeaderDescription } from './header-description.js';
import { weightHeadersFromDescription } from './weight-headers-from-description.js';

function gguf(tensors: Array<{ name: string; type: string; shape: number[] }>, bytes = 1_000_000): HeaderDescription {
  return {
    format: 'gguf',
    name: 'm.gguf',
    files: [{ name: 'm.gguf', bytes, version: 3, headerBytes: 100, metadata: { 'llama.block_count': { bigint: '4' } }, tensors }],
  };
}

describe('weightHeadersFromDescription: the router trusts a description no more than a file', () => {
  it("computes each tensor's elements and bytes from its type and shape, and decodes large integers", () => {
    const read = weightHeadersFromDescription(gguf([{ name: 'blk.0.attn_q.weight', type: 'Q4_K', shape: [256, 4] }]));
    expect(read.format === 'gguf' && read.headers[0]?.tensors[0]).toMatchObject({ elements: 1024, bytes: 4 * 144 });
    expect(read.format === 'gguf' && read.headers[0]?.metadata.get('llama.block_count')).toBe(4n);
  });

  it('refuses unknown types, impossible shapes, overflowing counts and tensors larger than their file, naming the file', () => {
    expect(() => weightHeadersFromDescription(gguf([{ name: 't', type: 'toString', shape: [1] }]))).toThrow(
      'm.gguf: tensor t has unknown GGML type toString',
    );
    expect(() => weightHeadersFromDescription(gguf([{ name: 't', type: 'F16', shape: [1, 1, 1, 1, 1] }]))).toThrow(
      'm.gguf: tensor t has 5 dimensions (1 to 4 allowed)',
    );
    expect(() => weightHeadersFromDescription(gguf([{ name: 't', type: 'F16', shape: [2 ** 30, 2 ** 30] }]))).toThrow(/overflows/);
    expect(() => weightHeadersFromDescription(gguf([{ name: 't', type: 'F32', shape: [1_000_000] }], 1000))).toThrow(
      'm.gguf: tensor t (4000000 bytes) is larger than the 1000-byte file',
    );
    const safetensors: HeaderDescription = {
      format: 'safetensors',
      name: 'model.safetensors',
      configName: 'config.json',
      configJson: '{"model_type": "llama"}',
      files: [{ name: 'model.safetensors', bytes: 100, headerBytes: 50, tensors: [{ name: 'x', type: 'F12', shape: [2] }] }],
    };
    expect(() => weightHeadersFromDescription(safetensors)).toThrow('model.safetensors: tensor x has unknown dtype "F12"');
    expect(() => weightHeadersFromDescription({ ...safetensors, configJson: '[1, 2]' })).toThrow(
      'config.json: is not a JSON object (not a JSON object)',
    );
  });
});

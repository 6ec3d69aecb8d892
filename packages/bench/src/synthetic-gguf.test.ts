import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInModels, getPrecision, storedTensors } from '@weightplan/weights';
import { architectureFromGguf, readGgufHeader } from '@weightplan/weights/files';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGguf } from './gguf-writer.js';
import { syntheticModel } from './synthetic-gguf.js';

const folder = mkdtempSync(join(tmpdir(), 'wp-synthetic-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const cases: Array<[string, string]> = [
  ['meta-llama/Llama-3.2-1B-Instruct', 'Q8_0'],
  ['meta-llama/Llama-3.2-1B-Instruct', 'Q4_K_M'],
  ['meta-llama/Llama-3.2-3B-Instruct', 'Q4_0'],
  ['Qwen/Qwen2.5-0.5B-Instruct', 'Q4_K_M'],
  ['Qwen/Qwen3-0.6B', 'Q6_K'],
  ['mistralai/Mistral-7B-Instruct-v0.3', 'Q5_K_M'],
];

describe('the synthetic GGUF writer', () => {
  it.each(cases)('writes %s at %s with the estimator tensor inventory, byte for byte', async (id, precisionName) => {
    const model = builtInModels().get(id);
    const precision = getPrecision(precisionName);
    const synthetic = syntheticModel(model, precision);
    const expected = storedTensors(model.architecture, precision);
    // Total tensor bytes equal the estimator's weights, for a GGUF quantisation exactly.
    expect(synthetic.layout.tensorBytes).toBe(expected.reduce((sum, t) => sum + t.bytes, 0));
    expect(synthetic.estimatorWeightsBytes).toBe(synthetic.layout.tensorBytes);

    const file = join(folder, `${id.replace('/', '_')}-${precisionName}.gguf`);
    writeGguf(file, synthetic.layout);
    expect(statSync(file).size).toBe(synthetic.layout.fileBytes);
    // Read back by the project's own GGUF reader: every tensor's name, shape, type and bytes as the estimator lists them.
    const header = await readGgufHeader(file);
    expect(header.tensors.map((t) => [t.name, t.shape, t.type, t.bytes])).toEqual(
      expected.map((t) => [t.tensor.name, t.tensor.shape, t.type, t.bytes]),
    );
    // And its metadata describes the catalog's architecture.
    const { architecture } = architectureFromGguf(header);
    expect(architecture).toMatchObject({
      layers: model.architecture.layers,
      hiddenSize: model.architecture.hiddenSize,
      intermediateSize: model.architecture.intermediateSize,
      attentionHeads: model.architecture.attentionHeads,
      kvHeads: model.architecture.kvHeads,
      headDim: model.architecture.headDim,
      vocabSize: model.architecture.vocabSize,
    });
  });

  it('keeps norms at F32 in an F16 file, as llama.cpp does: 2 bytes more per norm weight than the estimator counts', () => {
    const model = builtInModels().get('meta-llama/Llama-3.2-1B-Instruct');
    const synthetic = syntheticModel(model, getPrecision('F16'));
    const normWeights = synthetic.tensors.filter((t) => t.type === 'F32').reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(normWeights).toBe((2 * 16 + 1) * 2048);
    expect(synthetic.layout.tensorBytes - synthetic.estimatorWeightsBytes).toBe(2 * normWeights);
  });

  it('refuses architectures it cannot write, naming the ones it can', () => {
    const moe = builtInModels().get('mistralai/Mixtral-8x7B-Instruct-v0.1');
    expect(() => syntheticModel(moe, getPrecision('Q4_K_M'))).toThrow(
      /Mixtral-8x7B.*its architecture \(mixtral\) is not supported yet \(dense llama, mistral, qwen2, qwen3/,
    );
    const gemma = builtInModels().models.find((m) => m.architecture.modelType.startsWith('gemma'));
    expect(gemma).toBeDefined();
    if (gemma) expect(() => syntheticModel(gemma, getPrecision('Q8_0'))).toThrow(/its architecture \(gemma/);
    const llama = builtInModels().get('meta-llama/Llama-3.2-1B-Instruct');
    expect(() => syntheticModel(llama, getPrecision('AWQ-INT4'))).toThrow(/needs a llama.cpp precision/);
  });
});

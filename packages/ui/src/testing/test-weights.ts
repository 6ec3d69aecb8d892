import { join } from 'node:path';
import { builtInModels, getPrecision, storedTensors, weightsFootprint } from '@weightplan/weights';
import { writeGguf } from '@weightplan/weights/testing';

/**
 * TinyLlama 1.1B Chat at Q4_K_M as llama.cpp writes it (the catalog's tensor list and llama.cpp's recipe,
 * the data a sparse hole): what the Inspect view reads in the component and browser tests. Returns the path
 * and the exact bytes the tensors take.
 */
export async function writeTinyLlamaGguf(folder: string): Promise<{ path: string; weightsBytes: number }> {
  const model = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
  const arch = model.architecture;
  const precision = getPrecision('Q4_K_M');
  const path = join(folder, 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf');
  await writeGguf(
    path,
    {
      'general.architecture': 'llama',
      'general.name': model.name,
      'general.file_type': 15,
      'llama.block_count': arch.layers,
      'llama.context_length': arch.maxContextTokens,
      'llama.embedding_length': arch.hiddenSize,
      'llama.feed_forward_length': arch.intermediateSize,
      'llama.attention.head_count': arch.attentionHeads,
      'llama.attention.head_count_kv': arch.kvHeads,
      'llama.vocab_size': arch.vocabSize,
    },
    storedTensors(arch, precision).map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
  return { path, weightsBytes: weightsFootprint(arch, precision).totalBytes };
}

/**
 * A Llama-architecture model small enough to hold in memory (2 layers, width 64, 256 tokens, Q8_0 with F32
 * norms) written as llama.cpp writes it, data included: what the component test hands the view as a picked
 * `File`. Returns the path; its figures are what inspecting the path answers.
 */
export async function writeMiniLlamaGguf(folder: string): Promise<string> {
  const base = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0').architecture;
  const arch = { ...base, layers: 2, hiddenSize: 64, intermediateSize: 128, attentionHeads: 4, kvHeads: 4, headDim: 16, vocabSize: 256 };
  const path = join(folder, 'mini-llama.Q8_0.gguf');
  await writeGguf(
    path,
    {
      'general.architecture': 'llama',
      'general.name': 'Mini Llama',
      'llama.block_count': arch.layers,
      'llama.context_length': 2048,
      'llama.embedding_length': arch.hiddenSize,
      'llama.feed_forward_length': arch.intermediateSize,
      'llama.attention.head_count': arch.attentionHeads,
      'llama.attention.head_count_kv': arch.kvHeads,
      'llama.vocab_size': arch.vocabSize,
    },
    storedTensors(arch, getPrecision('Q8_0')).map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
  return path;
}

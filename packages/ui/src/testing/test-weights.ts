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

import {
  decoderTensors,
  type GgmlTypeName,
  GgmlTypeNameSchema,
  ggufTensorTypes,
  type OpenModelSpec,
  type Precision,
  storedTensors,
} from '@weightplan/weights';
import { BenchError } from './bench-error.js';
import { type GgufLayout, type GgufTensorInfo, type GgufValue, layOutGguf } from './gguf-writer.js';

/**
 * llama.cpp's architecture name for each config.json `model_type` the writer builds. Mistral's dense
 * models convert to llama.cpp's "llama" architecture (convert_hf_to_gguf.py's MistralModel is a LlamaModel).
 * Other families need tensors or keys the writer does not emit (MoE routing, sliding-window patterns,
 * Gemma's norms), so they are refused rather than written wrong.
 */
const LLAMA_CPP_ARCHITECTURE: Record<string, string> = { llama: 'llama', mistral: 'llama', qwen2: 'qwen2', qwen3: 'qwen3' };

/** The writer's families, for the refusal message. */
export const SYNTHETIC_MODEL_TYPES = Object.keys(LLAMA_CPP_ARCHITECTURE);

/**
 * GPT-2's byte-level alphabet (bytes_to_unicode in OpenAI's encoder.py): printable bytes stand for
 * themselves, the others are shifted above U+0100. These 256 tokens let llama.cpp's BPE tokenizer encode
 * any text (it looks up "\n" when loading), with no merges.
 */
function byteLevelAlphabet(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const tokens: string[] = [];
  let shifted = 0;
  for (let b = 0; b < 256; b++) tokens.push(String.fromCodePoint(printable(b) ? b : 256 + shifted++));
  return tokens;
}

/** A vocabulary of the model's size: the byte alphabet, then placeholders. Token values do not change the speed. */
function syntheticVocabulary(size: number): string[] {
  const tokens = byteLevelAlphabet();
  for (let i = tokens.length; i < size; i++) tokens.push(`<wp_${i}>`);
  return tokens.slice(0, size);
}

export interface SyntheticModel {
  layout: GgufLayout;
  tensors: GgufTensorInfo[];
  /** llama.cpp's architecture name written to general.architecture. */
  architecture: string;
  /**
   * What the estimator counts for this model and precision. Equal to `layout.tensorBytes` for GGUF
   * quantisations; for the float precisions (F16, BF16, F32) the estimator stores every tensor at the
   * precision's width while a GGUF keeps norms at F32 (as llama.cpp writes and requires), a difference of
   * 2 bytes per norm weight (0.0002% of Llama 3.2 1B).
   */
  estimatorWeightsBytes: number;
}

/**
 * The GGUF of `model` at `precision` as llama.cpp would write it: the estimator's tensor inventory (names,
 * shapes and storage types from the same recipe), with the metadata llama.cpp needs to load the architecture.
 */
export function syntheticModel(model: OpenModelSpec, precision: Precision): SyntheticModel {
  const arch = model.architecture;
  const llamaCppArchitecture = LLAMA_CPP_ARCHITECTURE[arch.modelType];
  const unsupported =
    llamaCppArchitecture === undefined
      ? `its architecture (${arch.modelType})`
      : arch.moe
        ? 'mixture-of-experts layers'
        : arch.mla || arch.linearAttention
          ? 'latent or linear attention'
          : arch.attentionLayers.some((layer) => layer.kind !== 'full')
            ? 'sliding-window layers'
            : undefined;
  if (llamaCppArchitecture === undefined || unsupported !== undefined) {
    throw new BenchError(
      'unsupported',
      `cannot write a synthetic GGUF of ${model.id}: ${unsupported} is not supported yet (dense ${SYNTHETIC_MODEL_TYPES.join(', ')} models are); measure your own file with --model PATH.gguf`,
    );
  }
  const storage = precision.storage;
  let types: GgmlTypeName[];
  if (storage.kind === 'gguf') {
    types = storedTensors(arch, precision).map((t) => GgmlTypeNameSchema.parse(t.type));
  } else if (storage.kind === 'float' && (precision.id === 'F16' || precision.id === 'BF16' || precision.id === 'F32')) {
    types = ggufTensorTypes(arch, decoderTensors(arch), precision.id);
  } else {
    throw new BenchError(
      'unsupported',
      `a synthetic GGUF needs a llama.cpp precision (F16, BF16, Q8_0, Q4_K_M, ...); ${precision.id} is not one (llama.cpp does not run it)`,
    );
  }
  const inventory = decoderTensors(arch);
  const tensors = inventory.map((t, index) => ({ name: t.name, shape: t.shape, type: types[index] ?? 'F32' }));
  const metadata = llamaMetadata(model, llamaCppArchitecture);
  const layout = layOutGguf(metadata, tensors);
  const estimatorWeightsBytes = storedTensors(arch, precision).reduce((sum, t) => sum + t.bytes, 0);
  return { layout, tensors, architecture: llamaCppArchitecture, estimatorWeightsBytes };
}

/** The keys llama.cpp's loader reads for the llama/qwen2/qwen3 architectures (llama-arch.cpp, LLM_KV_*). */
function llamaMetadata(model: OpenModelSpec, name: string): Map<string, GgufValue> {
  const arch = model.architecture;
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const vocabulary = syntheticVocabulary(arch.vocabSize);
  const lastToken = arch.vocabSize - 1;
  return new Map<string, GgufValue>([
    ['general.architecture', { type: 'string', value: name }],
    ['general.name', { type: 'string', value: `weightplan synthetic ${model.id}` }],
    ['general.alignment', u32(32)],
    [`${name}.context_length`, u32(arch.maxContextTokens)],
    [`${name}.embedding_length`, u32(arch.hiddenSize)],
    [`${name}.block_count`, u32(arch.layers)],
    [`${name}.feed_forward_length`, u32(arch.intermediateSize)],
    [`${name}.attention.head_count`, u32(arch.attentionHeads)],
    [`${name}.attention.head_count_kv`, u32(arch.kvHeads)],
    [`${name}.attention.key_length`, u32(arch.headDim)],
    [`${name}.attention.value_length`, u32(arch.headDim)],
    [`${name}.rope.dimension_count`, u32(arch.headDim)],
    // Published values of these models (1e-5 and 500,000 for Llama 3, 1e-6 and 1,000,000 for Qwen): they
    // change the numbers computed, not how long computing them takes.
    [`${name}.attention.layer_norm_rms_epsilon`, { type: 'f32', value: 1e-5 }],
    [`${name}.rope.freq_base`, { type: 'f32', value: 500_000 }],
    [`${name}.vocab_size`, u32(arch.vocabSize)],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'default' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: vocabulary }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: [] }],
    ['tokenizer.ggml.bos_token_id', u32(lastToken)],
    ['tokenizer.ggml.eos_token_id', u32(lastToken)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
  ]);
}

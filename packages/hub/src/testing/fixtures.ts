// The stand-in Hub's repositories: real models' configs, tensor names and shapes (from the catalog's
// architectures, whose parameter counts match the official ones), with virtual data regions.
import { createHash } from 'node:crypto';
import { builtInModels, getPrecision, type ModelArchitecture, storedTensors } from '@weightplan/weights';
import type { TestTensor } from '@weightplan/weights/testing';
import { awqTensors, ggufFile, type HfTensor, hfDenseTensors, safetensorsFile, shard, textFile } from './fixture-files.js';
import type { StandInFile, StandInRepo } from './stand-in-hub.js';

/** A stable fake commit sha per repository (and revision label). */
export const fixtureSha = (id: string) => createHash('sha1').update(`weightplan-stand-in:${id}`).digest('hex');

/** Fixtures are immutable and some take a second to build (a 152k-token vocabulary): build each once. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

const architectureOf = (id: string): ModelArchitecture => builtInModels().get(id).architecture;
const README = (id: string) => textFile('README.md', `---\nlicense: see ${id}\n---\n# ${id}\n`);

/** https://huggingface.co/Qwen/Qwen3-8B/blob/main/config.json */
const QWEN3_8B_CONFIG = {
  architectures: ['Qwen3ForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 151643,
  eos_token_id: 151645,
  head_dim: 128,
  hidden_act: 'silu',
  hidden_size: 4096,
  initializer_range: 0.02,
  intermediate_size: 12288,
  max_position_embeddings: 40960,
  max_window_layers: 36,
  model_type: 'qwen3',
  num_attention_heads: 32,
  num_hidden_layers: 36,
  num_key_value_heads: 8,
  rms_norm_eps: 1e-6,
  rope_scaling: null,
  rope_theta: 1000000,
  sliding_window: null,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  transformers_version: '4.51.0',
  use_cache: true,
  use_sliding_window: false,
  vocab_size: 151936,
};

function shardedSafetensors(tensors: HfTensor[], count: number): StandInFile[] {
  const parts = shard(tensors, count);
  const name = (i: number) => `model-${String(i + 1).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.safetensors`;
  const weightMap: Record<string, string> = {};
  parts.forEach((part, i) => {
    for (const t of part) weightMap[t.name] = name(i);
  });
  const files = parts.map((part, i) => safetensorsFile(name(i), part));
  const totalSize = files.reduce((s, f) => s + f.size - f.head.length, 0);
  return [...files, textFile('model.safetensors.index.json', { metadata: { total_size: totalSize }, weight_map: weightMap })];
}

/** Qwen/Qwen3-8B: bf16 in five shards with an index (8,190,735,360 parameters). */
export const qwen3Repo = once((): StandInRepo => {
  const id = 'Qwen/Qwen3-8B';
  return {
    id,
    sha: fixtureSha(id),
    license: 'apache-2.0',
    files: [
      textFile('.gitattributes', '*.safetensors filter=lfs diff=lfs merge=lfs -text\n'),
      README(id),
      textFile('config.json', QWEN3_8B_CONFIG),
      textFile('generation_config.json', { bos_token_id: 151643, eos_token_id: [151645, 151643] }),
      ...shardedSafetensors(hfDenseTensors(architectureOf(id), 'BF16'), 5),
      textFile('tokenizer_config.json', { model_max_length: 131072 }),
    ],
  };
});

/** Qwen/Qwen3-8B-AWQ: AutoAWQ GEMM 4-bit, group 128, two shards, quantization_config in config.json. */
export const qwen3AwqRepo = once((): StandInRepo => {
  const id = 'Qwen/Qwen3-8B-AWQ';
  return {
    id,
    sha: fixtureSha(id),
    license: 'apache-2.0',
    files: [
      README(id),
      textFile('config.json', {
        ...QWEN3_8B_CONFIG,
        torch_dtype: 'float16',
        quantization_config: {
          bits: 4,
          group_size: 128,
          modules_to_not_convert: null,
          quant_method: 'awq',
          version: 'gemm',
          zero_point: true,
        },
      }),
      ...shardedSafetensors(awqTensors(architectureOf('Qwen/Qwen3-8B'), 128), 2),
    ],
  };
});

function ggufTensors(arch: ModelArchitecture, precision: string): TestTensor[] {
  return storedTensors(arch, getPrecision(precision)).map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never }));
}

/** What llama.cpp's convert script writes for Qwen3-8B, tokenizer vocabulary included (about 2 MB of header). */
function qwen3GgufMetadata(fileType: number): Parameters<typeof ggufFile>[1] {
  return {
    'general.architecture': 'qwen3',
    'general.type': 'model',
    'general.name': 'Qwen3 8B',
    'general.basename': 'Qwen3',
    'general.size_label': '8B',
    'general.license': 'apache-2.0',
    'general.file_type': fileType,
    'general.quantization_version': 2,
    'qwen3.block_count': 36,
    'qwen3.context_length': 40960,
    'qwen3.embedding_length': 4096,
    'qwen3.feed_forward_length': 12288,
    'qwen3.attention.head_count': 32,
    'qwen3.attention.head_count_kv': 8,
    'qwen3.attention.key_length': 128,
    'qwen3.attention.value_length': 128,
    'qwen3.rope.freq_base': { f32: 1000000 },
    'qwen3.attention.layer_norm_rms_epsilon': { f32: 1e-6 },
    'tokenizer.ggml.model': 'gpt2',
    'tokenizer.ggml.tokens': { strings: Array.from({ length: 151936 }, (_, i) => `tok${i}`) },
  };
}

/**
 * bartowski/Qwen_Qwen3-8B-GGUF: Q4_K_M as one file, Q8_0 split in two parts (as gguf-split writes: all
 * metadata in the first part, split.* keys in each).
 */
export const qwen3GgufRepo = once((): StandInRepo => {
  const id = 'bartowski/Qwen_Qwen3-8B-GGUF';
  const arch = architectureOf('Qwen/Qwen3-8B');
  const q8 = ggufTensors(arch, 'Q8_0');
  const half = Math.floor(q8.length / 2);
  const split = (no: number, count: number) => ({ 'split.no': no, 'split.count': 2, 'split.tensors.count': count });
  return {
    id,
    sha: fixtureSha(id),
    license: 'apache-2.0',
    files: [
      README(id),
      ggufFile('Qwen_Qwen3-8B-Q4_K_M.gguf', qwen3GgufMetadata(15), ggufTensors(arch, 'Q4_K_M')),
      ggufFile('Qwen_Qwen3-8B-Q8_0-00001-of-00002.gguf', { ...qwen3GgufMetadata(7), ...split(0, q8.length) }, q8.slice(0, half)),
      ggufFile('Qwen_Qwen3-8B-Q8_0-00002-of-00002.gguf', split(1, q8.length), q8.slice(half)),
    ],
  };
});

/**
 * The SigLIP vision tower and projector of Gemma 3 4B as llama.cpp's mmproj file holds them: 27 blocks of
 * width 1152 (MLP 4304), 14x14 patches, 4096 positions, projection to 2560: 419,816,304 parameters.
 */
function gemma3MmprojTensors(): TestTensor[] {
  const w = 1152;
  const mlp = 4304;
  const tensors: TestTensor[] = [
    { name: 'v.patch_embd.weight', shape: [14, 14, 3, w], type: 'F16' },
    { name: 'v.patch_embd.bias', shape: [w], type: 'F32' },
    { name: 'v.position_embd.weight', shape: [w, 4096], type: 'F16' },
  ];
  for (let i = 0; i < 27; i++) {
    const p = `v.blk.${i}`;
    for (const m of ['attn_q', 'attn_k', 'attn_v', 'attn_out'])
      tensors.push({ name: `${p}.${m}.weight`, shape: [w, w], type: 'F16' }, { name: `${p}.${m}.bias`, shape: [w], type: 'F32' });
    for (const n of ['ln1', 'ln2'])
      tensors.push({ name: `${p}.${n}.weight`, shape: [w], type: 'F32' }, { name: `${p}.${n}.bias`, shape: [w], type: 'F32' });
    tensors.push(
      { name: `${p}.ffn_up.weight`, shape: [w, mlp], type: 'F16' },
      { name: `${p}.ffn_up.bias`, shape: [mlp], type: 'F32' },
      { name: `${p}.ffn_down.weight`, shape: [mlp, w], type: 'F16' },
      { name: `${p}.ffn_down.bias`, shape: [w], type: 'F32' },
    );
  }
  tensors.push(
    { name: 'v.post_ln.weight', shape: [w], type: 'F32' },
    { name: 'v.post_ln.bias', shape: [w], type: 'F32' },
    { name: 'mm.input_projection.weight', shape: [2560, w], type: 'F16' },
    { name: 'mm.soft_emb_norm.weight', shape: [w], type: 'F32' },
  );
  return tensors;
}

/** ggml-org/gemma-3-4b-it-GGUF: the text model at Q4_K_M and its vision projector mmproj-model-f16.gguf. */
export const gemma3VisionRepo = once((): StandInRepo => {
  const id = 'ggml-org/gemma-3-4b-it-GGUF';
  const arch = architectureOf('google/gemma-3-4b-it');
  return {
    id,
    sha: fixtureSha(id),
    license: 'gemma',
    files: [
      README(id),
      ggufFile(
        'gemma-3-4b-it-Q4_K_M.gguf',
        {
          'general.architecture': 'gemma3',
          'general.name': 'Gemma 3 4b It',
          'general.file_type': 15,
          'gemma3.block_count': 34,
          'gemma3.context_length': 131072,
          'gemma3.embedding_length': 2560,
          'gemma3.feed_forward_length': 10240,
          'gemma3.attention.head_count': 8,
          'gemma3.attention.head_count_kv': 4,
          'gemma3.attention.key_length': 256,
          'gemma3.attention.value_length': 256,
          'gemma3.attention.sliding_window': 1024,
          'gemma3.vocab_size': 262208,
        },
        ggufTensors(arch, 'Q4_K_M'),
      ),
      ggufFile(
        'mmproj-model-f16.gguf',
        { 'general.architecture': 'clip', 'clip.has_vision_encoder': true, 'clip.projector_type': 'gemma3', 'general.file_type': 1 },
        gemma3MmprojTensors(),
      ),
    ],
  };
});

/** meta-llama/Llama-3.2-1B-Instruct, gated: one bf16 model.safetensors (1,235,814,400 parameters, tied head). */
export const gatedLlamaRepo = once((): StandInRepo => {
  const id = 'meta-llama/Llama-3.2-1B-Instruct';
  return {
    id,
    sha: fixtureSha(id),
    license: 'llama3.2',
    gated: true,
    files: [
      README(id),
      textFile('config.json', {
        architectures: ['LlamaForCausalLM'],
        attention_bias: false,
        head_dim: 64,
        hidden_size: 2048,
        intermediate_size: 8192,
        max_position_embeddings: 131072,
        model_type: 'llama',
        num_attention_heads: 32,
        num_hidden_layers: 16,
        num_key_value_heads: 8,
        rope_scaling: {
          factor: 32.0,
          high_freq_factor: 4.0,
          low_freq_factor: 1.0,
          original_max_position_embeddings: 8192,
          rope_type: 'llama3',
        },
        tie_word_embeddings: true,
        torch_dtype: 'bfloat16',
        vocab_size: 128256,
      }),
      safetensorsFile('model.safetensors', hfDenseTensors(architectureOf(id), 'BF16')),
    ],
  };
});

/** A repository that accepts connections and never answers. */
export const hangingRepo = (): StandInRepo => ({ id: 'slow/hanging-model', sha: fixtureSha('slow'), files: [], behaviour: 'hang' });
/** A repository whose model info is cut off mid-JSON. */
export const malformedRepo = (): StandInRepo => ({
  id: 'broken/json-model',
  sha: fixtureSha('broken'),
  files: [],
  behaviour: 'malformed-json',
});

/** Every fixture repository. */
export function fixtureRepos(): StandInRepo[] {
  return [qwen3Repo(), qwen3AwqRepo(), qwen3GgufRepo(), gemma3VisionRepo(), gatedLlamaRepo(), hangingRepo(), malformedRepo()];
}

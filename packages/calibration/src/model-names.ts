/**
 * The catalog model each calibration row measured. Fine-tunes share their base model's architecture
 * (TinyLlama-1.1B-1T-OpenOrca is TinyLlama 1.1B), so they map to it. Explicit rather than fuzzy, so a
 * wrong match cannot hide in the accuracy figures.
 */
export const CALIBRATION_MODEL_IDS: Readonly<Record<string, string>> = {
  'Meta-Llama-3-8B': 'meta-llama/Meta-Llama-3-8B-Instruct',
  'Meta-Llama-3-70B': 'meta-llama/Meta-Llama-3-70B-Instruct',
  'Llama-2-7b': 'meta-llama/Llama-2-7b-chat-hf',
  'Llama-2-13b': 'meta-llama/Llama-2-13b-chat-hf',
  'Llama-2-70b': 'meta-llama/Llama-2-70b-chat-hf',
  'Llama-2-70b-chat': 'meta-llama/Llama-2-70b-chat-hf',
  'CodeLlama-34b-Instruct': 'codellama/CodeLlama-34b-Instruct-hf',
  'TinyLlama-1.1B-1T-OpenOrca': 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
  'Llama-3.2-1B-Instruct': 'meta-llama/Llama-3.2-1B-Instruct',
  'Llama-3.2-3B-Instruct': 'meta-llama/Llama-3.2-3B-Instruct',
  'Llama-3.1-8B (meta-llama, base)': 'meta-llama/Llama-3.1-8B-Instruct',
  'Meta-Llama-3.1-8B-Instruct': 'meta-llama/Llama-3.1-8B-Instruct',
  'Qwen2.5-7B-Instruct': 'Qwen/Qwen2.5-7B-Instruct',
  'Mistral-7B-Instruct-v0.2': 'mistralai/Mistral-7B-Instruct-v0.2',
  'Llama-3.3-70B-Instruct': 'meta-llama/Llama-3.3-70B-Instruct',
  'Qwen3-30B-A3B-Instruct-2507': 'Qwen/Qwen3-30B-A3B-Instruct-2507',
  'Qwen3-Coder-30B-A3B-Instruct': 'Qwen/Qwen3-Coder-30B-A3B-Instruct',
  // The base model ggml-org quantised; the Instruct release has the same tensors.
  'Qwen2.5-Coder-7B': 'Qwen/Qwen2.5-Coder-7B-Instruct',
  'gpt-oss-20b': 'openai/gpt-oss-20b',
  'Qwen3-8B': 'Qwen/Qwen3-8B',
};

/** Catalog id for a calibration row's model name; throws for a name nobody mapped. */
export function calibrationModelId(name: string): string {
  const id = CALIBRATION_MODEL_IDS[name];
  if (!id) throw new Error(`calibration model "${name}" has no catalog id in CALIBRATION_MODEL_IDS`);
  return id;
}

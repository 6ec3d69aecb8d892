import { describe, expect, it } from 'vitest';
import { builtInModels } from '../lookup.js';
import { ModelArchitectureSchema } from '../model-spec.js';
import { countDecoderParameters } from '../tensor-inventory.js';
import { architectureFromHfConfig } from './hf-config.js';

import { REAL_CONFIGS as CONFIGS } from './real-configs.js';

describe('architectureFromHfConfig', () => {
  it.each(CONFIGS)('gives %s its official parameter count', (id, config) => {
    const model = builtInModels().get(id);
    const architecture = ModelArchitectureSchema.parse(architectureFromHfConfig(config));
    expect(countDecoderParameters(architecture)).toBe(model.parameterCount - model.multimodalParameterCount);
  });

  it('reads sliding windows, MLA and linear attention where the config has them', () => {
    const byId = Object.fromEntries(CONFIGS);
    const gemma3 = architectureFromHfConfig(byId['google/gemma-3-27b-it'] ?? {});
    expect(gemma3.attentionLayers).toHaveLength(6);
    expect(gemma3.attentionLayers[0]).toEqual({ kind: 'sliding', windowTokens: 1024 });
    expect(architectureFromHfConfig(byId['deepseek-ai/DeepSeek-V3-0324'] ?? {}).attentionLayers).toEqual([{ kind: 'mla' }]);
    // DeepSeek-V3.2's sparse attention: a lightning indexer in every MLA layer.
    expect(architectureFromHfConfig(byId['deepseek-ai/DeepSeek-V3.2-Exp'] ?? {}).mla?.indexer).toEqual({
      heads: 64,
      headDim: 128,
      topKTokens: 2048,
    });
    expect(architectureFromHfConfig(byId['deepseek-ai/DeepSeek-V3-0324'] ?? {}).mla?.indexer).toBeUndefined();
    // The MTP layer DeepSeek stores after the decoder (num_nextn_predict_layers); counted in downloads only.
    expect(architectureFromHfConfig(byId['deepseek-ai/DeepSeek-V3-0324'] ?? {}).mtpLayers).toBe(1);
    expect(architectureFromHfConfig(byId['Qwen/Qwen2.5-7B-Instruct'] ?? {}).mtpLayers).toBeUndefined();
    expect(architectureFromHfConfig(byId['Qwen/Qwen2.5-7B-Instruct'] ?? {}).attentionLayers).toEqual([{ kind: 'full' }]);
    expect(architectureFromHfConfig(byId['Qwen/Qwen3-Next-80B-A3B-Instruct'] ?? {}).attentionLayers?.map((l) => l.kind)).toEqual([
      'linear',
      'linear',
      'linear',
      'full',
    ]);
  });

  it('says what a config lacks', () => {
    expect(() => architectureFromHfConfig({ model_type: 'llama', hidden_size: 4096 })).toThrow(
      /llama config needs a positive "num_attention_heads"/,
    );
    expect(() => architectureFromHfConfig({})).toThrow(/no "model_type"/);
  });
});

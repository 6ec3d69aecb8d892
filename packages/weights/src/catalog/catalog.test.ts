import { normalizeName } from '@weightplan/match';
import { describe, expect, it } from 'vitest';
import { countActiveDecoderParameters, countDecoderParameters } from '../tensor-inventory.js';
import { OPEN_MODELS } from './index.js';

describe('the open-model catalog', () => {
  it('lists at least 40 models', () => {
    expect(OPEN_MODELS.length).toBeGreaterThanOrEqual(40);
  });

  it('gives every id and alias to exactly one model, case-insensitively', () => {
    const owners = new Map<string, string>();
    for (const model of OPEN_MODELS) {
      for (const name of new Set([model.id, ...model.aliases].map(normalizeName))) {
        expect(owners.get(name), `"${name}" is claimed by ${owners.get(name)} and ${model.id}`).toBeUndefined();
        owners.set(name, model.id);
      }
    }
  });

  it('counts active parameters as the publishers who give exact figures do: output head in, input embedding out', () => {
    const byId = (id: string) => OPEN_MODELS.find((model) => model.id === id);
    // OpenAI's gpt-oss model card: 5.13B active for gpt-oss-120b, 3.61B for gpt-oss-20b.
    expect(byId('openai/gpt-oss-120b')?.activeParameterCount).toBe(5_132_849_472);
    expect(byId('openai/gpt-oss-20b')?.activeParameterCount).toBe(3_608_307_264);
    // A tied embedding is the output head, so a small tied model is fully active.
    const tied = byId('Qwen/Qwen3-0.6B');
    expect(tied?.activeParameterCount).toBe(tied?.parameterCount);
  });

  describe.each(OPEN_MODELS.map((model) => [model.id, model] as const))('%s', (_id, model) => {
    it('has a parameter count equal to its tensors (text decoder plus multimodal towers)', () => {
      expect(countDecoderParameters(model.architecture) + model.multimodalParameterCount).toBe(model.parameterCount);
    });

    it('has the active parameter count its tensors give (one definition for every entry)', () => {
      expect(model.activeParameterCount).toBe(Math.round(countActiveDecoderParameters(model.architecture)));
      expect(model.activeParameterCount).toBeLessThanOrEqual(model.parameterCount);
    });

    it('is internally consistent', () => {
      const arch = model.architecture;
      expect(arch.attentionHeads % arch.kvHeads, 'attention heads are a multiple of KV heads').toBe(0);
      expect(arch.layers % arch.attentionLayers.length === 0 || arch.attentionLayers.length < arch.layers).toBe(true);
      const usesMla = arch.attentionLayers.some((layer) => layer.kind === 'mla');
      expect(usesMla, 'MLA layers need MLA dimensions').toBe(arch.mla !== undefined);
      const usesLinear = arch.attentionLayers.some((layer) => layer.kind === 'linear');
      expect(usesLinear, 'linear layers need linear-attention dimensions').toBe(arch.linearAttention !== undefined);
      if (arch.moe) expect(arch.moe.activeExperts).toBeLessThanOrEqual(arch.moe.experts);
      expect(model.origin).toBe('catalog');
      expect(model.sourceUrl).toMatch(/^https:\/\//);
      expect(model.license.url).toMatch(/^https:\/\//);
      expect(model.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  });
});

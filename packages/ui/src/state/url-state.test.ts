import { parsePlanUrl } from '@weightplan/api';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, type LinkState, linkHash, menuActionOfHash, stateFromHash, viewOfHash, withoutMenuAction } from './url-state.js';

const FALLBACK: LinkState = {
  hardware: { detected: true },
  scenario: DEFAULT_SCENARIO,
  useCase: 'chat',
  matrixContextTokens: null,
  finetuneModel: null,
  planId: null,
};

const PLANNED: LinkState = {
  hardware: { whatIf: { gpu: 'RTX 3090', gpus: 2, ramGiB: 128 } },
  scenario: {
    model: 'meta-llama/Llama-3.3-70B-Instruct',
    precision: 'Q4_K_M',
    contextTokens: 32_768,
    promptTokens: 8192,
    cachedPromptTokens: 16_384,
    concurrency: 2,
    kvCacheType: 'q8_0',
    runtime: 'llama.cpp',
    flashAttention: false,
    gpuMemoryUtilization: 0.85,
    splitMode: 'row',
  },
  useCase: 'coding',
  matrixContextTokens: 16_384,
  finetuneModel: 'Qwen/Qwen3-8B',
  planId: 'two-3090s',
};

describe('the planner state in the address', () => {
  it('round-trips every field: a reload or a copied link opens the same plan', () => {
    const hash = linkHash('scenario', PLANNED);
    expect(viewOfHash(hash)).toBe('scenario');
    expect(stateFromHash(hash, FALLBACK)).toEqual(PLANNED);
  });

  it('round-trips this machine with changes, and a saved profile whole', () => {
    const detected: LinkState = { ...FALLBACK, hardware: { detected: true, ramGiB: 256, nodes: 2 } };
    expect(stateFromHash(linkHash('fit', detected), FALLBACK)).toEqual(detected);
    const profile = { label: 'Lab box – 4× “A100”', gpus: [] } as never;
    const saved: LinkState = { ...FALLBACK, hardware: { profile } };
    expect(stateFromHash(linkHash('fit', saved), FALLBACK).hardware).toEqual({ profile });
  });

  it("is the link the CLI reads: parsePlanUrl (the router's estimate schema) finds the same scenario", () => {
    const link = parsePlanUrl(`http://127.0.0.1:8080/${linkHash('scenario', PLANNED)}`);
    expect(link).toEqual({
      view: 'scenario',
      useCase: 'coding',
      planId: 'two-3090s',
      input: {
        model: 'meta-llama/Llama-3.3-70B-Instruct',
        precision: 'Q4_K_M',
        contextTokens: 32_768,
        promptTokens: 8192,
        cachedPromptTokens: 16_384,
        concurrency: 2,
        kvCacheType: 'q8_0',
        runtime: 'llama.cpp',
        flashAttention: false,
        gpuMemoryUtilization: 0.85,
        splitMode: 'row',
        hardware: { whatIf: { gpu: 'RTX 3090', gpus: 2, ramGiB: 128 } },
      },
    });
    expect(parsePlanUrl(`weightplan://open${linkHash('answer', FALLBACK)}`).input.hardware).toEqual({ detected: true });
  });

  it('keeps the fallback for fields a typed-in link gets wrong, and for a link with no query', () => {
    const state = stateFromHash('#/scenario?context=lots&kv=q3&runtime=tgi&use=poetry&model=qwen3%3A8b', FALLBACK);
    expect(state.scenario).toEqual({ ...DEFAULT_SCENARIO, model: 'qwen3:8b' });
    expect(state.useCase).toBe('chat');
    expect(stateFromHash('#/fit', PLANNED)).toBe(PLANNED);
  });

  it('carries what the Inspect view reads (a path or a Hub id), and only when there is one', () => {
    for (const inspectTarget of ['/models/Qwen3-8B-Q4_K_M.gguf', 'hf:bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M']) {
      const state: LinkState = { ...FALLBACK, inspectTarget };
      expect(stateFromHash(linkHash('inspect', state), FALLBACK)).toEqual(state);
    }
    expect(linkHash('inspect', FALLBACK)).not.toContain('inspect=');
  });

  it("reads the desktop menu's do= action, ignoring any it does not know", () => {
    expect(menuActionOfHash(`${linkHash('inspect', FALLBACK)}&do=open-weights`)).toBe('open-weights');
    expect(menuActionOfHash('#/plans?do=open-plan')).toBe('open-plan');
    expect(menuActionOfHash('#/plans?do=format-disk')).toBeNull();
    expect(menuActionOfHash('#/plans')).toBeNull();
    expect(withoutMenuAction('#/inspect?model=x&do=open-weights&use=chat')).toBe('#/inspect?model=x&use=chat');
    expect(withoutMenuAction('#/plans?do=open-plan')).toBe('#/plans');
  });
});

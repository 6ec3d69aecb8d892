import { describe, expect, it } from 'vitest';
import { parsePlanUrl } from './plan-url.js';

describe('planner links (Copy link, weightplan estimate --plan-url)', () => {
  it('reads every scenario field and a what-if machine from a web link', () => {
    const link = parsePlanUrl(
      'http://127.0.0.1:8080/#/scenario?model=meta-llama%2FLlama-3.3-70B-Instruct&precision=Q4_K_M&context=32768&prompt=8192&concurrency=2&kv=q8_0&runtime=llama.cpp&fa=0&gpu=RTX+3090&gpus=2&ram=128&use=coding',
    );
    expect(link).toEqual({
      view: 'scenario',
      useCase: 'coding',
      planId: null,
      input: {
        model: 'meta-llama/Llama-3.3-70B-Instruct',
        precision: 'Q4_K_M',
        contextTokens: 32_768,
        promptTokens: 8192,
        concurrency: 2,
        kvCacheType: 'q8_0',
        runtime: 'llama.cpp',
        flashAttention: false,
        hardware: { whatIf: { gpu: 'RTX 3090', gpus: 2, ramGiB: 128 } },
      },
    });
  });

  it("reads the desktop app's weightplan:// link the same way; no machine means this machine", () => {
    const link = parsePlanUrl('weightplan://open#/fit?context=16384&runtime=auto&plan=abc123');
    expect(link.view).toBe('fit');
    expect(link.planId).toBe('abc123');
    expect(link.input).toEqual({ contextTokens: 16_384, hardware: { detected: true } });
  });

  it('carries a saved profile whole, as base64url JSON', () => {
    const profile = { label: 'lab box' };
    const link = `http://h/#/scenario?profile=${Buffer.from(JSON.stringify(profile)).toString('base64url')}`;
    // Not a complete profile: the router's schema refuses it, naming the field.
    expect(() => parsePlanUrl(link)).toThrow(/^the link does not describe a plan: hardware/);
  });

  it.each([
    ['not a url', /is not a URL/],
    ['http://h/#/scenario?context=abc', /context=abc is not a number/],
    ['http://h/#/scenario?context=1.5', /contextTokens/],
    ['http://h/#/scenario?kv=q3', /kvCacheType/],
    ['http://h/#/scenario?runtime=tgi', /runtime/],
    ['http://h/#/scenario?fa=yes', /fa=yes must be 0 or 1/],
    ['http://h/#/scenario?gpus=2', /gpus= needs gpu=/],
    ['http://h/#/scenario?use=poetry', /use=poetry must be one of chat, coding, rag, batch/],
  ])('refuses %s with a one-line reason', (link, message) => {
    expect(() => parsePlanUrl(link)).toThrow(message);
  });
});

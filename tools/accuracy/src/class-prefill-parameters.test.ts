import { describe, expect, it } from 'vitest';
import { throughputCases } from './cases.js';
import { classPrefillParameters, DEEP_PROMPT_CACHED_TOKENS, type ProbeCase, prepareProbes } from './fit.js';

const probes = prepareProbes(throughputCases().cases);
const attention = 'prefillAttentionEfficiency.noFlash';
const paths = (rows: ProbeCase[]) => classPrefillParameters(rows).map((p) => p.path);
const isDeepPrompt = (p: ProbeCase) => p.case.metric === 'pp' && p.case.row.kvDepth >= DEEP_PROMPT_CACHED_TOKENS;
const r9700Rocm = probes.filter((p) => p.case.hardwareId === 'amd-radeon-ai-pro-r9700' && p.case.row.backend === 'llama.cpp ROCm');

describe('what a hardware class fits of prompt processing', () => {
  it('fits its own attention rate when at least two of its prompts follow a deep cache', () => {
    expect(r9700Rocm.filter(isDeepPrompt)).toHaveLength(3);
    expect(paths(r9700Rocm)).toContain(attention);
  });

  it('keeps its parent attention rate when its prompts start from an empty cache (at 512 tokens attention is a few percent)', () => {
    const rtx3090 = probes.filter((p) => p.case.hardwareId === 'nvidia-geforce-rtx-3090');
    expect(rtx3090.length).toBeGreaterThan(50);
    expect(paths(rtx3090)).not.toContain(attention);
  });

  it('needs two deep prompts: one cannot tell the attention rate from the matrix rate', () => {
    const firstDeep = r9700Rocm.find(isDeepPrompt);
    const oneDeep = r9700Rocm.filter((p) => !isDeepPrompt(p) || p === firstDeep);
    expect(oneDeep.filter(isDeepPrompt)).toHaveLength(1);
    expect(paths(oneDeep)).not.toContain(attention);
  });
});

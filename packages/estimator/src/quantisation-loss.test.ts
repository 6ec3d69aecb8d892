import { builtInModels, getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { qualityProxyScore, releasedQualityProxy } from './quality-proxy.js';
import { describeQuantisationLoss, NATS_PER_PARAMETER_DOUBLING, quantisationLoss } from './quantisation-loss.js';

const models = builtInModels().models;
const model = (id: string) => {
  const found = models.find((m) => m.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('quantisation loss from the llama.cpp KL-divergence scoreboard', () => {
  it('reads the measured mean KLD of each quant type (Llama 3 8B vs FP16)', () => {
    expect(quantisationLoss(getPrecision('Q8_0')).meanKld).toBe(0.001355);
    expect(quantisationLoss(getPrecision('Q4_K_M')).meanKld).toBe(0.031273);
    expect(quantisationLoss(getPrecision('IQ2_XXS')).meanKld).toBe(0.812022);
    expect(quantisationLoss(getPrecision('Q4_K_M')).basis).toBe('measured');
  });

  it('converts KLD to halvings of the model: ln(5.79/3.43) nats over log2(70/7) doublings (Llama 2 7B vs 70B)', () => {
    expect(NATS_PER_PARAMETER_DOUBLING).toBeCloseTo(Math.log(5.7946 / 3.4313) / Math.log2(10), 2);
    // Q4_K_M: 0.031273 / 0.158 = 0.198 doublings; IQ2_XXS: 0.812022 / 0.158 = 5.14.
    expect(quantisationLoss(getPrecision('Q4_K_M')).parameterDoublings).toBeCloseTo(0.198, 3);
    expect(quantisationLoss(getPrecision('IQ2_XXS')).parameterDoublings).toBeCloseTo(5.139, 3);
  });

  it('orders the ladder: every step down loses more', () => {
    const ladder = ['BF16', 'Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'IQ4_XS', 'Q3_K_M', 'IQ3_XXS', 'Q2_K', 'IQ2_XXS'];
    const losses = ladder.map((id) => quantisationLoss(getPrecision(id)).meanKld);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
  });

  it('reads unmeasured formats as the nearest measured type, and says so', () => {
    const awq = quantisationLoss(getPrecision('AWQ-INT4'));
    expect(awq).toMatchObject({ basis: 'assumed', assumedAs: 'Q4_K_M', meanKld: 0.031273 });
    expect(describeQuantisationLoss(awq)).toMatch(/not measured: read as Q4_K_M/);
  });

  it('charges nothing for the format a model was released in (gpt-oss in MXFP4, DeepSeek-V3 in FP8)', () => {
    expect(quantisationLoss(getPrecision('MXFP4'), model('openai/gpt-oss-20b')).meanKld).toBe(0);
    expect(quantisationLoss(getPrecision('FP8'), model('deepseek-ai/DeepSeek-V3-0324')).meanKld).toBe(0);
    expect(quantisationLoss(getPrecision('FP8'), model('meta-llama/Llama-3.1-8B-Instruct')).basis).toBe('assumed');
  });

  it('takes the loss off the size/recency proxy', () => {
    const llama = model('meta-llama/Llama-3.3-70B-Instruct');
    expect(releasedQualityProxy(llama) - qualityProxyScore(llama, getPrecision('Q4_K_M'))).toBeCloseTo(0.031273 / 0.158, 6);
    expect(qualityProxyScore(llama, getPrecision('BF16'))).toBe(releasedQualityProxy(llama));
  });
});

import type { OpenModelSpec, Precision } from '@weightplan/weights';

/**
 * Where the quantisation losses come from: llama.cpp's "LLaMA 3 8b Scoreboard" (tools/perplexity/README.md,
 * added in PR #6936, CUDA on one RTX 4090, Wikitext-2): mean KL divergence of each quant type's token
 * distribution from FP16's, with and without an importance matrix.
 */
export const QUANTISATION_LOSS_SOURCE = 'https://github.com/ggml-org/llama.cpp/blob/master/tools/perplexity/README.md';
export const QUANTISATION_LOSS_READ_ON = '2024-04-30';

/**
 * Mean KLD (nats per token) against FP16, Llama 3 8B. Rows without an importance matrix where the scoreboard
 * has one (that is what most downloads are); the i-quants only exist with one ("WT 10m" rows).
 */
const MEASURED_KLD: Record<string, number> = {
  Q8_0: 0.001355,
  Q6_K: 0.005452,
  Q5_K_M: 0.010762,
  Q5_K_S: 0.016595,
  Q5_1: 0.018045,
  Q5_0: 0.022239,
  Q4_K_M: 0.031273,
  Q4_K_S: 0.043136,
  IQ4_NL: 0.035742,
  IQ4_XS: 0.036334,
  Q4_1: 0.071683,
  Q4_0: 0.07194,
  Q3_K_L: 0.087176,
  Q3_K_M: 0.101913,
  Q3_K_S: 0.228217,
  IQ3_M: 0.102534,
  IQ3_S: 0.111278,
  IQ3_XS: 0.138693,
  IQ3_XXS: 0.183625,
  Q2_K: 0.445132,
  Q2_K_S: 0.40336,
  IQ2_M: 0.325989,
  IQ2_S: 0.439197,
  IQ2_XS: 0.54629,
  IQ2_XXS: 0.812022,
  IQ1_M: 1.393084,
  IQ1_S: 2.254554,
};

/** Formats the scoreboard does not measure, read as the measured type closest in bits and block layout. */
const ASSUMED_AS: Record<string, string> = {
  // bartowski's _L/_XL files keep embeddings and output at Q8_0: at most as lossy as their base type.
  Q6_K_L: 'Q6_K',
  Q5_K_L: 'Q5_K_M',
  Q4_K_L: 'Q4_K_M',
  Q3_K_XL: 'Q3_K_L',
  Q2_K_L: 'Q2_K',
  // 8-bit formats with a scale per channel or block lose about what Q8_0 does.
  FP8: 'Q8_0',
  INT8: 'Q8_0',
  'GPTQ-INT8': 'Q8_0',
  'MLX-8BIT': 'Q8_0',
  // 4-bit group quantisation with a scale (and zero point) per 32-128 weights, as Q4_0/Q4_1 and the K-quants.
  'AWQ-INT4': 'Q4_K_M',
  'GPTQ-INT4': 'Q4_K_M',
  'MLX-4BIT': 'Q4_1',
  NF4: 'Q4_0',
  MXFP4: 'Q4_0',
  MXFP4_MOE: 'Q4_0',
  TQ2_0: 'IQ2_XXS',
  TQ1_0: 'IQ1_S',
};

/** Which precisions a released checkpoint already is: quantising to them loses nothing against what was published. */
const NATIVE: Record<string, readonly string[]> = {
  bfloat16: ['BF16', 'F16', 'F32'],
  float16: ['BF16', 'F16', 'F32'],
  float8_e4m3fn: ['FP8', 'BF16', 'F16', 'F32'],
  mxfp4: ['MXFP4', 'MXFP4_MOE', 'BF16', 'F16', 'F32'],
  int4: ['AWQ-INT4', 'GPTQ-INT4', 'BF16', 'F16', 'F32'],
};

/**
 * Nats of loss per halving of parameters, to put a quantisation's KLD on the ranking's log2-of-parameters
 * scale: Llama 2 7B and 70B at FP16 score Wikitext-2 perplexity 5.79 and 3.43 on the same scoreboard
 * (ln(5.79/3.43) = 0.52 nats over log2(10) = 3.3 doublings), so 0.158 nats of KLD cost about what halving
 * the model would. Llama 3 8B is among the models hardest to quantise, so larger models lose less than this.
 */
export const NATS_PER_PARAMETER_DOUBLING = 0.158;

export interface QuantisationLoss {
  precision: string;
  /** Mean KL divergence from the released weights, nats per token. */
  meanKld: number;
  /** measured: this type's own row; assumed: the row of `assumedAs`; native: the released weights are this format. */
  basis: 'measured' | 'assumed' | 'native';
  assumedAs: string | null;
  /** Loss in halvings of the parameter count (the ranking's scale). */
  parameterDoublings: number;
  sourceUrl: string;
}

/** The quality a precision loses against the released weights, from the cited KL-divergence table. */
export function quantisationLoss(precision: Precision, model?: OpenModelSpec): QuantisationLoss {
  const id = precision.id.toUpperCase();
  const native = model ? (NATIVE[model.releasedDtype] ?? []) : ['BF16', 'F16', 'F32'];
  const build = (meanKld: number, basis: QuantisationLoss['basis'], assumedAs: string | null): QuantisationLoss => ({
    precision: precision.id,
    meanKld,
    basis,
    assumedAs,
    parameterDoublings: meanKld / NATS_PER_PARAMETER_DOUBLING,
    sourceUrl: QUANTISATION_LOSS_SOURCE,
  });
  if (native.includes(id)) return build(0, 'native', null);
  const measured = MEASURED_KLD[id];
  if (measured !== undefined) return build(measured, 'measured', null);
  const proxy = ASSUMED_AS[id];
  const proxyKld = proxy === undefined ? undefined : MEASURED_KLD[proxy];
  if (proxy !== undefined && proxyKld !== undefined) return build(proxyKld, 'assumed', proxy);
  // Unknown formats: by nominal bits, the K-quant of that width (the common choice), never lossless below 16 bits.
  const byBits =
    precision.nominalBits >= 16
      ? 0
      : precision.nominalBits >= 8
        ? 'Q8_0'
        : precision.nominalBits >= 6
          ? 'Q6_K'
          : precision.nominalBits >= 5
            ? 'Q5_K_M'
            : precision.nominalBits >= 4
              ? 'Q4_K_M'
              : precision.nominalBits >= 3
                ? 'Q3_K_M'
                : precision.nominalBits >= 2
                  ? 'Q2_K'
                  : 'IQ1_S';
  if (byBits === 0) return build(0, 'native', null);
  return build(MEASURED_KLD[byBits] ?? 0, 'assumed', byBits);
}

/** One line for a planner: "Q4_K_M: mean KLD 0.031 vs FP16 (llama.cpp scoreboard, Llama 3 8B)". */
export function describeQuantisationLoss(loss: QuantisationLoss): string {
  if (loss.basis === 'native') return `${loss.precision}: the released weights' own format, no quantisation loss`;
  const kld = loss.meanKld < 0.01 ? loss.meanKld.toFixed(4) : loss.meanKld.toFixed(3);
  const assumed = loss.assumedAs ? `, not measured: read as ${loss.assumedAs}` : '';
  return `${loss.precision}: mean KL divergence ${kld} nats/token from the full-precision model${assumed} (llama.cpp perplexity scoreboard, Llama 3 8B)`;
}

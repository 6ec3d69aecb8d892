import { InvalidInputError } from '@weightplan/match';
import type { ModelArchitecture, OpenModelSpec, Precision } from '@weightplan/weights';
import { z } from 'zod';
import type { ModelCosts } from './layer-costs.js';

/**
 * Speculative decoding: a cheap drafter proposes `k` tokens, the target checks all of them (and produces
 * one more) in a single forward pass over `k + 1` tokens, and keeps the longest prefix it agrees with.
 * - `draft-model`: a small model of the same tokenizer (llama.cpp `-md`, vLLM `draft_model`, SGLang `STANDALONE`);
 * - `mtp`: the multi-token-prediction layer some checkpoints ship (DeepSeek-V3/R1: one extra MoE layer);
 * - `eagle`: a published EAGLE head, one decoder layer trained on the target's hidden states.
 */
export const SpeculativeMethodSchema = z.enum(['draft-model', 'mtp', 'eagle']);
export type SpeculativeMethod = z.infer<typeof SpeculativeMethodSchema>;

/** What is generated: acceptance depends on it (code and structured text are easier to guess). */
export const SpeculativeTaskSchema = z.enum(['chat', 'coding']);
export type SpeculativeTask = z.infer<typeof SpeculativeTaskSchema>;

/** Longest draft modelled: llama.cpp's `--draft-max` default is 16; longer drafts only pay at acceptance near 1. */
export const MAX_DRAFT_TOKENS = 32;

/** The estimator's view of a speculative setup; the API resolves names into it. */
export interface DraftRequest {
  method: SpeculativeMethod;
  /** The draft model (`draft-model` only). */
  model?: OpenModelSpec;
  /** Its precision; default: the target's. */
  precision?: Precision;
  /** Probability that the target accepts a drafted token (α); default: cited measurements per method and task. */
  acceptanceRate?: number;
  /** Tokens drafted per verification (k); default: the k that maximises expected speed (1 for MTP). */
  draftTokens?: number;
  task?: SpeculativeTask;
}

/** A published acceptance measurement, the default α for its method and task. */
export interface AcceptanceMeasurement {
  method: SpeculativeMethod;
  task: SpeculativeTask;
  acceptanceRate: number;
  what: string;
  sourceUrl: string;
}

/**
 * Defaults for α. llama.cpp prints "accept" as accepted / drafted tokens, which equals the per-token α of the
 * geometric model below only when every draft runs to its full length; it is taken as α here and the band
 * around it covers the difference.
 */
export const ACCEPTANCE_MEASUREMENTS: readonly AcceptanceMeasurement[] = [
  {
    method: 'draft-model',
    task: 'chat',
    acceptanceRate: 0.72,
    what: 'Llama 3.1 8B Q8_0 drafted by Llama 3.2 1B Q8_0 (llama-speculative, 5 tokens per draft): 526 of 730 drafted tokens accepted',
    sourceUrl: 'https://github.com/ggml-org/llama.cpp/issues/5877',
  },
  {
    method: 'draft-model',
    task: 'coding',
    acceptanceRate: 0.57,
    what: 'Qwen3-235B-A22B drafted by Qwen3-0.6B (llama-server, refactoring a bash script): 1376 of 2433 drafted tokens accepted',
    sourceUrl: 'https://github.com/ggml-org/llama.cpp/pull/14132',
  },
  {
    method: 'mtp',
    task: 'chat',
    acceptanceRate: 0.85,
    what: 'DeepSeek-V3 technical report, section 5.4.3: the second token predicted by the MTP module is accepted 85% to 90% of the time across generation topics (1.8x tokens per second)',
    sourceUrl: 'https://arxiv.org/abs/2412.19437',
  },
  {
    method: 'eagle',
    task: 'chat',
    acceptanceRate: 0.8,
    what: 'EAGLE (ICML 2024): draft acceptance about 0.8 on MT-bench for Vicuna and LLaMA2-Chat',
    sourceUrl: 'https://arxiv.org/abs/2401.15077',
  },
];

/**
 * The lowest acceptance among the cited llama.cpp runs: Qwen2.5-Coder-32B drafted by Qwen2.5-Coder-3B at
 * 16 tokens per draft accepted 313 of 912 (34%). The low end of every speculative band is computed there,
 * which is where a draft slows generation down.
 */
export const LOW_ACCEPTANCE = { acceptanceRate: 0.34, sourceUrl: 'https://github.com/ggml-org/llama.cpp/pull/10455' } as const;

/** The default α for a method and task: the measurement for that task, else the method's chat figure. */
export function defaultAcceptance(method: SpeculativeMethod, task: SpeculativeTask): AcceptanceMeasurement {
  const exact = ACCEPTANCE_MEASUREMENTS.find((m) => m.method === method && m.task === task);
  const fallback = ACCEPTANCE_MEASUREMENTS.find((m) => m.method === method && m.task === 'chat');
  const found = exact ?? fallback;
  if (!found) throw new Error(`no acceptance measurement for ${method}`);
  return found;
}

/** Expected tokens produced per verification with `k` drafted tokens at acceptance α: (1 - α^(k+1)) / (1 - α). */
export function expectedTokensPerStep(acceptanceRate: number, draftTokens: number): number {
  if (acceptanceRate >= 1) return draftTokens + 1;
  return (1 - acceptanceRate ** (draftTokens + 1)) / (1 - acceptanceRate);
}

/** Timings of one speculative step, in seconds. */
export interface SpeculativeTimings {
  /** One drafter step (one drafted token). */
  draftSeconds: number;
  /** One target forward pass over k + 1 tokens, as a function of k. */
  verifySeconds: (draftTokens: number) => number;
}

/** Tokens per second per sequence: expected tokens per step over (k x t_draft + t_verify(k + 1)). */
export function speculativeTokensPerSecond(acceptanceRate: number, draftTokens: number, timings: SpeculativeTimings): number {
  return expectedTokensPerStep(acceptanceRate, draftTokens) / (draftTokens * timings.draftSeconds + timings.verifySeconds(draftTokens));
}

/** The draft length that maximises expected speed at α, from 1 to `maxDraftTokens`. */
export function bestDraftTokens(acceptanceRate: number, timings: SpeculativeTimings, maxDraftTokens = 16): number {
  let best = 1;
  let bestSpeed = 0;
  for (let k = 1; k <= maxDraftTokens; k++) {
    const speed = speculativeTokensPerSecond(acceptanceRate, k, timings);
    if (speed > bestSpeed) {
      best = k;
      bestSpeed = speed;
    }
  }
  return best;
}

/**
 * The acceptance rate below which speculation is slower than plain decoding at `targetStepSeconds` (bisection;
 * speed rises with α). 0 when even α = 0 breaks even, 1 when no acceptance can pay for the draft.
 */
export function breakEvenAcceptance(draftTokens: number, timings: SpeculativeTimings, targetStepSeconds: number): number {
  const plain = 1 / targetStepSeconds;
  const speedAt = (alpha: number) => speculativeTokensPerSecond(alpha, draftTokens, timings);
  if (speedAt(0) >= plain) return 0;
  if (speedAt(0.999999) < plain) return 1;
  let low = 0;
  let high = 0.999999;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (speedAt(mid) >= plain) high = mid;
    else low = mid;
  }
  return high;
}

/** A published drafting head for a target: a multi-token-prediction layer or an EAGLE head. */
export interface DraftHead {
  method: 'mtp' | 'eagle';
  /** Catalog ids of the targets it drafts for. */
  targetIds: readonly string[];
  /** Where the head's weights are (the target's own repository for MTP). */
  repository: string | null;
  /** vLLM's `method` in `--speculative-config`. */
  vllmMethod: string;
  /** SGLang's `--speculative-algorithm`. */
  sglangAlgorithm: string;
  /**
   * Shape: an MTP head is one more layer like the target's last plus a projection of [embedding; hidden]
   * (2h -> h); an EAGLE-1/2 head a dense decoder layer after a 2h -> h projection; an EAGLE-3 head a dense
   * layer whose attention reads 2h, a 3h -> h fusion and its own output head over a reduced vocabulary.
   */
  shape: 'target-layer' | 'eagle' | 'eagle3';
  /** EAGLE-3's draft vocabulary (its own output head); otherwise the target's head is reused. */
  draftVocabSize: number | null;
  sourceUrl: string;
}

const DEEPSEEK_MTP_TARGETS = [
  'deepseek-ai/DeepSeek-V3-0324',
  'deepseek-ai/DeepSeek-R1',
  'deepseek-ai/DeepSeek-R1-0528',
  'deepseek-ai/DeepSeek-V3.1',
  'deepseek-ai/DeepSeek-V3.1-Terminus',
];

export const DRAFT_HEADS: readonly DraftHead[] = [
  {
    method: 'mtp',
    targetIds: DEEPSEEK_MTP_TARGETS,
    repository: null,
    vllmMethod: 'deepseek_mtp',
    sglangAlgorithm: 'EAGLE',
    shape: 'target-layer',
    draftVocabSize: null,
    // num_nextn_predict_layers = 1: model.layers.61, 11.5B unique parameters beside the shared embedding and head.
    sourceUrl: 'https://github.com/deepseek-ai/DeepSeek-V3/blob/main/README_WEIGHTS.md',
  },
  {
    method: 'eagle',
    targetIds: ['meta-llama/Llama-3.1-8B-Instruct'],
    repository: 'yuhuili/EAGLE3-LLaMA3.1-Instruct-8B',
    vllmMethod: 'eagle3',
    sglangAlgorithm: 'EAGLE3',
    shape: 'eagle3',
    draftVocabSize: 32_000,
    sourceUrl: 'https://github.com/SafeAILab/EAGLE',
  },
  {
    method: 'eagle',
    targetIds: ['meta-llama/Llama-3.3-70B-Instruct'],
    repository: 'yuhuili/EAGLE3-LLaMA3.3-Instruct-70B',
    vllmMethod: 'eagle3',
    sglangAlgorithm: 'EAGLE3',
    shape: 'eagle3',
    draftVocabSize: 32_000,
    sourceUrl: 'https://github.com/SafeAILab/EAGLE',
  },
  {
    method: 'eagle',
    targetIds: ['deepseek-ai/DeepSeek-R1-Distill-Llama-8B'],
    repository: 'yuhuili/EAGLE3-DeepSeek-R1-Distill-LLaMA-8B',
    vllmMethod: 'eagle3',
    sglangAlgorithm: 'EAGLE3',
    shape: 'eagle3',
    draftVocabSize: 32_000,
    sourceUrl: 'https://github.com/SafeAILab/EAGLE',
  },
  {
    method: 'eagle',
    targetIds: ['meta-llama/Meta-Llama-3-8B-Instruct'],
    repository: 'yuhuili/EAGLE-LLaMA3-Instruct-8B',
    vllmMethod: 'eagle',
    sglangAlgorithm: 'EAGLE',
    shape: 'eagle',
    draftVocabSize: null,
    sourceUrl: 'https://github.com/SafeAILab/EAGLE',
  },
  {
    method: 'eagle',
    targetIds: ['meta-llama/Meta-Llama-3-70B-Instruct'],
    repository: 'yuhuili/EAGLE-LLaMA3-Instruct-70B',
    vllmMethod: 'eagle',
    sglangAlgorithm: 'EAGLE',
    shape: 'eagle',
    draftVocabSize: null,
    sourceUrl: 'https://github.com/SafeAILab/EAGLE',
  },
];

/** The published head of `method` for `target`, or a one-line error naming the targets that have one. */
export function draftHeadFor(method: 'mtp' | 'eagle', target: OpenModelSpec): DraftHead {
  const head = DRAFT_HEADS.find((h) => h.method === method && h.targetIds.includes(target.id));
  if (head) return head;
  const withHeads = DRAFT_HEADS.filter((h) => h.method === method).flatMap((h) => h.targetIds);
  const what = method === 'mtp' ? 'multi-token-prediction (MTP) layer' : 'published EAGLE head';
  throw new InvalidInputError(
    `${target.name} has no ${what}; models with one: ${withHeads.join(', ')}; or draft with a smaller model (draft.model)`,
  );
}

/** llama.cpp accepts a draft whose vocabulary differs by at most this many tokens (SPEC_VOCAB_MAX_SIZE_DIFFERENCE). */
export const MAX_VOCAB_DIFFERENCE = 128;

/** A draft model must speak the target's tokenizer and be smaller; otherwise a one-line error. */
export function validateDraftModel(target: OpenModelSpec, draft: OpenModelSpec): void {
  const targetVocab = target.architecture.vocabSize;
  const draftVocab = draft.architecture.vocabSize;
  if (Math.abs(targetVocab - draftVocab) > MAX_VOCAB_DIFFERENCE) {
    throw new InvalidInputError(
      `draft ${draft.name} has a ${draftVocab.toLocaleString('en-US')}-token vocabulary and ${target.name} ${targetVocab.toLocaleString('en-US')}: a draft must share the target's tokenizer (same family, vocabularies within ${MAX_VOCAB_DIFFERENCE} tokens, as llama.cpp requires)`,
    );
  }
  if (draft.id === target.id)
    throw new InvalidInputError(`draft ${draft.name} is the target itself: pick a smaller model of the same family`);
  if (draft.parameterCount >= target.parameterCount) {
    throw new InvalidInputError(
      `draft ${draft.name} (${(draft.parameterCount / 1e9).toFixed(1)}B parameters) is not smaller than ${target.name} (${(target.parameterCount / 1e9).toFixed(1)}B): a draft must be a smaller model`,
    );
  }
}

/** Weights of a drafting head: what it adds in memory and what it reads per drafted token. */
export interface HeadCost {
  /** Bytes the head adds (shared embedding and shared output head excluded). */
  weightsBytes: number;
  /** Bytes read per drafted token, the shared output head included when the head reuses it. */
  readBytesPerToken: number;
  /** Decoder layers the head runs per drafted token. */
  layers: number;
}

const BF16_BYTES = 2;

/**
 * The head's weights. An MTP layer is stored like the target's layers (same precision, the last layer's
 * shape) plus its 2h x h projection; EAGLE heads are published in 16-bit. Counts: DeepSeek-V3's MTP layer
 * comes to 11.6B parameters, as its README_WEIGHTS.md states (11.5B plus the projection and norms).
 */
export function headCost(head: DraftHead, arch: ModelArchitecture, costs: ModelCosts): HeadCost {
  const h = arch.hiddenSize;
  if (head.shape === 'target-layer') {
    const last = costs.layers[arch.layers - 1];
    if (!last) throw new Error('model has no layers');
    const bytesPerElement = last.readElementsPerToken > 0 ? last.readBytesPerToken / last.readElementsPerToken : BF16_BYTES;
    const projectionBytes = 2 * h * h * bytesPerElement;
    return {
      weightsBytes: last.weightsBytes + projectionBytes,
      readBytesPerToken: last.readBytesPerToken + projectionBytes + costs.edges.outputReadBytesPerToken,
      layers: 1,
    };
  }
  const attentionInput = head.shape === 'eagle3' ? 2 * h : h;
  const qWidth = arch.attentionHeads * arch.headDim;
  const kvWidth = arch.kvHeads * arch.headDim;
  const attention = attentionInput * (qWidth + 2 * kvWidth) + qWidth * h;
  const mlp = 3 * h * arch.intermediateSize;
  const fusion = (head.shape === 'eagle3' ? 3 : 2) * h * h;
  const ownHead = head.draftVocabSize !== null ? head.draftVocabSize * h : 0;
  const weightsBytes = (attention + mlp + fusion + ownHead) * BF16_BYTES;
  return {
    weightsBytes,
    readBytesPerToken: weightsBytes + (head.draftVocabSize === null ? costs.edges.outputReadBytesPerToken : 0),
    layers: 1,
  };
}

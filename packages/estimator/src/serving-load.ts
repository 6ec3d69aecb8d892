import { InvalidInputError } from '@weightplan/match';

export interface ServingLoadInput {
  /** One decode step with `concurrency` sequences in the batch (each sequence gains one token). */
  decodeStepSeconds: number;
  /** Processing one request's prompt alone (its time to first token). */
  prefillSeconds: number;
  /**
   * Processing a prompt inside the running batch, which already reads the weights each step (chunked
   * prefill): its arithmetic only. Defaults to `prefillSeconds`.
   */
  interleavedPrefillSeconds?: number;
  /** Requests kept in flight (a closed loop: a finished request is replaced at once). */
  concurrency: number;
  /** Tokens each request generates. */
  outputTokens: number;
}

export interface ServingLoad {
  /** From a request's arrival to its last token. */
  requestSeconds: number;
  /** Its own prompt: the time to its first token, without queueing. */
  timeToFirstTokenSeconds: number;
  /** Mean time per output token after the first, with the other requests' prompts interleaved. */
  timePerOutputTokenSeconds: number;
  /** Output tokens of all requests together per second. */
  aggregateOutputTokensPerSecond: number;
}

/**
 * Steady state of a server that keeps `concurrency` requests in flight (vLLM, SGLang, llama.cpp -np):
 * continuous batching admits a new request as soon as one finishes, and its prompt is processed between
 * (or inside, chunked) the decode steps of the others. While one request generates its tokens every
 * other slot turns over once, so it waits through N - 1 prompts besides its own, each costing what it adds to
 * the batch's steps:
 *
 *   request = prefill + (O - 1) x step + (N - 1) x interleaved prefill
 *   aggregate = N x O / request
 *
 * At N = 1 this is single-stream generation after one prompt; as N grows the prompts take a growing share
 * of the GPU, which is why a prompt-heavy workload's throughput bends earlier than pure decode suggests.
 */
export function servingLoad(input: ServingLoadInput): ServingLoad {
  const { decodeStepSeconds, prefillSeconds, concurrency, outputTokens } = input;
  const interleaved = input.interleavedPrefillSeconds ?? prefillSeconds;
  if (!(decodeStepSeconds > 0 && Number.isFinite(decodeStepSeconds)))
    throw new InvalidInputError(`decode step must be a positive number of seconds, got ${decodeStepSeconds}`);
  if (!(prefillSeconds >= 0 && Number.isFinite(prefillSeconds)))
    throw new InvalidInputError(`prefill must be zero or more seconds, got ${prefillSeconds}`);
  if (!(interleaved >= 0 && Number.isFinite(interleaved)))
    throw new InvalidInputError(`interleaved prefill must be zero or more seconds, got ${interleaved}`);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InvalidInputError(`concurrency must be a whole number of requests, at least 1, got ${concurrency}`);
  if (!Number.isInteger(outputTokens) || outputTokens < 1)
    throw new InvalidInputError(`output must be a whole number of tokens, at least 1, got ${outputTokens}`);
  const interleavedSeconds = (outputTokens - 1) * decodeStepSeconds + (concurrency - 1) * interleaved;
  const requestSeconds = prefillSeconds + interleavedSeconds;
  return {
    requestSeconds,
    timeToFirstTokenSeconds: prefillSeconds,
    timePerOutputTokenSeconds: outputTokens > 1 ? interleavedSeconds / (outputTokens - 1) : decodeStepSeconds,
    aggregateOutputTokensPerSecond: (concurrency * outputTokens) / requestSeconds,
  };
}

import { useState } from 'react';
import { useApi } from '../state/api-context.js';
import { type BenchResult, BenchResultTable } from './BenchResultTable.js';
import { ErrorMessage, Loading } from './Status.js';

/** Runtimes whose speed the bench's llama.cpp measures: the same kernels run under Ollama. */
const VERIFIABLE_RUNTIMES: ReadonlySet<string> = new Set(['llama.cpp', 'ollama']);

/**
 * The longest prompt a verification times. A plan's prompt can be 100k tokens; timing that on a CPU takes
 * hours, and prompt speed at 2k tokens already shows whether the plan's prefill rate holds.
 */
export const VERIFY_MAX_PROMPT_TOKENS = 2048;

export interface VerifyPlanProps {
  model: string;
  precision: string;
  runtime: string;
  promptTokens: number;
  /** Whether the plan is for the machine the app runs on (a what-if or saved machine cannot be measured here). */
  onThisMachine: boolean;
}

/**
 * "Verify this plan": measures the plan's own model and precision with llama.cpp on this machine (a
 * synthetic file with the model's exact tensors, nothing downloaded) and shows it against the plan. The
 * measurement is stored, so later estimates on this machine are calibrated by it.
 */
export function VerifyPlan({ model, precision, runtime, promptTokens, onThisMachine }: VerifyPlanProps) {
  const api = useApi();
  const [state, setState] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; result: BenchResult } | { status: 'error'; error: unknown }
  >({ status: 'idle' });
  if (!onThisMachine || !VERIFIABLE_RUNTIMES.has(runtime)) {
    return (
      <p className="muted" data-testid="verify-unavailable">
        {onThisMachine
          ? `Verifying runs llama.cpp on this machine; this plan runs ${runtime}.`
          : 'Verifying measures the machine the app runs on; this plan is for another machine.'}
      </p>
    );
  }
  const run = () => {
    setState({ status: 'running' });
    api.bench.run
      .mutate({
        synthetic: model,
        precision,
        promptTokens: Math.min(promptTokens, VERIFY_MAX_PROMPT_TOKENS),
        genTokens: 64,
        repetitions: 2,
      })
      .then(
        (result) => setState({ status: 'done', result }),
        (error: unknown) => setState({ status: 'error', error }),
      );
  };
  return (
    <div data-testid="verify-plan">
      <button type="button" onClick={run} disabled={state.status === 'running'}>
        Verify this plan on this machine
      </button>
      <p className="muted">
        Runs {model} at {precision} with llama.cpp here ({Math.min(promptTokens, VERIFY_MAX_PROMPT_TOKENS).toLocaleString('en-US')}-token
        prompt, 64 generated tokens, twice) on a synthetic file with its exact tensors, and keeps the result to calibrate later estimates.
      </p>
      {state.status === 'running' && <Loading what="the measurement (a minute or more)" />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={run} />}
      {state.status === 'done' && <BenchResultTable result={state.result} />}
    </div>
  );
}

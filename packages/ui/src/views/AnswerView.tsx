import { useState } from 'react';
import { FitBadge } from '../components/FitBadge.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { formatBytes, formatSeconds, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, type ScenarioSettings, scenarioInput, type UseCase, usePlanner } from '../state/planner.js';
import type { RouterOutputs } from '../state/types.js';
import { useAsync } from '../state/use-async.js';
import { FitMatrixView } from './FitMatrixView.js';

type Recommendation = RouterOutputs['recommend']['recommendations'][number];

export const USE_CASE_LABELS: Record<UseCase, string> = {
  chat: 'Interactive chat',
  coding: 'Coding agent (long context)',
  rag: 'RAG (long prompts, quick first token)',
  batch: 'Batch / offline throughput',
};

/** The scenario a recommendation was estimated for: every field, so opening it shows the same answer. */
export function scenarioOfRecommendation(r: Recommendation): ScenarioSettings {
  const s = r.estimate.scenario;
  return {
    model: r.modelId,
    precision: r.precision,
    contextTokens: s.contextTokens,
    promptTokens: s.promptTokens,
    concurrency: s.concurrency,
    kvCacheType: s.kvCacheType,
    flashAttention: s.flashAttention,
    runtime: r.runtime,
  };
}

function LaunchLine({ recommendation }: { recommendation: Recommendation }) {
  const api = useApi();
  const { state } = usePlanner();
  const scenario = scenarioOfRecommendation(recommendation);
  const launch = useAsync(
    () =>
      api.scenario.mutate({ model: scenario.model, precision: scenario.precision, hardware: state.hardware, ...scenarioInput(scenario) }),
    `${hardwareKey(state.hardware)}|${JSON.stringify(scenario)}`,
  );
  const [copied, setCopied] = useState(false);
  if (launch.status === 'error') return <ErrorMessage error={launch.error} retry={launch.reload} />;
  if (!launch.data) return <Loading what="the launch command" />;
  const { command, unavailable, runtime } = launch.data.launch;
  if (command === null) return <p data-testid="answer-no-command">No launch command: {unavailable?.reason}.</p>;
  return (
    <div className="answer-launch">
      <p className="small muted">Launch with {runtime}:</p>
      <pre className="command" data-testid="answer-command">
        <code>{command}</code>
      </pre>
      <button
        type="button"
        onClick={async () => {
          await navigator.clipboard?.writeText(command);
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy command'}
      </button>
    </div>
  );
}

function speedBand(r: Recommendation): string {
  const t = r.throughput;
  return `${formatTokensPerSecond(t.decodeTokensPerSecond)} tokens/s (likely ${formatTokensPerSecond(t.low)}–${formatTokensPerSecond(t.high)})`;
}

/**
 * The landing view: the answer to "what should I run here, and why" without a click. The top recommendation
 * for this machine and use (model, precision, runtime, memory, speed with its band, why, launch command),
 * the next four, then the whole fit matrix with the answer's cell marked.
 */
export function AnswerView({ onOpenScenario }: { onOpenScenario: (scenario: ScenarioSettings) => void }) {
  const api = useApi();
  const { state, setUseCase } = usePlanner();
  const result = useAsync(
    () => api.recommend.mutate({ hardware: state.hardware, useCase: state.useCase, limit: 5 }),
    `${hardwareKey(state.hardware)}|${state.useCase}`,
  );
  const data = result.data;
  const [top, ...next] = data?.recommendations ?? [];

  return (
    <section aria-labelledby="answer-title">
      <div className="view-header answer-header">
        <h2 id="answer-title">What to run on {state.hardwareLabel}</h2>
        <label>
          For
          <select value={state.useCase} onChange={(event) => setUseCase(event.target.value as UseCase)}>
            {Object.entries(USE_CASE_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.status === 'error' && <ErrorMessage error={result.error} retry={result.reload} />}
      {result.status === 'loading' && !data && <Loading what="the answer" />}
      {data && !top && (
        <Empty>
          Nothing runs here at {data.constraints.minDecodeTokensPerSecond} tokens/s or faster with{' '}
          {data.constraints.contextTokens.toLocaleString('en-US')} tokens of context. Try another use, or plan for more memory on the
          Machine page.
        </Empty>
      )}
      {data && top && (
        <div aria-busy={result.status === 'loading'}>
          <article className="card answer" data-testid="answer" aria-labelledby="answer-model">
            <div className="recommendation-head">
              <h3 id="answer-model">
                {top.modelName} <span className="muted">at {top.precision}</span>
              </h3>
              <FitBadge fit={top.fit} />
            </div>
            <dl className="figures">
              <div>
                <dt>Runtime</dt>
                <dd>{top.runtime}</dd>
              </div>
              <div>
                <dt>Memory</dt>
                <dd>{formatBytes(top.memory.totalBytes)}</dd>
              </div>
              <div>
                <dt>Generation</dt>
                <dd data-testid="answer-speed">{speedBand(top)}</dd>
              </div>
              <div>
                <dt>First token</dt>
                <dd>{formatSeconds(top.throughput.timeToFirstTokenSeconds)}</dd>
              </div>
            </dl>
            <p className="answer-why" data-testid="answer-why">
              {top.reasons[0]}
            </p>
            <LaunchLine recommendation={top} />
            <button type="button" className="primary" onClick={() => onOpenScenario(scenarioOfRecommendation(top))}>
              Open this scenario
            </button>
          </article>
          {next.length > 0 && (
            <>
              <h3>Next best</h3>
              <ol className="runners-up" start={2}>
                {next.map((r) => (
                  <li key={`${r.modelId}|${r.precision}`} className="card">
                    <button
                      type="button"
                      className="link"
                      onClick={() => onOpenScenario(scenarioOfRecommendation(r))}
                      aria-label={`Open ${r.modelName} at ${r.precision}`}
                    >
                      {r.modelName} <span className="muted">at {r.precision}</span>
                    </button>
                    <span className="small">
                      {r.runtime} · {formatBytes(r.memory.totalBytes)} · {speedBand(r)}
                    </span>
                    <span className="small muted">{r.reasons[0]}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          <p className="muted small">
            Every answer holds {data.constraints.contextTokens.toLocaleString('en-US')} tokens of context and generates at least{' '}
            {data.constraints.minDecodeTokensPerSecond} tokens/s.
          </p>
        </div>
      )}
      {data && (
        <FitMatrixView
          embedded
          onOpenScenario={onOpenScenario}
          contextTokens={data.constraints.contextTokens}
          minDecodeTokensPerSecond={data.constraints.minDecodeTokensPerSecond}
          {...(data.constraints.promptTokens !== null ? { promptTokens: data.constraints.promptTokens } : {})}
          recommended={top ? { modelId: top.modelId, precision: top.precision } : null}
        />
      )}
    </section>
  );
}

import { useState } from 'react';
import { FitBadge } from '../components/FitBadge.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { formatBytes, formatParameters, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, type ScenarioSettings, type UseCase, usePlanner } from '../state/planner.js';
import { useAsync } from '../state/use-async.js';
import { scenarioOfRecommendation, USE_CASE_LABELS } from './AnswerView.js';

const CONTEXTS = [4096, 8192, 16_384, 32_768, 65_536, 131_072];
const SPEEDS = [5, 10, 20, 30, 50, 100];

/** The best models for the machine, ranked, with why each was chosen and why the tempting bigger ones were not. */
export function RecommendationsView({ onOpenScenario }: { onOpenScenario: (scenario: ScenarioSettings) => void }) {
  const api = useApi();
  const { state, setUseCase } = usePlanner();
  const useCase = state.useCase;
  const [contextTokens, setContextTokens] = useState<number | null>(null);
  const [minSpeed, setMinSpeed] = useState<number | null>(null);
  const [commercialOnly, setCommercialOnly] = useState(false);
  const [includeClosed, setIncludeClosed] = useState(false);
  const result = useAsync(
    () =>
      api.recommend.mutate({
        hardware: state.hardware,
        useCase,
        ...(contextTokens !== null ? { contextTokens } : {}),
        ...(minSpeed !== null ? { minDecodeTokensPerSecond: minSpeed } : {}),
        limit: 10,
        commercialOnly,
        includeClosed,
      }),
    `${hardwareKey(state.hardware)}|${useCase}|${contextTokens}|${minSpeed}|${commercialOnly}|${includeClosed}`,
  );
  const data = result.data;

  return (
    <section aria-labelledby="recommend-title">
      <div className="view-header">
        <h2 id="recommend-title">Recommendations</h2>
        <p className="muted">What to run on {state.hardwareLabel}, best first.</p>
      </div>
      <div className="toolbar">
        <label>
          Use
          <select value={useCase} onChange={(event) => setUseCase(event.target.value as UseCase)}>
            {Object.entries(USE_CASE_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Context at least
          <select
            value={contextTokens ?? ''}
            onChange={(event) => setContextTokens(event.target.value ? Number(event.target.value) : null)}
          >
            <option value="">As the use needs</option>
            {CONTEXTS.map((tokens) => (
              <option key={tokens} value={tokens}>
                {tokens / 1024}k tokens
              </option>
            ))}
          </select>
        </label>
        <label>
          Generation at least
          <select value={minSpeed ?? ''} onChange={(event) => setMinSpeed(event.target.value ? Number(event.target.value) : null)}>
            <option value="">As the use needs</option>
            {SPEEDS.map((speed) => (
              <option key={speed} value={speed}>
                {speed} tokens/s
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={commercialOnly} onChange={(event) => setCommercialOnly(event.target.checked)} />
          Commercial use allowed
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={includeClosed} onChange={(event) => setIncludeClosed(event.target.checked)} />
          Include closed APIs
        </label>
      </div>
      {data && (
        <p className="muted small" data-testid="constraints">
          Every answer holds {data.constraints.contextTokens.toLocaleString('en-US')} tokens of context
          {data.constraints.concurrency > 1 ? ` for ${data.constraints.concurrency} sequences at once` : ''}, generates at least{' '}
          {data.constraints.minDecodeTokensPerSecond} tokens/s
          {data.constraints.maxTimeToFirstTokenSeconds !== null
            ? ` and shows the first token of a ${data.constraints.promptTokens?.toLocaleString('en-US')}-token prompt within ${data.constraints.maxTimeToFirstTokenSeconds} s`
            : ''}
          .
        </p>
      )}
      {result.status === 'error' && <ErrorMessage error={result.error} retry={result.reload} />}
      {result.status === 'loading' && !data && <Loading what="recommendations" />}
      {data && data.recommendations.length === 0 && (
        <Empty>
          Nothing meets these constraints here. Lower the speed floor or the context, or plan for more memory on the Machine page.
        </Empty>
      )}
      {data && data.recommendations.length > 0 && (
        <ol className="recommendations" aria-busy={result.status === 'loading'}>
          {data.recommendations.map((r, rank) => (
            <li key={`${r.modelId}|${r.precision}`} className="card">
              <div className="recommendation-head">
                <span className="rank">{rank + 1}</span>
                <h3>
                  {r.modelName} <span className="muted">at {r.precision}</span>
                </h3>
                <FitBadge fit={r.fit} />
              </div>
              <p className="figures-inline">
                <span>{formatParameters(r.parameterCount)} parameters</span>
                <span>{formatBytes(r.memory.totalBytes)}</span>
                <span>{formatTokensPerSecond(r.throughput.decodeTokensPerSecond)} tokens/s</span>
                <span>{r.runtime}</span>
              </p>
              <ul className="reasons">
                {r.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              <button type="button" onClick={() => onOpenScenario(scenarioOfRecommendation(r))}>
                Open scenario
              </button>
            </li>
          ))}
        </ol>
      )}
      {data && data.apiAlternatives.length > 0 && (
        <div className="card" data-testid="api-alternatives">
          <h3>Or through a closed API</h3>
          <p className="muted small">Best published quality first. The Compare page prices a month of your workload.</p>
          <ul>
            {data.apiAlternatives.map((a) => (
              <li key={a.modelId}>
                <strong>{a.name}</strong> ({a.provider}): ${a.inputPerMillionUsd} / ${a.outputPerMillionUsd} per 1M input / output tokens,{' '}
                {a.quality ? (
                  <a href={a.quality.sourceUrl}>
                    {a.quality.score} {a.quality.benchmark}
                  </a>
                ) : (
                  'quality unknown'
                )}
                {a.priceStale && <span className="tag warn">price over 180 days old</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {data && data.rejected.length > 0 && (
        <details className="card rejected">
          <summary>Why not something bigger? ({data.rejected.length} options rejected)</summary>
          <ul>
            {data.rejected.map((r) => (
              <li key={`${r.modelId}|${r.precision}`}>
                <strong>{r.modelId}</strong> {r.precision !== '*' && <span className="muted">at {r.precision}</span>}: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

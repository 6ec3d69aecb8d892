import { useState } from 'react';
import { FitBadge } from '../components/FitBadge.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { formatGb, formatParameters, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, usePlanner } from '../state/planner.js';
import { useAsync } from '../state/use-async.js';

const CONTEXTS = [4096, 8192, 16_384, 32_768, 65_536, 131_072];
const SPEEDS = [5, 10, 20, 30, 50, 100];

/** The best models for the machine, ranked, with why each was chosen and why the tempting bigger ones were not. */
export function RecommendationsView({ onOpenScenario }: { onOpenScenario: (model: string, precision: string) => void }) {
  const api = useApi();
  const { state } = usePlanner();
  const [contextTokens, setContextTokens] = useState(8192);
  const [minSpeed, setMinSpeed] = useState(10);
  const [commercialOnly, setCommercialOnly] = useState(false);
  const result = useAsync(
    () => api.recommend.mutate({ hardware: state.hardware, contextTokens, minDecodeTokensPerSecond: minSpeed, limit: 10, commercialOnly }),
    `${hardwareKey(state.hardware)}|${contextTokens}|${minSpeed}|${commercialOnly}`,
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
          Context at least
          <select value={contextTokens} onChange={(event) => setContextTokens(Number(event.target.value))}>
            {CONTEXTS.map((tokens) => (
              <option key={tokens} value={tokens}>
                {tokens / 1024}k tokens
              </option>
            ))}
          </select>
        </label>
        <label>
          Generation at least
          <select value={minSpeed} onChange={(event) => setMinSpeed(Number(event.target.value))}>
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
      </div>
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
                <span>{formatGb(r.memory.totalBytes)}</span>
                <span>{formatTokensPerSecond(r.throughput.decodeTokensPerSecond)} tokens/s</span>
                <span>{r.runtime}</span>
              </p>
              <ul className="reasons">
                {r.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              <button type="button" onClick={() => onOpenScenario(r.modelId, r.precision)}>
                Open scenario
              </button>
            </li>
          ))}
        </ol>
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

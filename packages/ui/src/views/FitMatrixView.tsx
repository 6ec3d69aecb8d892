import { useMemo, useState } from 'react';
import { FIT_LABELS, type FitKind } from '../components/FitBadge.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { formatBytes, formatParameters, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, usePlanner } from '../state/planner.js';
import { useAsync } from '../state/use-async.js';

const CONTEXTS = [2048, 4096, 8192, 16_384, 32_768, 65_536, 131_072];

function cellTitle(
  modelName: string,
  precision: string,
  fit: FitKind,
  tokensPerSecond: number | null,
  totalBytes: number | null,
  note: string | null,
) {
  const parts = [`${modelName} at ${precision}: ${FIT_LABELS[fit]}`];
  if (totalBytes !== null) parts.push(formatBytes(totalBytes));
  if (tokensPerSecond !== null) parts.push(`${formatTokensPerSecond(tokensPerSecond)} tokens/s`);
  if (note) parts.push(note);
  return parts.join(', ');
}

/** Models x precisions on the chosen machine: what fits, what nearly does, and how fast each runs. */
export function FitMatrixView({ onOpenScenario }: { onOpenScenario: (model: string, precision: string) => void }) {
  const api = useApi();
  const { state } = usePlanner();
  const [contextTokens, setContextTokens] = useState(8192);
  const [search, setSearch] = useState('');
  const [runnableOnly, setRunnableOnly] = useState(true);
  const matrix = useAsync(
    () => api.fitMatrix.mutate({ hardware: state.hardware, contextTokens }),
    `${hardwareKey(state.hardware)}|${contextTokens}`,
  );

  const rows = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (matrix.data?.rows ?? []).filter(
      (row) =>
        words.every((word) => `${row.modelName} ${row.modelId} ${row.family}`.toLowerCase().includes(word)) &&
        (!runnableOnly || row.cells.some((cell) => cell.fit === 'fits' || cell.fit === 'tight' || cell.fit === 'offload')),
    );
  }, [matrix.data, search, runnableOnly]);

  return (
    <section aria-labelledby="fit-title">
      <div className="view-header">
        <h2 id="fit-title">Fit matrix</h2>
        <p className="muted">Every model at every precision on {state.hardwareLabel}. Click a cell for the full scenario.</p>
      </div>
      <div className="toolbar">
        <label>
          Context
          <select value={contextTokens} onChange={(event) => setContextTokens(Number(event.target.value))}>
            {CONTEXTS.map((tokens) => (
              <option key={tokens} value={tokens}>
                {tokens / 1024}k tokens
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input type="search" value={search} placeholder="llama, qwen3, 70b…" onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={runnableOnly} onChange={(event) => setRunnableOnly(event.target.checked)} />
          Only models that run here
        </label>
        <ul className="legend" aria-label="Legend">
          {(['fits', 'tight', 'offload', 'no-fit'] as const).map((fit) => (
            <li key={fit}>
              <span className={`swatch fit-${fit}`} aria-hidden="true" /> {FIT_LABELS[fit]}
            </li>
          ))}
        </ul>
      </div>
      {matrix.status === 'error' && <ErrorMessage error={matrix.error} retry={matrix.reload} />}
      {matrix.status === 'loading' && !matrix.data && <Loading what="the fit matrix" />}
      {matrix.data && rows.length === 0 && (
        <Empty>
          No model matches{runnableOnly ? ' and runs on this machine' : ''}. Clear the search or untick “Only models that run here”.
        </Empty>
      )}
      {matrix.data && rows.length > 0 && (
        <div className="table-scroll" aria-busy={matrix.status === 'loading'}>
          <table className="fit-matrix" data-testid="fit-matrix">
            <caption className="visually-hidden">
              Fit and generation speed (tokens per second) by model and precision at {contextTokens} tokens of context
            </caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                {matrix.data.precisions.map((precision) => (
                  <th scope="col" key={precision}>
                    {precision}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.modelId}>
                  <th scope="row">
                    <span className="model-name">{row.modelName}</span>
                    <span className="muted small">
                      {formatParameters(row.parameterCount)}
                      {row.activeParameterCount < row.parameterCount ? ` (${formatParameters(row.activeParameterCount)} active)` : ''}
                    </span>
                  </th>
                  {row.cells.map((cell) => (
                    <td key={cell.precision} className={`fit-${cell.fit}`}>
                      {cell.fit === 'unsupported' ? (
                        <span title={cell.note ?? undefined} className="muted">
                          n/a
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="cell-button"
                          title={cellTitle(row.modelName, cell.precision, cell.fit, cell.decodeTokensPerSecond, cell.totalBytes, cell.note)}
                          aria-label={cellTitle(
                            row.modelName,
                            cell.precision,
                            cell.fit,
                            cell.decodeTokensPerSecond,
                            cell.totalBytes,
                            cell.note,
                          )}
                          onClick={() => onOpenScenario(row.modelId, cell.precision)}
                        >
                          {cell.decodeTokensPerSecond !== null ? formatTokensPerSecond(cell.decodeTokensPerSecond) : '×'}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

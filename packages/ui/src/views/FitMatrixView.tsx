import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { FIT_LABELS } from '../components/FitBadge.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { formatBytes, formatParameters, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, type ScenarioSettings, usePlanner } from '../state/planner.js';
import type { FitMatrix, Runtime } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

const CONTEXTS = [2048, 4096, 8192, 16_384, 32_768, 65_536, 131_072];
type Cell = FitMatrix['rows'][number]['cells'][number];
type Row = FitMatrix['rows'][number];

/** How a cell reads: usable (at the speed floor) in the fit's colour; a fit below the floor is "too slow". */
export type CellKind = 'fits' | 'tight' | 'offload' | 'slow' | 'no-fit' | 'unsupported';
export const CELL_LABELS: Record<CellKind, string> = { ...FIT_LABELS, slow: 'Too slow' };

export function cellKind(cell: Cell): CellKind {
  if (cell.fit === 'unsupported' || cell.fit === 'no-fit') return cell.fit;
  return cell.usable ? cell.fit : 'slow';
}

function cellLabel(row: Row, cell: Cell, runtime: string, floor: number, recommended: boolean) {
  const kind = cellKind(cell);
  const parts = [`${row.modelName} at ${cell.precision}: ${CELL_LABELS[kind]}`];
  if (cell.totalBytes !== null) parts.push(formatBytes(cell.totalBytes));
  if (cell.decodeTokensPerSecond !== null)
    parts.push(`${formatTokensPerSecond(cell.decodeTokensPerSecond)} tokens/s${kind === 'slow' ? ` (below ${floor})` : ''}`);
  if (kind !== 'unsupported') parts.push(runtime);
  if (cell.note) parts.push(cell.note);
  if (recommended) parts.push('recommended');
  return parts.join(', ');
}

function bestSpeed(row: Row): number {
  return Math.max(0, ...row.cells.map((c) => (c.usable ? (c.decodeTokensPerSecond ?? 0) : 0)));
}

export interface FitMatrixProps {
  /** Opens the whole scenario behind a cell. */
  onOpenScenario: (scenario: ScenarioSettings) => void;
  /** Fixed by the landing view (the use case's context); otherwise chosen here. */
  contextTokens?: number;
  /** The speed floor below which a fit is "too slow" (default the router's: chat, 10 tokens/s). */
  minDecodeTokensPerSecond?: number;
  /** Prompt length carried into the scenario (the use case's). */
  promptTokens?: number;
  recommended?: { modelId: string; precision: string } | null;
  /** Heading level and text: the landing view nests the matrix under its answer. */
  embedded?: boolean;
}

/**
 * Models x precisions on the chosen machine: generation speed in tokens/s, coloured by whether it is usable
 * (fits at or above the speed floor). A grid: one tab stop, arrow keys move between cells (roving tabindex).
 */
export function FitMatrixView({
  onOpenScenario,
  contextTokens: fixedContext,
  minDecodeTokensPerSecond,
  promptTokens,
  recommended = null,
  embedded = false,
}: FitMatrixProps) {
  const api = useApi();
  const { state, setMatrixContext } = usePlanner();
  const contextTokens = fixedContext ?? state.matrixContextTokens ?? 8192;
  const [search, setSearch] = useState('');
  const [runnableOnly, setRunnableOnly] = useState(true);
  const [sortBy, setSortBy] = useState<'quality' | 'speed'>('quality');
  const matrix = useAsync(
    () =>
      api.fitMatrix.mutate({
        hardware: state.hardware,
        contextTokens,
        ...(minDecodeTokensPerSecond !== undefined ? { minDecodeTokensPerSecond } : {}),
      }),
    `${hardwareKey(state.hardware)}|${contextTokens}|${minDecodeTokensPerSecond}`,
  );
  const floor = matrix.data?.minDecodeTokensPerSecond ?? minDecodeTokensPerSecond ?? 10;

  const rows = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    const kept = (matrix.data?.rows ?? []).filter(
      (row) =>
        words.every((word) => `${row.modelName} ${row.modelId} ${row.family}`.toLowerCase().includes(word)) &&
        (!runnableOnly || row.cells.some((cell) => cell.fit === 'fits' || cell.fit === 'tight' || cell.fit === 'offload')),
    );
    // Best first: models with a usable cell before those only "too slow" here, then by the quality proxy, or
    // by the fastest usable cell; never alphabetical.
    const usable = (row: Row) => (row.cells.some((c) => c.usable) ? 1 : 0);
    return kept.sort(
      (a, b) => (sortBy === 'speed' ? bestSpeed(b) - bestSpeed(a) : usable(b) - usable(a)) || b.qualityScore - a.qualityScore,
    );
  }, [matrix.data, search, runnableOnly, sortBy]);

  const [active, setActive] = useState<{ row: number; column: number }>({ row: 0, column: 0 });
  const grid = useRef<HTMLTableElement>(null);
  const columns = matrix.data?.precisions.length ?? 0;
  const activeRow = Math.min(active.row, Math.max(0, rows.length - 1));
  const activeColumn = Math.min(active.column, Math.max(0, columns - 1));

  const moveTo = (row: number, column: number) => {
    const next = { row: Math.max(0, Math.min(rows.length - 1, row)), column: Math.max(0, Math.min(columns - 1, column)) };
    setActive(next);
    grid.current?.querySelector<HTMLElement>(`[data-cell="${next.row}:${next.column}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowRight: [activeRow, activeColumn + 1],
      ArrowLeft: [activeRow, activeColumn - 1],
      ArrowDown: [activeRow + 1, activeColumn],
      ArrowUp: [activeRow - 1, activeColumn],
      Home: event.ctrlKey ? [0, 0] : [activeRow, 0],
      End: event.ctrlKey ? [rows.length - 1, columns - 1] : [activeRow, columns - 1],
      PageDown: [activeRow + 10, activeColumn],
      PageUp: [activeRow - 10, activeColumn],
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    moveTo(target[0], target[1]);
  };

  const open = (row: Row, cell: Cell, runtime: Runtime) =>
    onOpenScenario({
      ...state.scenario,
      model: row.modelId,
      precision: cell.precision,
      contextTokens,
      promptTokens: Math.min(promptTokens ?? state.scenario.promptTokens, contextTokens),
      // The cell was estimated for one sequence with the runtime's default KV cache and flash attention.
      concurrency: 1,
      kvCacheType: runtime === 'vllm' || runtime === 'sglang' ? 'bf16' : 'f16',
      flashAttention: true,
      runtime,
    });

  const Heading = embedded ? 'h3' : 'h2';
  return (
    <section aria-labelledby="fit-title">
      <div className="view-header">
        <Heading id="fit-title">{embedded ? 'Everything else: the fit matrix' : 'Fit matrix'}</Heading>
        <p className="muted">
          Every model at every precision on {state.hardwareLabel}, at {contextTokens.toLocaleString('en-US')} tokens of context. Open a cell
          for its scenario.
        </p>
      </div>
      <div className="toolbar">
        {fixedContext === undefined && (
          <label>
            Context
            <select value={contextTokens} onChange={(event) => setMatrixContext(Number(event.target.value))}>
              {CONTEXTS.map((tokens) => (
                <option key={tokens} value={tokens}>
                  {tokens / 1024}k tokens
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Search
          <input type="search" value={search} placeholder="llama, qwen3, 70b…" onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          Sort by
          <select value={sortBy} onChange={(event) => setSortBy(event.target.value as 'quality' | 'speed')}>
            <option value="quality">Quality (size and recency)</option>
            <option value="speed">Speed (fastest usable)</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={runnableOnly} onChange={(event) => setRunnableOnly(event.target.checked)} />
          Only models that run here
        </label>
        <ul className="legend" aria-label="Legend">
          {(['fits', 'tight', 'offload', 'slow', 'no-fit'] as const).map((kind) => (
            <li key={kind}>
              <span className={`swatch fit-${kind}`} aria-hidden="true" /> {CELL_LABELS[kind]}
              {kind === 'slow' ? ` (< ${floor} tokens/s)` : ''}
            </li>
          ))}
          {recommended && (
            <li>
              <span aria-hidden="true">★</span> Recommended
            </li>
          )}
        </ul>
      </div>
      {matrix.status === 'error' && <ErrorMessage error={matrix.error} retry={matrix.reload} />}
      {matrix.status === 'loading' && !matrix.data && <Loading what="the fit matrix" />}
      {matrix.data && rows.length === 0 && (
        <Empty>
          {matrix.data.rows.length === 0
            ? 'The catalog has no open models to place.'
            : search
              ? `No model matches “${search}”${runnableOnly ? ' and runs on this machine' : ''}. Clear the search${runnableOnly ? ' or untick “Only models that run here”' : ''}.`
              : 'No model runs on this machine at this context. Untick “Only models that run here” to see why, or plan for more memory on the Machine page.'}
        </Empty>
      )}
      {matrix.data && rows.length > 0 && (
        <div className="table-scroll" aria-busy={matrix.status === 'loading'}>
          <table
            className="fit-matrix"
            data-testid="fit-matrix"
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data grid keeps the table's semantics and adds arrow keys (WAI-ARIA grid pattern)
            role="grid"
            ref={grid}
            onKeyDown={onKeyDown}
            aria-describedby="fit-caption"
          >
            <caption id="fit-caption">
              Generation speed in <strong>tokens/s</strong> by model and precision, {contextTokens.toLocaleString('en-US')} tokens of
              context; usable from {floor} tokens/s. Arrow keys move between cells.
            </caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                {matrix.data.precisions.map((precision, column) => (
                  <th scope="col" key={precision}>
                    {precision}
                    <span className="column-runtime">{matrix.data?.runtimes[column]}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, rowIndex) => (
                <tr key={row.modelId}>
                  <th scope="row">
                    <span className="model-name">{row.modelName}</span>
                    <span className="muted small">
                      {formatParameters(row.parameterCount)}
                      {row.activeParameterCount < row.parameterCount ? ` (${formatParameters(row.activeParameterCount)} active)` : ''}
                    </span>
                  </th>
                  {row.cells.map((cell, column) => {
                    const kind = cellKind(cell);
                    const runtime = (matrix.data?.runtimes[column] ?? 'llama.cpp') as Runtime;
                    const isRecommended = recommended?.modelId === row.modelId && recommended.precision === cell.precision;
                    const label = cellLabel(row, cell, runtime, floor, isRecommended);
                    const focusable = rowIndex === activeRow && column === activeColumn;
                    return (
                      <td key={cell.precision} className={`fit-${kind}${isRecommended ? ' recommended' : ''}`}>
                        <button
                          type="button"
                          className="cell-button"
                          data-cell={`${rowIndex}:${column}`}
                          tabIndex={focusable ? 0 : -1}
                          title={label}
                          aria-label={label}
                          aria-disabled={kind === 'unsupported' ? true : undefined}
                          onFocus={() => setActive({ row: rowIndex, column })}
                          onClick={() => kind !== 'unsupported' && open(row, cell, runtime)}
                        >
                          {isRecommended && <span aria-hidden="true">★ </span>}
                          {kind === 'unsupported'
                            ? 'n/a'
                            : cell.decodeTokensPerSecond !== null
                              ? formatTokensPerSecond(cell.decodeTokensPerSecond)
                              : '×'}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

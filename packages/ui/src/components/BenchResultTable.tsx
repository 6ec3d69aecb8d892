import { formatTokensPerSecond } from '../format.js';
import type { RouterOutputs } from '../state/types.js';

export type BenchResult = RouterOutputs['bench']['run'];

const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(2));

/**
 * A bench run next to what the planner predicted for the same scenario: the model's own prediction, and,
 * once this machine has stored measurements, what the calibrated estimate had said before this run (the
 * check that calibration carries over to a model it was not fitted on).
 */
export function BenchResultTable({ result }: { result: BenchResult }) {
  const m = result.measured;
  const p = result.predicted;
  const c = result.calibratedPrediction;
  return (
    <>
      <table data-testid="bench-result">
        <caption>
          {result.model.name} at {result.precision}: median of {m.repetitions} runs, {m.threads} threads, {m.gpuLayers} GPU layers (
          {m.runtimeVersion})
        </caption>
        <thead>
          <tr>
            <th scope="col">tokens/s</th>
            <th scope="col">measured</th>
            <th scope="col">predicted</th>
            <th scope="col">predicted / measured</th>
            {c && <th scope="col">calibrated by {c.measurementsUsed} before this run</th>}
            {c && <th scope="col">calibrated / measured</th>}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">generation ({m.genTokens} tokens)</th>
            <td>{formatTokensPerSecond(m.decodeTokensPerSecond)}</td>
            <td>{formatTokensPerSecond(p?.decodeTokensPerSecond)}</td>
            <td>{ratio(result.ratio.decode)}</td>
            {c && <td>{formatTokensPerSecond(c.decodeTokensPerSecond)}</td>}
            {c && <td>{ratio(result.ratio.calibratedDecode)}</td>}
          </tr>
          <tr>
            <th scope="row">prompt processing ({m.promptTokens} tokens)</th>
            <td>{formatTokensPerSecond(m.prefillTokensPerSecond)}</td>
            <td>{formatTokensPerSecond(p?.prefillTokensPerSecond)}</td>
            <td>{ratio(result.ratio.prefill)}</td>
            {c && <td>{formatTokensPerSecond(c.prefillTokensPerSecond)}</td>}
            {c && <td>{ratio(result.ratio.calibratedPrefill)}</td>}
          </tr>
        </tbody>
      </table>
      <p className="muted" data-testid="bench-calibration">
        {result.record ? 'Saved. ' : ''}
        {result.calibration.note}.
      </p>
      {result.warnings.length > 0 && (
        <ul className="notes">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </>
  );
}

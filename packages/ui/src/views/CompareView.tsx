import { useState } from 'react';
import { CostChart, formatUsd } from '../components/CostChart.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, usePlanner } from '../state/planner.js';
import type { RouterOutputs } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

type Option = RouterOutputs['compare']['options'][number];

const VOLUMES = [10e6, 30e6, 100e6, 300e6, 1e9, 3e9, 10e9];
const DEPLOYMENT_LABELS: Record<Option['deployment'], string> = { owned: 'Your hardware', rented: 'Rented GPUs', api: 'Closed API' };

function where(o: Option): string {
  const count = o.machines && o.machines > 1 ? `${o.machines} × ` : '';
  if (o.deployment === 'api') return `${o.provider} API`;
  if (o.deployment === 'owned') return `${count}${o.hardware}`;
  return `${count}${o.provider} ${o.instanceId?.split('/')[1] ?? ''}`;
}

/** Open weights on owned or rented hardware against closed APIs for one workload. */
export function CompareView() {
  const api = useApi();
  const { state } = usePlanner();
  const [volume, setVolume] = useState(100e6);
  const [inputShare, setInputShare] = useState(0.75);
  const [concurrency, setConcurrency] = useState(8);
  const [minSpeed, setMinSpeed] = useState(10);
  const [onPrem, setOnPrem] = useState(false);
  const [cloud, setCloud] = useState(true);
  const [hardwarePrice, setHardwarePrice] = useState('');
  const [electricity, setElectricity] = useState('0.13');
  const [amortisation, setAmortisation] = useState(36);
  const price = Number(hardwarePrice);
  const power = Number(electricity);
  const request = {
    workload: {
      inputTokensPerMonth: volume * inputShare,
      outputTokensPerMonth: volume * (1 - inputShare),
      concurrency,
      minDecodeTokensPerSecond: minSpeed,
      onPremOnly: onPrem,
    },
    assumptions: {
      amortisationMonths: amortisation,
      ...(Number.isFinite(power) && power >= 0 && power <= 5 ? { electricityUsdPerKwh: power } : {}),
    },
    hardware: state.hardware,
    includeCloud: cloud,
    ...(hardwarePrice.trim() && Number.isFinite(price) && price > 0 ? { hardwarePriceUsd: price } : {}),
  };
  const result = useAsync(() => api.compare.mutate(request), `${hardwareKey(state.hardware)}|${JSON.stringify(request)}`);
  const data = result.data;
  const cheapestOpen = data?.options.find((o) => o.kind === 'open');
  const breakEvens = data?.breakEven.filter((b) => b.openOptionId === cheapestOpen?.id) ?? [];

  return (
    <section aria-labelledby="compare-title">
      <div className="view-header">
        <h2 id="compare-title">Compare</h2>
        <p className="muted">
          Open weights on {state.hardwareLabel} or rented GPUs, against closed APIs: what a month of your workload costs.
        </p>
      </div>
      <form className="controls card" onSubmit={(event) => event.preventDefault()} aria-label="Workload and assumptions">
        <label>
          Tokens per month
          <select value={volume} onChange={(event) => setVolume(Number(event.target.value))}>
            {VOLUMES.map((v) => (
              <option key={v} value={v}>
                {v >= 1e9 ? `${v / 1e9}B` : `${v / 1e6}M`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Input share
          <select value={inputShare} onChange={(event) => setInputShare(Number(event.target.value))}>
            {[0.5, 0.75, 0.9, 0.95].map((share) => (
              <option key={share} value={share}>
                {Math.round(share * 100)}% input
              </option>
            ))}
          </select>
        </label>
        <label>
          Concurrent requests
          <select value={concurrency} onChange={(event) => setConcurrency(Number(event.target.value))}>
            {[1, 4, 8, 16, 32, 64].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Speed per user at least
          <select value={minSpeed} onChange={(event) => setMinSpeed(Number(event.target.value))}>
            {[5, 10, 20, 30, 50].map((n) => (
              <option key={n} value={n}>
                {n} tokens/s
              </option>
            ))}
          </select>
        </label>
        <label>
          Your GPUs’ price (USD)
          <input
            inputMode="decimal"
            value={hardwarePrice}
            placeholder="prices on file"
            onChange={(event) => setHardwarePrice(event.target.value)}
          />
        </label>
        <label>
          Electricity (USD/kWh)
          <input
            inputMode="decimal"
            value={electricity}
            onChange={(event) => setElectricity(event.target.value)}
            aria-invalid={!(Number.isFinite(power) && power >= 0 && power <= 5)}
          />
        </label>
        <label>
          Write-off
          <select value={amortisation} onChange={(event) => setAmortisation(Number(event.target.value))}>
            {[12, 24, 36, 48, 60].map((months) => (
              <option key={months} value={months}>
                {months} months
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={onPrem} onChange={(event) => setOnPrem(event.target.checked)} /> Data must stay on premises
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={cloud} onChange={(event) => setCloud(event.target.checked)} /> Include rented GPUs
        </label>
      </form>
      {result.status === 'error' && <ErrorMessage error={result.error} retry={result.reload} />}
      {result.status === 'loading' && !data && <Loading what="the comparison" />}
      {data && data.options.length === 0 && <Empty>No option serves this workload. Lower the speed floor or plan for more hardware.</Empty>}
      {data && data.options.length > 0 && (
        <div aria-busy={result.status === 'loading'}>
          <div className="card">
            <h3>Monthly cost as the volume grows</h3>
            <CostChart curve={data.costCurve} />
          </div>
          {breakEvens.length > 0 && (
            <div className="card">
              <h3>
                Break-even for {cheapestOpen?.modelName} ({cheapestOpen ? where(cheapestOpen) : ''})
              </h3>
              <ul className="notes" data-testid="break-even">
                {breakEvens.map((b) => (
                  <li key={b.closedModelId}>{b.statement}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="table-scroll">
            <table className="data-table" data-testid="compare-table">
              <caption className="visually-hidden">Options, cheapest first</caption>
              <thead>
                <tr>
                  <th scope="col">Option</th>
                  <th scope="col">Where</th>
                  <th scope="col">Per month</th>
                  <th scope="col">Per 1M tokens</th>
                  <th scope="col">Tokens/s per user</th>
                  <th scope="col">Quality</th>
                  <th scope="col">Price as of</th>
                </tr>
              </thead>
              <tbody>
                {data.options.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <span className="model-name">{o.modelName}</span>
                      <span className="muted small">
                        {DEPLOYMENT_LABELS[o.deployment]}
                        {o.precision ? ` · ${o.precision}` : ''}
                        {o.privacy === 'on-prem' ? ' · data stays here' : ''}
                      </span>
                    </th>
                    <td>{where(o)}</td>
                    <td>{formatUsd(o.monthlyCost)}</td>
                    <td>{formatUsd(o.costPerMillionTokens)}</td>
                    <td>
                      {o.decodeTokensPerSecond === null ? <span className="muted">not published</span> : o.decodeTokensPerSecond.toFixed(0)}
                      {o.meetsLatencyTarget === false && <span className="tag warn">below target</span>}
                    </td>
                    <td>
                      {o.quality ? (
                        <a href={o.quality.sourceUrl}>{`${o.quality.score} ${o.quality.benchmark}`}</a>
                      ) : (
                        <span className="muted">unknown</span>
                      )}
                    </td>
                    <td>
                      {o.price ? <a href={o.price.sourceUrl.startsWith('http') ? o.price.sourceUrl : undefined}>{o.price.readOn}</a> : '—'}
                      {o.price?.stale && <span className="tag warn">{Math.round(o.price.ageDays / 30)} months old</span>}
                      {o.price?.origin === 'user' && <span className="tag">yours</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.excluded.length > 0 && (
            <details className="card">
              <summary>Left out ({data.excluded.length})</summary>
              <ul>
                {data.excluded.map((e) => (
                  <li key={`${e.modelId}|${e.deployment}`}>
                    {e.modelId} ({e.deployment}): {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <p className="muted small">
            Assumes {data.assumptions.amortisationMonths}-month write-off, machines busy at most{' '}
            {Math.round(data.assumptions.maxUtilisation * 100)}% of the month, ${data.assumptions.electricityUsdPerKwh}/kWh,{' '}
            {data.assumptions.systemWatts} W per machine beyond its GPUs, rented GPUs on {data.assumptions.rentalHoursPerMonth} h/month. Put
            your own prices in prices.json in the config directory.
          </p>
        </div>
      )}
    </section>
  );
}

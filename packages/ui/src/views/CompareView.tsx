import { formatPercent } from '@weightplan/format';
import { Fragment, useId, useRef, useState } from 'react';
import { type BreakEvenMarker, CostChart, formatUsd, formatVolume } from '../components/CostChart.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { parseBoundedNumber } from '../parse-bounded-number.js';
import { parseTokenCount } from '../parse-token-count.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, usePlanner } from '../state/planner.js';
import type { RouterInputs, RouterOutputs } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

type Option = RouterOutputs['compare']['options'][number];
type CompareRequest = RouterInputs['compare'];

const DEPLOYMENT_LABELS: Record<Option['deployment'], string> = { owned: 'Your hardware', rented: 'Rented GPUs', api: 'Closed API' };

function where(o: Option): string {
  const many = o.machines !== null && o.machines > 1;
  if (o.deployment === 'api') return `${o.provider} API`;
  if (o.deployment === 'owned') return many ? `${o.machines} machines like yours (${o.hardware})` : `${o.hardware}`;
  const instance = `${o.provider} ${o.instanceId?.split('/')[1] ?? ''}`.trim();
  return many ? `${o.machines} instances of ${instance}` : instance;
}

/** What one machine (or instance) of a row costs, when the row needs more than one. */
function costOfOne(o: Option): string | null {
  if (o.machines === null || o.machines < 2 || o.monthlyCostPerMachineUsd === null) return null;
  const perMonth = `${formatUsd(o.monthlyCostPerMachineUsd)}/month each`;
  if (o.machinePriceUsd !== null) return `${perMonth}, ${formatUsd(o.machinePriceUsd)} each to buy`;
  if (o.hourlyUsd !== null) return `${perMonth} (${formatUsd(o.hourlyUsd)}/h)`;
  return perMonth;
}

/** A free-text number field with its error right under it, tied to the input for screen readers. */
function TextField({
  label,
  value,
  onChange,
  error,
  placeholder,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  placeholder?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <label className="text-field">
      {label}
      <input
        inputMode="decimal"
        value={value}
        placeholder={placeholder}
        aria-invalid={error !== null}
        aria-describedby={`${id}-note`}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-note`} className={error ? 'field-error' : 'muted small'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </span>
    </label>
  );
}

function Assumptions({ o, assumptions }: { o: Option; assumptions: RouterOutputs['compare']['assumptions'] }) {
  const items: [string, string][] = [];
  if (o.deployment === 'api') {
    items.push(['Billing', 'per token at the provider’s list price; no hardware, batching or utilisation of yours']);
  } else {
    items.push([o.deployment === 'owned' ? 'Machines' : 'Instances', `${o.machines}: ${o.machinesReason ?? ''}`]);
    if (o.machineRamGiB !== null) items.push(['RAM per machine', `${Math.round(o.machineRamGiB)} GiB`]);
    if (o.concurrency !== null) items.push(['Batching', `${o.concurrency} requests at once per machine`]);
    if (o.utilisation !== null)
      items.push([
        'Utilisation',
        `busy ${formatPercent(o.utilisation)} of the month (planned at most ${formatPercent(assumptions.maxUtilisation)})`,
      ]);
    if (o.machinePriceUsd !== null)
      items.push(['Price of one', `${formatUsd(o.machinePriceUsd)}, written off over ${assumptions.amortisationMonths} months`]);
    if (o.hourlyUsd !== null) items.push(['Rent', `${formatUsd(o.hourlyUsd)}/h for ${assumptions.rentalHoursPerMonth} h/month`]);
    if (o.aggregateTokensPerSecond !== null)
      items.push(['Throughput', `${o.aggregateTokensPerSecond.toFixed(0)} tokens/s per machine, all requests together`]);
    const b = o.breakdown;
    items.push([
      'Monthly cost',
      [
        b.hardwareUsd > 0 && `hardware ${formatUsd(b.hardwareUsd)}`,
        b.energyUsd > 0 && `electricity ${formatUsd(b.energyUsd)}`,
        b.opsUsd > 0 && `operations ${formatUsd(b.opsUsd)}`,
        b.rentalUsd > 0 && `rent ${formatUsd(b.rentalUsd)}`,
      ]
        .filter(Boolean)
        .join(', '),
    ]);
  }
  return (
    <div className="assumptions">
      <dl>
        {items.map(([term, description]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
      {o.notes.length > 0 && (
        <ul className="notes">
          {o.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Open weights on owned or rented hardware against closed APIs for one workload. */
export function CompareView() {
  const api = useApi();
  const { state } = usePlanner();
  const [volumeText, setVolumeText] = useState('100M');
  const [inputShare, setInputShare] = useState(0.75);
  const [concurrency, setConcurrency] = useState(8);
  const [minSpeed, setMinSpeed] = useState(10);
  const [onPrem, setOnPrem] = useState(false);
  const [cloud, setCloud] = useState(true);
  const [priceText, setPriceText] = useState('');
  const [electricityText, setElectricityText] = useState('0.13');
  const [amortisation, setAmortisation] = useState(36);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const volume = parseTokenCount(volumeText);
  const price = priceText.trim() === '' ? null : parseBoundedNumber(priceText, 1, 1e9, 'a price in USD from 1 to 1,000,000,000');
  const electricity = parseBoundedNumber(electricityText, 0, 5, 'a price from 0 to 5 USD per kWh');
  const valid = volume.ok && electricity.ok && (price === null || price.ok);

  // A bad field stops the comparison (its error says why) rather than being replaced by a default; the last
  // valid request stays the one on record so fixing the field does not refetch what is already shown.
  const lastValid = useRef<CompareRequest | null>(null);
  if (volume.ok && electricity.ok && (price === null || price.ok)) {
    lastValid.current = {
      workload: {
        inputTokensPerMonth: volume.tokens * inputShare,
        outputTokensPerMonth: volume.tokens * (1 - inputShare),
        concurrency,
        minDecodeTokensPerSecond: minSpeed,
        onPremOnly: onPrem,
      },
      assumptions: { amortisationMonths: amortisation, electricityUsdPerKwh: electricity.value },
      hardware: state.hardware,
      includeCloud: cloud && !onPrem,
      ...(price?.ok ? { hardwarePriceUsd: price.value } : {}),
    };
  }
  const request = lastValid.current;
  const result = useAsync(
    () => (request ? api.compare.mutate(request) : Promise.resolve(null)),
    `${hardwareKey(state.hardware)}|${JSON.stringify(request)}`,
  );
  const data = valid ? result.data : null;
  const cheapestOpen = data?.options.find((o) => o.kind === 'open');
  const highlights = data?.breakEvenHighlights ?? [];
  const markers: BreakEvenMarker[] = highlights.flatMap((b, index) =>
    b.tokensPerMonth === null ? [] : [{ number: index + 1, tokensPerMonth: b.tokensPerMonth }],
  );
  const cheapestOwned = data?.options.find((o) => o.deployment === 'owned');
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="compare-title">
      <div className="view-header">
        <h2 id="compare-title">Compare</h2>
        <p className="muted">
          Open weights on {state.hardwareLabel} or rented GPUs, against closed APIs: what a month of your workload costs.
        </p>
      </div>
      <form className="controls card" onSubmit={(event) => event.preventDefault()} aria-label="Workload and assumptions">
        <TextField
          label="Tokens per month"
          value={volumeText}
          onChange={setVolumeText}
          error={volume.ok ? null : volume.error}
          hint={volume.ok ? `${volume.tokens.toLocaleString('en-US')} tokens` : undefined}
        />
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
        <TextField
          label="Your GPUs’ price (USD)"
          value={priceText}
          onChange={setPriceText}
          placeholder="prices on file"
          error={price && !price.ok ? price.error : null}
          hint="empty: prices on file"
        />
        <TextField
          label="Electricity (USD/kWh)"
          value={electricityText}
          onChange={setElectricityText}
          error={electricity.ok ? null : electricity.error}
        />
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
          <input
            type="checkbox"
            role="switch"
            aria-checked={onPrem}
            checked={onPrem}
            onChange={(event) => setOnPrem(event.target.checked)}
          />{' '}
          Data must stay on premises
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={cloud && !onPrem} disabled={onPrem} onChange={(event) => setCloud(event.target.checked)} />{' '}
          Include rented GPUs{onPrem ? ' (off: data stays on premises)' : ''}
        </label>
      </form>
      {!valid && (
        <p className="card" role="status" data-testid="compare-blocked">
          Nothing compared: fix the field marked above.
        </p>
      )}
      {valid && result.status === 'error' && <ErrorMessage error={result.error} retry={result.reload} />}
      {valid && result.status === 'loading' && !data && <Loading what="the comparison" />}
      {data && data.options.length === 0 && <Empty>No option serves this workload. Lower the speed floor or plan for more hardware.</Empty>}
      {data && data.options.length > 0 && (
        <div aria-busy={result.status === 'loading'}>
          {cheapestOwned && cheapestOwned.machines !== null && cheapestOwned.machines > 1 && (
            <p className="card callout" data-testid="machines-callout">
              One machine is not enough: {cheapestOwned.modelName} at{' '}
              {formatVolume(data.workload.inputTokensPerMonth + data.workload.outputTokensPerMonth)} tokens a month needs{' '}
              <strong>{cheapestOwned.machines} machines like yours</strong> ({cheapestOwned.hardware}).
              {cheapestOwned.machinePriceUsd !== null && ` One costs ${formatUsd(cheapestOwned.machinePriceUsd)} to buy`}
              {cheapestOwned.monthlyCostPerMachineUsd !== null &&
                `${cheapestOwned.machinePriceUsd !== null ? ' and' : ' One costs'} ${formatUsd(cheapestOwned.monthlyCostPerMachineUsd)} a month to run.`}
            </p>
          )}
          <div className="card">
            <h3>Monthly cost as the volume grows</h3>
            <CostChart
              curve={data.costCurve}
              markers={markers}
              volumeTokens={data.workload.inputTokensPerMonth + data.workload.outputTokensPerMonth}
            />
            {highlights.length > 0 && (
              <>
                <h4>
                  Break-even for {cheapestOpen?.modelName} ({cheapestOpen ? where(cheapestOpen) : ''})
                </h4>
                <ol className="notes" data-testid="break-even">
                  {highlights.map((b, index) => (
                    <li key={b.closedModelId}>
                      {b.tokensPerMonth !== null && <span className="tag">break-even {index + 1}</span>}{' '}
                      {b.statement.charAt(0).toUpperCase()}
                      {b.statement.slice(1)}.
                    </li>
                  ))}
                </ol>
              </>
            )}
          </div>
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
                  <Fragment key={o.id}>
                    <tr>
                      <th scope="row">
                        <span className="model-name">{o.modelName}</span>
                        <span className="muted small">
                          {DEPLOYMENT_LABELS[o.deployment]}
                          {o.precision ? ` · ${o.precision}` : ''}
                          {o.privacy === 'on-prem' ? ' · data stays here' : ''}
                        </span>
                        <button
                          type="button"
                          className="link"
                          aria-expanded={open.has(o.id)}
                          aria-controls={`assumptions-${o.id}`}
                          onClick={() => toggle(o.id)}
                        >
                          {open.has(o.id) ? 'Hide assumptions' : 'Assumptions'}
                          <span className="visually-hidden">
                            {' '}
                            for {o.modelName}, {DEPLOYMENT_LABELS[o.deployment]}
                          </span>
                        </button>
                      </th>
                      <td>{where(o)}</td>
                      <td>
                        {formatUsd(o.monthlyCost)}
                        {costOfOne(o) && <span className="muted small block">{costOfOne(o)}</span>}
                      </td>
                      <td>{formatUsd(o.costPerMillionTokens)}</td>
                      <td>
                        {o.decodeTokensPerSecond === null ? (
                          <span className="muted">not published</span>
                        ) : (
                          o.decodeTokensPerSecond.toFixed(0)
                        )}
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
                        {o.price ? (
                          <a href={o.price.sourceUrl.startsWith('http') ? o.price.sourceUrl : undefined}>{o.price.readOn}</a>
                        ) : (
                          '—'
                        )}
                        {o.price?.stale && <span className="tag warn">{Math.round(o.price.ageDays / 30)} months old</span>}
                        {o.price?.origin === 'user' && <span className="tag">yours</span>}
                      </td>
                    </tr>
                    {open.has(o.id) && (
                      <tr id={`assumptions-${o.id}`} className="assumptions-row" data-testid="row-assumptions">
                        <td colSpan={7}>
                          <Assumptions o={o} assumptions={data.assumptions} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
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

import { type FormEvent, useMemo, useState } from 'react';
import { HubBadge } from '../components/HubBadge.js';
import { HubIdForm } from '../components/HubIdForm.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { errorMessage, formatBytes, formatParameters, formatTokens } from '../format.js';
import { useApi } from '../state/api-context.js';
import { useHost } from '../state/host.js';
import type { OpenModel, RouterOutputs } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

const SIZES = [
  { label: 'Any size', max: Number.POSITIVE_INFINITY },
  { label: 'Up to 4B', max: 4.5e9 },
  { label: 'Up to 9B', max: 9.5e9 },
  { label: 'Up to 16B', max: 16.5e9 },
  { label: 'Up to 35B', max: 35.5e9 },
  { label: 'Up to 80B', max: 80.5e9 },
];

function ImportModel({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const host = useHost();
  const [path, setPath] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  if (!host.fileDialogs && !host.readsFiles) {
    return (
      <p className="muted small">To add your own GGUF or safetensors files, start the server with --allow-dir, or use the desktop app.</p>
    );
  }
  const done = (result: { id: string; name: string } | null) => {
    if (result) {
      setMessage({ error: false, text: `Added ${result.name} as ${result.id}.` });
      onImported();
    }
  };
  if (host.fileDialogs) {
    return (
      <div className="import">
        <button
          type="button"
          onClick={() =>
            api.app.importWeights.mutate().then(done, (error: unknown) => setMessage({ error: true, text: errorMessage(error) }))
          }
        >
          Import weight files…
        </button>
        {message && <span className={message.error ? 'field-error' : 'muted'}>{message.text}</span>}
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api.models.import.mutate({ path }).then(done, (error: unknown) => setMessage({ error: true, text: errorMessage(error) }));
  };
  return (
    <form className="import" onSubmit={submit}>
      <label>
        Import from a path on the server
        <input
          className="path-input"
          value={path}
          onChange={(event) => setPath(event.target.value)}
          placeholder="/models/my-finetune.gguf"
        />
      </label>
      <button type="submit" disabled={!path.trim()}>
        Import
      </button>
      {message && (
        <span role="status" className={message.error ? 'field-error' : 'muted'}>
          {message.text}
        </span>
      )}
    </form>
  );
}

type RefreshOutcome = RouterOutputs['models']['refresh']['refreshed'][number];
const CHANGE_LABELS = { parameterCount: 'parameters', activeParameterCount: 'active parameters', weightsBytes: 'weights' } as const;

/** One pinned model's check, as one line: moved (and what changed), unchanged, or kept and why. */
function describeRefresh(r: RefreshOutcome): string {
  if (r.status === 'unchanged') return `${r.reference}: unchanged at commit ${r.current.commit.slice(0, 7)}`;
  if (r.status === 'kept') return `${r.reference}: ${r.messages[0] ?? 'kept as it was'}`;
  const show = (field: keyof typeof CHANGE_LABELS, value: number | null) =>
    value === null ? '—' : field === 'weightsBytes' ? formatBytes(value) : formatParameters(value);
  const changes = r.changes.map((c) => `; ${CHANGE_LABELS[c.field]} ${show(c.field, c.before)} → ${show(c.field, c.after)}`);
  return `${r.reference}: updated, commit ${r.previous.commit.slice(0, 7)} → ${r.current.commit.slice(0, 7)}${changes.join('')}`;
}

/**
 * Any model on the Hugging Face Hub, pinned in the user's catalog from its headers (exact parameters and
 * bytes) at today's commit; a GGUF repository offers its quantisations to pick from. Pinned models can be
 * checked for a newer commit.
 */
function PinFromHub({ onPinned, hasPins }: { onPinned: () => void; hasPins: boolean }) {
  const api = useApi();
  const [pinned, setPinned] = useState<string | null>(null);
  const [refresh, setRefresh] = useState<{ error: boolean; lines: string[] } | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const checkForUpdates = () => {
    setRefreshing(true);
    setRefresh(null);
    api.models.refresh
      .mutate({})
      .then(
        (result) => {
          setRefresh({
            error: false,
            lines: result.refreshed.map(describeRefresh),
          });
          onPinned();
        },
        (error: unknown) => setRefresh({ error: true, lines: [errorMessage(error)] }),
      )
      .finally(() => setRefreshing(false));
  };
  return (
    <div className="hub-pin">
      <HubIdForm
        label="Pin a model from the Hugging Face Hub"
        submitLabel="Pin"
        onChoose={async ({ reference }) => {
          setPinned(null);
          const result = await api.models.import.mutate({ path: `hf:${reference}` });
          const commit = result.hubSource?.commit.slice(0, 7);
          setPinned(`Pinned ${result.name} as ${result.id}${commit ? `: looked up on the Hub, commit ${commit}` : ''}.`);
          onPinned();
        }}
      />
      {pinned && (
        <p role="status" className="muted">
          {pinned}
        </p>
      )}
      {hasPins && (
        <div className="import">
          <button type="button" onClick={checkForUpdates} disabled={refreshing}>
            {refreshing ? 'Checking the Hub…' : 'Check pinned models for new commits'}
          </button>
        </div>
      )}
      {refresh && (
        <ul className={refresh.error ? 'field-error' : 'muted small'} aria-label="Pinned models checked">
          {refresh.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function attentionKinds(model: OpenModel): string {
  const kinds = new Set(
    model.architecture.attentionLayers.map((layer) =>
      layer.kind === 'sliding' ? `sliding ${formatTokens(layer.windowTokens)}` : layer.kind,
    ),
  );
  return [...kinds].join(', ');
}

/** The catalog: open-weight models with exact sizes, licenses and context, closed API models, and imports. */
export function ModelsView({ onOpenScenario }: { onOpenScenario: (model: string, precision: string) => void }) {
  const api = useApi();
  const host = useHost();
  const list = useAsync(() => api.models.list.query({ kind: 'all' }), 'all-models');
  const [kind, setKind] = useState<'open' | 'closed'>('open');
  const [search, setSearch] = useState('');
  const [family, setFamily] = useState('');
  const [size, setSize] = useState(0);
  const [commercial, setCommercial] = useState(false);
  const [moe, setMoe] = useState<'any' | 'moe' | 'dense'>('any');
  const [minContext, setMinContext] = useState(0);
  const [importedOnly, setImportedOnly] = useState(false);

  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const families = useMemo(() => [...new Set(list.data?.open.map((m) => m.family) ?? [])].sort(), [list.data]);
  const open = (list.data?.open ?? []).filter(
    (m) =>
      words.every((word) => `${m.name} ${m.id} ${m.family} ${m.aliases.join(' ')}`.toLowerCase().includes(word)) &&
      (!family || m.family === family) &&
      m.parameterCount <= (SIZES[size]?.max ?? Number.POSITIVE_INFINITY) &&
      (!commercial || m.license.commercialUse) &&
      (moe === 'any' || (moe === 'moe') === m.activeParameterCount < m.parameterCount) &&
      m.architecture.maxContextTokens >= minContext &&
      (!importedOnly || m.origin === 'imported'),
  );
  const closed = (list.data?.closed ?? []).filter(
    (m) => words.every((word) => `${m.name} ${m.id} ${m.provider}`.toLowerCase().includes(word)) && m.contextTokens >= minContext,
  );

  return (
    <section aria-labelledby="models-title">
      <div className="view-header">
        <h2 id="models-title">Models</h2>
        <p className="muted">Parameter counts are exact; every entry links to the config it came from.</p>
      </div>
      <div className="toolbar">
        <fieldset className="segmented">
          <legend className="visually-hidden">Kind</legend>
          <label className={kind === 'open' ? 'active' : ''}>
            <input type="radio" name="kind" checked={kind === 'open'} onChange={() => setKind('open')} /> Open weights
          </label>
          <label className={kind === 'closed' ? 'active' : ''}>
            <input type="radio" name="kind" checked={kind === 'closed'} onChange={() => setKind('closed')} /> Closed APIs
          </label>
        </fieldset>
        <label>
          Search
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="name, family, alias" />
        </label>
        <label>
          Minimum context
          <select value={minContext} onChange={(event) => setMinContext(Number(event.target.value))}>
            {[0, 8192, 32_768, 131_072, 262_144].map((tokens) => (
              <option key={tokens} value={tokens}>
                {tokens === 0 ? 'Any' : `${formatTokens(tokens)} tokens`}
              </option>
            ))}
          </select>
        </label>
        {kind === 'open' && (
          <>
            <label>
              Family
              <select value={family} onChange={(event) => setFamily(event.target.value)}>
                <option value="">All families</option>
                {families.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Size
              <select value={size} onChange={(event) => setSize(Number(event.target.value))}>
                {SIZES.map((s, index) => (
                  <option key={s.label} value={index}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Architecture
              <select value={moe} onChange={(event) => setMoe(event.target.value as 'any' | 'moe' | 'dense')}>
                <option value="any">Dense and MoE</option>
                <option value="dense">Dense only</option>
                <option value="moe">Mixture of experts only</option>
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={commercial} onChange={(event) => setCommercial(event.target.checked)} /> Commercial use
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={importedOnly} onChange={(event) => setImportedOnly(event.target.checked)} /> Imported only
            </label>
          </>
        )}
      </div>
      {kind === 'open' && <ImportModel onImported={list.reload} />}
      {kind === 'open' && host.hubLookUps && (
        <PinFromHub onPinned={list.reload} hasPins={(list.data?.open ?? []).some((m) => m.hubSource !== undefined)} />
      )}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={list.reload} />}
      {list.status === 'loading' && !list.data && <Loading what="the catalog" />}
      {list.data && kind === 'open' && open.length === 0 && <Empty>No open model matches these filters.</Empty>}
      {list.data && kind === 'closed' && closed.length === 0 && <Empty>No closed model matches.</Empty>}
      {list.data && kind === 'open' && open.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="models-table">
            <caption className="visually-hidden">{open.length} open-weight models</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Parameters</th>
                <th scope="col">Context</th>
                <th scope="col">Attention</th>
                <th scope="col">License</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {open.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <span className="model-name">{m.name}</span>
                    <span className="muted small">
                      {m.id}
                      {m.hubSource ? <HubBadge source={m.hubSource} /> : m.origin === 'imported' && <span className="tag">imported</span>}
                    </span>
                  </th>
                  <td>
                    {formatParameters(m.parameterCount)}
                    {m.activeParameterCount < m.parameterCount && (
                      <span className="muted small"> ({formatParameters(m.activeParameterCount)} active, MoE)</span>
                    )}
                  </td>
                  <td>{formatTokens(m.architecture.maxContextTokens)}</td>
                  <td>{attentionKinds(m)}</td>
                  <td>
                    {m.license.url ? <a href={m.license.url}>{m.license.id}</a> : m.license.id}
                    {!m.license.commercialUse && <span className="tag warn">non-commercial</span>}
                  </td>
                  <td>
                    <button type="button" onClick={() => onOpenScenario(m.id, 'Q4_K_M')} aria-label={`Plan ${m.name}`}>
                      Plan
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && kind === 'closed' && closed.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{closed.length} closed API models</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Provider</th>
                <th scope="col">Context</th>
                <th scope="col">Input $/M tokens</th>
                <th scope="col">Output $/M tokens</th>
                <th scope="col">Price read on</th>
              </tr>
            </thead>
            <tbody>
              {closed.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <a href={m.sourceUrl}>{m.name}</a>
                  </th>
                  <td>{m.provider}</td>
                  <td>{formatTokens(m.contextTokens)}</td>
                  <td>{m.pricing.inputPerMillionUsd.toFixed(2)}</td>
                  <td>{m.pricing.outputPerMillionUsd.toFixed(2)}</td>
                  <td>
                    <a href={m.pricing.sourceUrl}>{m.pricing.readOn}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { describePickedFiles, type HeaderDescription, PICKED_HEADER_MAX_BYTES } from '@weightplan/weights/headers';
import { type DragEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { HubIdForm } from '../components/HubIdForm.js';
import { ErrorMessage, Loading } from '../components/Status.js';
import { formatBytes, formatParameters, formatTokens } from '../format.js';
import { useApi } from '../state/api-context.js';
import { useHost } from '../state/host.js';
import { type ScenarioSettings, usePlanner } from '../state/planner.js';
import type { RouterOutputs } from '../state/types.js';

/** The precision that plans weights exactly as their files store them (the router's `as-stored`). */
export const AS_STORED = 'as-stored';

type FileReading = NonNullable<RouterOutputs['app']['inspectWeights']>;
type HubModel = Extract<RouterOutputs['models']['hub'], { kind: 'model' }>;
type Architecture = FileReading['architecture'];
type DtypeShare = FileReading['byDtype'][number];

/** What one read found, from a file's headers or a Hub repository's: the same figures either way. */
interface Reading {
  /** The inspect target it answers (a path, or hf:ORG/NAME[:QUANT]); null for files picked in the browser, which no link can name. */
  target: string | null;
  name: string;
  source: string;
  architecture: Architecture;
  parameterCount: number;
  activeParameterCount: number;
  weightsBytes: number | null;
  byDtype: DtypeShare[];
  files: { path: string; bytes: number }[];
  warnings: string[];
  /**
   * What the Scenario is given as its model: the path or the Hub id, so the plan reads the same weights; null
   * for files picked in the browser, which stay on the user's computer where the planner cannot read them.
   */
  planModel: string | null;
  /**
   * Files picked in the browser: the headers as the page described them, so "Import and plan" can add these
   * exact weights to the model catalog (the planner never reads the file itself).
   */
  pickedHeader?: HeaderDescription;
}

const FORMAT_NAMES = { config: 'config.json', gguf: 'GGUF', safetensors: 'safetensors' } as const;

function fromFile(answer: FileReading, target: string): Reading {
  return {
    target,
    name: answer.name,
    source: `${FORMAT_NAMES[answer.format]} at ${answer.path}`,
    architecture: answer.architecture,
    parameterCount: answer.parameterCount,
    activeParameterCount: answer.activeParameterCount,
    weightsBytes: answer.weightsBytes,
    byDtype: answer.byDtype,
    files: answer.files,
    warnings: answer.warnings,
    planModel: target,
  };
}

/** Files picked in the browser: their headers were read here and described by the router. */
function fromPicked(answer: FileReading, header: HeaderDescription): Reading {
  return {
    ...fromFile(answer, answer.path),
    target: null,
    source: `the ${FORMAT_NAMES[answer.format]} ${answer.path} on this computer`,
    planModel: null,
    pickedHeader: header,
  };
}

/** The HTTP status of a failed call, where the server answered with one (a 413 is no tRPC answer). */
function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { meta?: { response?: { status?: unknown } } } | null)?.meta?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Why a description was refused for its size, and what takes a larger one. */
function tooLargeMessage(header: HeaderDescription): string {
  const tensors = header.format === 'config' ? 0 : header.files.reduce((sum, f) => sum + f.tensors.length, 0);
  return (
    `${header.name}: the headers list ${tensors.toLocaleString('en-US')} tensors (${formatBytes(JSON.stringify(header).length)} to send), ` +
    'more than this server accepts in one request: start it with a larger --max-body-bytes, or open the files in the desktop app or under --allow-dir'
  );
}

function fromHub(answer: HubModel, target: string): Reading {
  const reference = answer.quant ? `${answer.repo}:${answer.quant}` : answer.repo;
  return {
    target,
    name: answer.model.name,
    source: `the Hugging Face Hub: ${reference} at commit ${answer.commit.slice(0, 7)}`,
    architecture: answer.model.architecture,
    parameterCount: answer.model.parameterCount,
    activeParameterCount: answer.model.activeParameterCount,
    weightsBytes: answer.weightsBytes,
    byDtype: answer.byDtype ?? [],
    files: [],
    warnings: answer.warnings,
    planModel: reference,
  };
}

const exact = (n: number) => n.toLocaleString('en-US');

function ArchitectureFacts({ reading }: { reading: Reading }) {
  const a = reading.architecture;
  const kinds = [...new Set(a.attentionLayers.map((l) => (l.kind === 'sliding' ? `sliding ${formatTokens(l.windowTokens)}` : l.kind)))];
  return (
    <dl className="spec-list" data-testid="inspect-architecture">
      <div>
        <dt>Architecture</dt>
        <dd>
          {a.hfArchitecture}
          {a.modelType !== a.hfArchitecture && <span className="muted"> ({a.modelType})</span>}
        </dd>
      </div>
      <div>
        <dt>Layers</dt>
        <dd>{a.layers}</dd>
      </div>
      <div>
        <dt>Hidden width</dt>
        <dd>{exact(a.hiddenSize)}</dd>
      </div>
      <div>
        <dt>Attention</dt>
        <dd>
          {a.attentionHeads} heads, {a.kvHeads} KV heads × {a.headDim} ({kinds.join(', ')})
        </dd>
      </div>
      {a.moe && (
        <div>
          <dt>Experts</dt>
          <dd>
            {a.moe.activeExperts} of {a.moe.experts} routed per token
          </dd>
        </div>
      )}
      <div>
        <dt>Vocabulary</dt>
        <dd>{exact(a.vocabSize)}</dd>
      </div>
      <div>
        <dt>Context</dt>
        <dd>{formatTokens(a.maxContextTokens)} tokens</dd>
      </div>
    </dl>
  );
}

function QuantMix({ reading }: { reading: Reading }) {
  if (reading.byDtype.length === 0) {
    return <p className="muted">No tensors were read (a config.json alone): the parameter count comes from the architecture.</p>;
  }
  const totalBytes = reading.byDtype.reduce((sum, d) => sum + d.bytes, 0);
  return (
    // On a phone the table scrolls in its own box: focusable, so the keyboard can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="table-scroll" tabIndex={0} aria-label="Quantisation mix (scrolls sideways)">
      <table data-testid="inspect-quant-mix">
        <caption>Quantisation mix: tensors, parameters and exact bytes per storage type</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Tensors</th>
            <th scope="col">Parameters</th>
            <th scope="col">Bytes</th>
            <th scope="col">Share of bytes</th>
          </tr>
        </thead>
        <tbody>
          {reading.byDtype.map((d) => (
            <tr key={d.type}>
              <th scope="row">{d.type}</th>
              <td>{exact(d.tensors)}</td>
              <td>{exact(d.parameters)}</td>
              <td>
                {exact(d.bytes)} <span className="muted small">({formatBytes(d.bytes)})</span>
              </td>
              <td>{totalBytes > 0 ? `${((100 * d.bytes) / totalBytes).toFixed(1)}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ReadingCard({
  reading,
  onPlan,
  onImportAndPlan,
  importing,
}: {
  reading: Reading;
  onPlan: () => void;
  onImportAndPlan: () => void;
  importing: boolean;
}) {
  // Mixture of experts only: a dense model's "active" count leaves out the embedding lookup, which is no saving to show.
  const moe = reading.architecture.moe !== undefined && reading.activeParameterCount < reading.parameterCount;
  return (
    <article className="card inspect-result" data-testid="inspect-result" aria-labelledby="inspect-name">
      <div className="recommendation-head">
        <h3 id="inspect-name">{reading.name}</h3>
        {reading.planModel !== null && (
          <button type="button" onClick={onPlan} data-testid="plan-with-this">
            Plan with this
          </button>
        )}
        {reading.planModel === null && reading.pickedHeader && (
          <button type="button" onClick={onImportAndPlan} disabled={importing} data-testid="import-and-plan">
            {importing ? 'Importing…' : 'Import and plan'}
          </button>
        )}
      </div>
      <p className="muted small">Read from {reading.source}; nothing but headers was read.</p>
      {reading.planModel === null && (
        <p className="muted small" data-testid="inspect-plan-note">
          The planner cannot open a file read in the page. Import and plan adds what these headers describe to your model catalog (tensor
          types and shapes, no weights), so plans use exactly these bytes; the file stays on this computer.
        </p>
      )}
      <dl className="figures">
        <div>
          <dt>Parameters</dt>
          <dd data-testid="inspect-parameters">
            {formatParameters(reading.parameterCount)} <span className="muted small">({exact(reading.parameterCount)})</span>
          </dd>
        </div>
        {moe && (
          <div>
            <dt>Active per token</dt>
            <dd>
              {formatParameters(reading.activeParameterCount)} <span className="muted small">({exact(reading.activeParameterCount)})</span>
            </dd>
          </div>
        )}
        <div>
          <dt>Weights</dt>
          <dd data-testid="inspect-bytes">
            {reading.weightsBytes === null ? (
              'no weight files read'
            ) : (
              <>
                {exact(reading.weightsBytes)} bytes <span className="muted small">({formatBytes(reading.weightsBytes)})</span>
              </>
            )}
          </dd>
        </div>
        {reading.weightsBytes !== null && reading.parameterCount > 0 && (
          <div>
            <dt>Bits per parameter</dt>
            <dd>{((reading.weightsBytes * 8) / reading.parameterCount).toFixed(2)}</dd>
          </div>
        )}
      </dl>
      <ArchitectureFacts reading={reading} />
      <QuantMix reading={reading} />
      {reading.files.length > 0 && (
        <details>
          <summary>
            {reading.files.length} file{reading.files.length === 1 ? '' : 's'} read
          </summary>
          <ul className="small">
            {reading.files.map((f) => (
              <li key={f.path}>
                {f.path}: {exact(f.bytes)} bytes
              </li>
            ))}
          </ul>
        </details>
      )}
      {reading.warnings.length > 0 && (
        <ul className="muted small" aria-label="Notes on what was read">
          {reading.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

/**
 * Inspect: a weight file (the desktop's native dialog, or a path under the server's --allow-dir) or a Hub
 * repository, read from its headers only: architecture, exact parameters and bytes, the quantisation mix per
 * tensor type, and a button that plans exactly those weights. What is inspected is in the URL, so a reload
 * reads it again.
 */
export function InspectView({
  onOpenScenario,
  openDialogOnMount = false,
  onDialogAsked,
}: {
  onOpenScenario: (scenario: ScenarioSettings) => void;
  /** The desktop's File › Open weight file… asked for the dialog. */
  openDialogOnMount?: boolean;
  /** Called once the dialog has been asked for, so coming back to the view does not ask again. */
  onDialogAsked?: () => void;
}) {
  const api = useApi();
  const host = useHost();
  const { state, setInspectTarget } = usePlanner();
  const [reading, setReading] = useState<Reading | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [path, setPath] = useState('');
  const target = state.inspectTarget;

  const read = async (work: () => Promise<Reading | null>) => {
    setBusy(true);
    setError(null);
    try {
      const found = await work();
      if (found) {
        setReading(found);
        if (found.target !== null) setInspectTarget(found.target);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const readTarget = (next: string) =>
    read(async () => {
      if (next.startsWith('hf:')) {
        const answer = await api.models.hub.query({ id: next.slice(3) });
        if (answer.kind === 'quants') throw new Error(`${answer.repo} is a GGUF repository: name a quantisation (ORG/NAME:QUANT)`);
        return fromHub(answer, next);
      }
      return fromFile(await api.inspect.mutate({ path: next }), next);
    });

  const openDialog = () =>
    read(async () => {
      const answer = await api.app.inspectWeights.mutate();
      return answer ? fromFile(answer, answer.path) : null;
    });

  // Files on this computer: the browser reads their headers (Blob.slice, never the weights) and the router
  // describes them. What was inspected before leaves the address: a reload cannot read these again.
  const readPicked = (files: readonly File[]) => {
    if (files.length === 0) return;
    setInspectTarget(null);
    void read(async () => {
      const header = await describePickedFiles(files);
      try {
        return fromPicked(await api.inspectHeader.mutate({ header }), header);
      } catch (error) {
        // The web server caps request bodies (1 MiB by default); a set of many thousand tensors can exceed it.
        throw httpStatusOf(error) === 413 ? new Error(tooLargeMessage(header)) : error;
      }
    });
  };
  const [dragging, setDragging] = useState(false);
  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const dropHandlers = {
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      readPicked([...event.dataTransfer.files]);
    },
  };

  // A link or a reload names what to read: read it once (what this view read itself is already shown).
  const asked = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reads when the target changes, not when the callbacks do
  useEffect(() => {
    if (!target || reading?.target === target || asked.current === target) return;
    asked.current = target;
    void readTarget(target);
  }, [target]);
  const dialogAsked = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the menu asks once per visit
  useEffect(() => {
    if (!openDialogOnMount || !host.fileDialogs || dialogAsked.current) return;
    dialogAsked.current = true;
    onDialogAsked?.();
    void openDialog();
  }, [openDialogOnMount, host.fileDialogs]);

  const [importing, setImporting] = useState(false);
  // A picked file: the catalog keeps what its headers describe, and the plan names the imported model.
  const importAndPlan = async () => {
    if (!reading?.pickedHeader) return;
    setImporting(true);
    try {
      const imported = await api.models.importHeader.mutate({ header: reading.pickedHeader });
      const precision = reading.weightsBytes === null ? state.scenario.precision : AS_STORED;
      onOpenScenario({ ...state.scenario, model: imported.id, precision });
    } catch (failure) {
      setError(failure);
    } finally {
      setImporting(false);
    }
  };

  const plan = () => {
    if (!reading || reading.planModel === null) return;
    // Weights read: plan them as stored, every tensor at its own type. A config.json alone has none, so the
    // scenario's precision stays.
    const precision = reading.weightsBytes === null ? state.scenario.precision : AS_STORED;
    onOpenScenario({ ...state.scenario, model: reading.planModel, precision });
  };

  const submitPath = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void readTarget(path.trim());
  };

  return (
    <section aria-labelledby="inspect-title" className={dragging ? 'drop-target dragging' : 'drop-target'} {...dropHandlers}>
      <div className="view-header">
        <h2 id="inspect-title">Inspect</h2>
        <p className="muted">
          Exact parameters, bytes and quantisation mix of a GGUF, safetensors set, model folder or config.json, read from the headers only.
        </p>
      </div>
      <div className="toolbar">
        {host.fileDialogs && (
          <button type="button" onClick={() => void openDialog()} disabled={busy}>
            Open weight file…
          </button>
        )}
        {!host.fileDialogs && host.readsFiles && (
          <form className="import" onSubmit={submitPath}>
            <label>
              Path on the server
              <input
                className="path-input"
                value={path}
                onChange={(event) => setPath(event.target.value)}
                placeholder="/models/Qwen3-8B-Q4_K_M.gguf"
                spellCheck={false}
              />
            </label>
            <button type="submit" disabled={busy || !path.trim()}>
              Inspect
            </button>
          </form>
        )}
      </div>
      <div className="toolbar pick-files">
        <label>
          {host.fileDialogs ? 'Or read files in this window' : 'Weight files on this computer'}
          <input
            type="file"
            multiple
            accept=".gguf,.safetensors,.json"
            disabled={busy}
            data-testid="inspect-file-input"
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              // Cleared, so picking the same file again reads it again.
              event.currentTarget.value = '';
              readPicked(files);
            }}
          />
        </label>
        <p className="muted small">
          Or drop them here: a .gguf (every part of a split one), .safetensors files with their config.json, or a config.json. Only the
          headers are read, in this browser (at most {PICKED_HEADER_MAX_BYTES / 1024 / 1024} MiB of each file); the weights never leave your
          computer.
        </p>
      </div>
      {host.hubLookUps && (
        <HubIdForm label="Or a Hugging Face id" submitLabel="Inspect" onChoose={({ reference }) => readTarget(`hf:${reference}`)} />
      )}
      {busy && <Loading what="the headers" />}
      {error !== null && !busy && <ErrorMessage error={error} {...(target ? { retry: () => void readTarget(target) } : {})} />}
      {reading && !busy && (
        <ReadingCard reading={reading} onPlan={plan} onImportAndPlan={() => void importAndPlan()} importing={importing} />
      )}
    </section>
  );
}

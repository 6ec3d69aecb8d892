import { type FormEvent, useMemo, useState } from 'react';
import { CapacityChart } from '../components/CapacityChart.js';
import { FitBadge } from '../components/FitBadge.js';
import { MemoryChart } from '../components/MemoryChart.js';
import { ModelPicker } from '../components/ModelPicker.js';
import { SpeedChart } from '../components/SpeedChart.js';
import { ErrorMessage, Loading } from '../components/Status.js';
import { VerifyPlan } from '../components/VerifyPlan.js';
import { errorMessage, formatBytes, formatSeconds, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, type ScenarioSettings, scenarioInput, usePlanner } from '../state/planner.js';
import type { KvCacheType, Runtime } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

const KV_TYPES: KvCacheType[] = ['f16', 'bf16', 'q8_0', 'q4_0', 'fp8'];
const RUNTIMES: (Runtime | 'auto')[] = ['auto', 'llama.cpp', 'ollama', 'vllm', 'sglang', 'mlx', 'transformers'];
const CONTEXT_STEPS = [1024, 2048, 4096, 8192, 16_384, 32_768, 65_536, 131_072, 262_144];

function NumberField({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}) {
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const parsed = Number(text);
  const invalid = !Number.isInteger(parsed) || parsed < min || parsed > max;
  return (
    <label>
      {label}
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={text}
        aria-invalid={invalid}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (Number.isInteger(next) && next >= min && next <= max) onChange(next);
        }}
      />
      {invalid && (
        <span className="field-error">
          a whole number from {min} to {max}
        </span>
      )}
    </label>
  );
}

/** tRPC's code for a save over a revision someone else saved since (HTTP 409). */
function isConflict(error: unknown): boolean {
  return (error as { data?: { code?: string } } | null)?.data?.code === 'CONFLICT';
}

function SavePlanForm() {
  const api = useApi();
  const { state, loadPlan } = usePlanner();
  const [name, setName] = useState(state.plan?.name ?? '');
  const [notes, setNotes] = useState(state.plan?.notes ?? '');
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error' | 'conflict'; message?: string }>({
    kind: 'idle',
  });

  const store = async (asNew: boolean) => {
    setStatus({ kind: 'saving' });
    const existing = asNew ? null : state.plan;
    try {
      const plan = await api.plans.save.mutate({
        // The revision read goes with the save: if someone saved the plan since, nothing is overwritten.
        ...(existing ? { id: existing.id, ...(existing.revision !== undefined ? { revision: existing.revision } : {}) } : {}),
        name: name.trim() || `${state.scenario.model.split('/').pop()} at ${state.scenario.precision}`,
        notes,
        model: state.scenario.model,
        precision: state.scenario.precision,
        hardware: state.hardware,
        scenario: scenarioInput(state.scenario),
      });
      loadPlan(plan, state.hardwareLabel);
      setName(plan.name);
      setStatus({ kind: 'saved', message: `Saved “${plan.name}”${plan.revision ? ` (revision ${plan.revision})` : ''}.` });
    } catch (error) {
      setStatus(
        isConflict(error)
          ? {
              kind: 'conflict',
              message: `Someone saved “${state.plan?.name ?? name}” since you opened it, so nothing was written. Save yours as a new plan, or open theirs from Plans.`,
            }
          : { kind: 'error', message: errorMessage(error) },
      );
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void store(false);
  };

  return (
    <form className="card save-plan" onSubmit={save} aria-labelledby="save-plan-title">
      <h3 id="save-plan-title">{state.plan ? 'Update plan' : 'Save as plan'}</h3>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Team chat server" maxLength={200} />
      </label>
      <label>
        Notes
        <textarea value={notes} onChange={(event) => setNotes(event.target.value)} rows={2} maxLength={20_000} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : state.plan ? 'Save changes' : 'Save plan'}
        </button>
        <span role="status" className={status.kind === 'error' || status.kind === 'conflict' ? 'field-error' : 'muted'}>
          {status.message}
        </span>
        {status.kind === 'conflict' && (
          <button type="button" onClick={() => void store(true)}>
            Save as a new plan
          </button>
        )}
      </div>
    </form>
  );
}

/** One model at one precision on the chosen machine: memory per device, speed against context, launch command. */
export function ScenarioView() {
  const api = useApi();
  const { state, updateScenario } = usePlanner();
  const s = state.scenario;
  const models = useAsync(() => api.models.list.query({ kind: 'open' }), 'open-models');
  const precisions = useAsync(() => api.models.precisions.query(), 'precisions');
  const request = useMemo(
    () => ({ model: s.model, precision: s.precision, hardware: state.hardware, ...scenarioInput(s) }),
    [s, state.hardware],
  );
  const scenario = useAsync(() => api.scenario.mutate(request), `${hardwareKey(state.hardware)}|${JSON.stringify(request)}`);
  const [copied, setCopied] = useState(false);
  const set = (change: Partial<ScenarioSettings>) => updateScenario(change);
  const e = scenario.data?.estimate;
  const maxContext = models.data?.open.find((m) => m.id === s.model)?.architecture.maxContextTokens;

  return (
    <section aria-labelledby="scenario-title">
      <div className="view-header">
        <h2 id="scenario-title">Scenario</h2>
        <p className="muted">
          {state.plan ? `Plan “${state.plan.name}” · ` : ''}on {state.hardwareLabel}
        </p>
      </div>
      <form className="controls card" onSubmit={(event) => event.preventDefault()} aria-label="Scenario settings">
        <ModelPicker value={s.model} onChange={(model) => set({ model })} models={models.data?.open} />
        <label>
          Precision
          <select value={s.precision} onChange={(event) => set({ precision: event.target.value })} disabled={!precisions.data}>
            {!precisions.data?.some((p) => p.id === s.precision) && (
              <option value={s.precision}>{s.precision === 'as-stored' ? 'As stored in the files' : s.precision}</option>
            )}
            {precisions.data?.map((p) => (
              <option key={p.id} value={p.id} title={p.label}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Context
          <select value={s.contextTokens} onChange={(event) => set({ contextTokens: Number(event.target.value) })}>
            {[...new Set([...CONTEXT_STEPS, s.contextTokens])]
              .sort((a, b) => a - b)
              .filter((tokens) => !maxContext || tokens <= maxContext || tokens === s.contextTokens)
              .map((tokens) => (
                <option key={tokens} value={tokens}>
                  {tokens.toLocaleString('en-US')} tokens
                </option>
              ))}
          </select>
        </label>
        <NumberField
          label="Prompt tokens"
          value={s.promptTokens}
          min={1}
          max={1_048_576}
          onChange={(promptTokens) => set({ promptTokens })}
        />
        <NumberField
          label="Cached tokens before it"
          value={s.cachedPromptTokens ?? 0}
          min={0}
          max={16_777_216}
          // 0 is an empty cache: the field leaves the link and the plan.
          onChange={(cachedPromptTokens) => set({ cachedPromptTokens: cachedPromptTokens || undefined })}
        />
        <NumberField
          label="Concurrent sequences"
          value={s.concurrency}
          min={1}
          max={1024}
          onChange={(concurrency) => set({ concurrency })}
        />
        <label>
          KV cache
          <select value={s.kvCacheType} onChange={(event) => set({ kvCacheType: event.target.value as KvCacheType })}>
            {KV_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          Runtime
          <select value={s.runtime} onChange={(event) => set({ runtime: event.target.value as Runtime | 'auto' })}>
            {RUNTIMES.map((runtime) => (
              <option key={runtime} value={runtime}>
                {runtime === 'auto' ? 'Automatic' : runtime}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={s.flashAttention} onChange={(event) => set({ flashAttention: event.target.checked })} />
          Flash attention
        </label>
      </form>

      {scenario.status === 'error' && <ErrorMessage error={scenario.error} retry={scenario.reload} />}
      {scenario.status === 'loading' && !e && <Loading what="the scenario" />}
      {e && scenario.data && (
        <div className="scenario-result" aria-busy={scenario.status === 'loading'}>
          <div className="card headline" data-testid="scenario-headline">
            <FitBadge fit={e.placement.fit} />
            <p>
              <strong>{e.model.name}</strong> at <strong>{e.precision.id}</strong> with {e.runtime}: {e.placement.explanation}.
            </p>
            <dl className="figures">
              <div>
                <dt>Memory</dt>
                <dd data-testid="total-memory">{formatBytes(e.memory.totalBytes)}</dd>
              </div>
              <div>
                <dt>KV cache</dt>
                <dd>{formatBytes(e.memory.kvCacheBytes)}</dd>
              </div>
              <div>
                <dt>Generation</dt>
                <dd data-testid="decode-speed">
                  {e.throughput ? `${formatTokensPerSecond(e.throughput.decodeTokensPerSecond)} tok/s` : '—'}
                  {e.throughput && (
                    <span className="muted small">
                      {' '}
                      ({formatTokensPerSecond(e.throughput.low)}–{formatTokensPerSecond(e.throughput.high)})
                    </span>
                  )}
                </dd>
              </div>
              <div>
                <dt>Time to first token</dt>
                <dd>
                  {formatSeconds(e.throughput?.timeToFirstTokenSeconds)}
                  {e.scenario.cachedPromptTokens ? (
                    <span className="muted small"> after {e.scenario.cachedPromptTokens.toLocaleString('en-US')} cached tokens</span>
                  ) : null}
                </dd>
              </div>
            </dl>
          </div>
          <div className="card">
            <h3>Memory per device</h3>
            <MemoryChart estimate={e} />
          </div>
          <div className="card">
            <h3>Speed as the context grows</h3>
            <SpeedChart curve={scenario.data.curve} limits={scenario.data.curveLimits} />
          </div>
          <div className="card">
            <h3>Serving capacity</h3>
            <p data-testid="capacity-summary">
              {scenario.data.capacity.maxSequences > 0
                ? `Up to ${scenario.data.capacity.maxSequences} sequences of ${scenario.data.capacity.contextTokens.toLocaleString('en-US')} tokens fit the ${formatBytes(scenario.data.capacity.kvBudgetBytes)} KV budget (${formatBytes(scenario.data.capacity.kvBytesPerSequence)} each).`
                : 'Not one sequence of this context fits beside the weights.'}
              {scenario.data.capacity.kneeConcurrency !== null &&
                ` Beyond ${scenario.data.capacity.kneeConcurrency} at once, doubling adds less than half the throughput.`}
              {scenario.data.capacity.leavesGpuAt &&
                scenario.data.capacity.leavesGpuAt.concurrency > 1 &&
                (scenario.data.capacity.leavesGpuAt.fit === 'offload'
                  ? ` At ${scenario.data.capacity.leavesGpuAt.concurrency} at once the KV cache pushes layers to the CPU.`
                  : ` At ${scenario.data.capacity.leavesGpuAt.concurrency} at once it no longer fits.`)}
            </p>
            {scenario.data.capacity.curve.length > 1 && <CapacityChart capacity={scenario.data.capacity} />}
            <ul className="notes">
              {scenario.data.capacity.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </div>
          <div className="card">
            <h3>Launch with {scenario.data.launch.runtime}</h3>
            {scenario.data.launch.command === null ? (
              <div data-testid="launch-unavailable">
                <p>No launch command: {scenario.data.launch.unavailable?.reason}.</p>
                {scenario.data.launch.unavailable?.nearestPrecision && (
                  <button
                    type="button"
                    onClick={() => set({ precision: scenario.data?.launch.unavailable?.nearestPrecision ?? s.precision })}
                  >
                    Plan at {scenario.data.launch.unavailable.nearestPrecision} instead
                  </button>
                )}
              </div>
            ) : (
              <>
                <pre className="command" data-testid="launch-command">
                  <code>{scenario.data.launch.command}</code>
                </pre>
                <button
                  type="button"
                  onClick={async () => {
                    await navigator.clipboard?.writeText(scenario.data?.launch.command ?? '');
                    setCopied(true);
                  }}
                >
                  {copied ? 'Copied' : 'Copy command'}
                </button>
              </>
            )}
            {scenario.data.launch.kubernetesManifest && (
              <details>
                <summary>Kubernetes manifest (vLLM on GPU nodes)</summary>
                <pre className="command" data-testid="kubernetes-manifest">
                  <code>{scenario.data.launch.kubernetesManifest}</code>
                </pre>
              </details>
            )}
            {scenario.data.launch.notes.length > 0 && (
              <ul className="notes">
                {scenario.data.launch.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </div>
          <div className="card">
            <h3>Verify</h3>
            <VerifyPlan
              model={s.model}
              precision={s.precision}
              runtime={e.runtime}
              promptTokens={Math.min(s.promptTokens, s.contextTokens)}
              onThisMachine={'detected' in state.hardware}
            />
          </div>
          {e.warnings.length > 0 && (
            <div className="card warnings" role="note" aria-label="Warnings">
              <h3>Warnings</h3>
              <ul>
                {e.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
          <SavePlanForm />
        </div>
      )}
    </section>
  );
}

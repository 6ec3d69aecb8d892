import { type FormEvent, useState } from 'react';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { errorMessage, formatBytes, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { type UseCase, usePlanner } from '../state/planner.js';
import type { RouterInputs, RouterOutputs } from '../state/types.js';
import { useAsync } from '../state/use-async.js';
import { USE_CASE_LABELS } from './AnswerView.js';

type Fleet = RouterOutputs['fleets']['get'];
type FleetPlan = RouterOutputs['fleets']['plan'];
type Workload = RouterInputs['fleets']['plan']['workloads'][number];

/** One workload row as typed: numbers stay text until the plan is asked for, so a bad one can be named. */
interface WorkloadRow {
  key: number;
  name: string;
  model: string;
  useCase: UseCase;
  users: string;
  contextTokens: string;
}

let rowKeys = 0;
const newRow = (useCase: UseCase = 'chat'): WorkloadRow => ({
  key: ++rowKeys,
  name: USE_CASE_LABELS[useCase].toLowerCase(),
  model: '',
  useCase,
  users: '1',
  contextTokens: '',
});

/**
 * The workload rows as the plan procedure takes them, or the first thing wrong with one, in a sentence:
 * users a whole number from 1 to 4,096, context empty (the use case's) or 256 to 10,000,000 tokens.
 */
export function workloadsOf(rows: readonly WorkloadRow[]): { workloads: Workload[] } | { error: string } {
  const workloads: Workload[] = [];
  for (const [index, row] of rows.entries()) {
    const label = row.name.trim() || `workload ${index + 1}`;
    if (!row.name.trim()) return { error: `workload ${index + 1} needs a name` };
    const users = Number(row.users);
    if (!/^\d+$/.test(row.users.trim()) || users < 1 || users > 4096) {
      return { error: `${label}: users must be a whole number from 1 to 4,096 (got "${row.users}")` };
    }
    const context = row.contextTokens.trim();
    const contextTokens = Number(context);
    if (context !== '' && (!/^\d+$/.test(context) || contextTokens < 256 || contextTokens > 10_000_000)) {
      return { error: `${label}: context must be empty (the use case's) or 256 to 10,000,000 tokens (got "${row.contextTokens}")` };
    }
    workloads.push({
      name: row.name.trim(),
      useCase: row.useCase,
      users,
      ...(row.model.trim() ? { model: row.model.trim() } : {}),
      ...(context !== '' ? { contextTokens } : {}),
    });
  }
  return workloads.length > 0 ? { workloads } : { error: 'add at least one workload' };
}

/** A fleet machine's hardware in a few words: a what-if's GPUs, a saved profile's label, or the host itself. */
function describeHardware(hardware: Fleet['machines'][number]['hardware']): string {
  if (hardware === undefined || 'detected' in hardware) return 'the machine the planner runs on (as detected)';
  if ('whatIf' in hardware) {
    const w = hardware.whatIf;
    const gpus = w.gpu === 'none' ? 'CPU only' : `${w.gpus && w.gpus > 1 ? `${w.gpus}× ` : ''}${w.gpu}`;
    const ram = w.ramGiB ?? w.ramGb;
    return `${gpus}${ram ? `, ${ram} GiB RAM` : ''}${w.nodes && w.nodes > 1 ? ` × ${w.nodes} nodes` : ''} (what-if)`;
  }
  return `${hardware.profile.label} (saved profile)`;
}

function FleetMachines({ fleet, onChanged }: { fleet: Fleet; onChanged: () => void }) {
  const api = useApi();
  const { state } = usePlanner();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const act = async (work: () => Promise<string>) => {
    try {
      setMessage({ text: await work(), error: false });
      onChanged();
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const machine = name.trim() || state.hardwareLabel;
    void act(async () => {
      await api.fleets.addMachine.mutate({ fleet: fleet.name, machine: { name: machine, hardware: state.hardware } });
      setName('');
      return `Added “${machine}”.`;
    });
  };
  return (
    <div className="card">
      <h3>Machines in “{fleet.name}”</h3>
      {fleet.machines.length === 0 ? (
        <Empty>No machines yet. Add the machine you are planning for (pick or describe it in the Machine view first).</Empty>
      ) : (
        <table data-testid="fleet-machines">
          <thead>
            <tr>
              <th scope="col">name</th>
              <th scope="col">hardware</th>
              <th scope="col">
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fleet.machines.map((machine) => (
              <tr key={machine.name}>
                <th scope="row">{machine.name}</th>
                <td>{describeHardware(machine.hardware)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Remove ${machine.name}`}
                    onClick={() =>
                      void act(async () => {
                        await api.fleets.removeMachine.mutate({ fleet: fleet.name, machine: machine.name });
                        return `Removed “${machine.name}”.`;
                      })
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="actions" onSubmit={add}>
        <label>
          Add {state.hardwareLabel} as
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder={state.hardwareLabel} maxLength={120} />
        </label>
        <button type="submit">Add machine</button>
        {message && (
          <span role="status" className={message.error ? 'field-error' : 'muted'}>
            {message.text}
          </span>
        )}
      </form>
    </div>
  );
}

function WorkloadEditor({ rows, setRows }: { rows: WorkloadRow[]; setRows: (rows: WorkloadRow[]) => void }) {
  const update = (key: number, change: Partial<WorkloadRow>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  return (
    <table data-testid="fleet-workloads">
      <thead>
        <tr>
          <th scope="col">workload</th>
          <th scope="col">use</th>
          <th scope="col">model (empty: the best for the use)</th>
          <th scope="col">users at once</th>
          <th scope="col">context tokens (empty: the use's)</th>
          <th scope="col">
            <span className="visually-hidden">actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          // One text cell of the row: its field, its accessible name, and what the field accepts.
          const cell = (
            field: 'name' | 'model' | 'users' | 'contextTokens',
            label: string,
            attributes: { maxLength?: number; placeholder?: string; inputMode?: 'numeric' },
          ) => (
            <td>
              <input
                aria-label={`Workload ${index + 1} ${label}`}
                {...attributes}
                value={row[field]}
                onChange={(event) => update(row.key, { [field]: event.target.value })}
              />
            </td>
          );
          return (
            <tr key={row.key}>
              {cell('name', 'name', { maxLength: 120 })}
              <td>
                <select
                  aria-label={`Workload ${index + 1} use`}
                  value={row.useCase}
                  onChange={(event) => update(row.key, { useCase: event.target.value as UseCase })}
                >
                  {Object.entries(USE_CASE_LABELS).map(([id, label]) => (
                    <option key={id} value={id}>
                      {label}
                    </option>
                  ))}
                </select>
              </td>
              {cell('model', 'model', { maxLength: 300, placeholder: 'e.g. qwen3:8b' })}
              {cell('users', 'users', { inputMode: 'numeric' })}
              {cell('contextTokens', 'context', { inputMode: 'numeric' })}
              <td>
                <button
                  type="button"
                  aria-label={`Remove workload ${index + 1}`}
                  disabled={rows.length === 1}
                  onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                >
                  Remove
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function FleetPlanResult({ plan }: { plan: FleetPlan }) {
  return (
    <div data-testid="fleet-plan">
      <p className="muted">{plan.methodNote}</p>
      {plan.machines.map((machine) => (
        <div className="card" key={machine.name}>
          <h4>
            {machine.name}: {formatBytes(machine.usedBytes)} of {formatBytes(machine.capacityBytes)} used, {Math.round(machine.load * 100)}%
            of its generation bandwidth
          </h4>
          {machine.assignments.length === 0 ? (
            <p className="muted">Nothing placed here.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">workload</th>
                  <th scope="col">model</th>
                  <th scope="col">precision</th>
                  <th scope="col">runtime</th>
                  <th scope="col">memory</th>
                  <th scope="col">tokens/s per user</th>
                  <th scope="col">why</th>
                </tr>
              </thead>
              <tbody>
                {machine.assignments.map((a) => (
                  <tr key={a.workload}>
                    <th scope="row">{a.workload}</th>
                    <td>{a.modelName}</td>
                    <td>{a.precision}</td>
                    <td>{a.runtime}</td>
                    <td>{formatBytes(a.memoryBytes)}</td>
                    <td>{formatTokensPerSecond(a.decodeTokensPerSecond)}</td>
                    <td>{a.reasons[0] ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {machine.notes.length > 0 && (
            <ul className="notes">
              {machine.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
      {plan.unplaced.length > 0 && (
        <div className="card warnings" role="note" aria-label="Not placed">
          <h4>Not placed</h4>
          <ul>
            {plan.unplaced.map((u) => (
              <li key={u.workload}>
                <strong>{u.workload}</strong>: {u.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/**
 * Fleets: machines a team plans together. Pick or create one, add the machine being planned, list what the
 * team wants served, and the server places each workload on the machine that serves it best.
 */
export function FleetView() {
  const api = useApi();
  const fleets = useAsync(() => api.fleets.list.query({ limit: 200 }), 'fleets');
  const [selected, setSelected] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);
  const [rows, setRows] = useState<WorkloadRow[]>(() => [newRow('chat')]);
  const [plan, setPlan] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; plan: FleetPlan } | { status: 'error'; error: unknown }
  >({
    status: 'idle',
  });
  const [inputError, setInputError] = useState<string | null>(null);
  const fleet = fleets.data?.fleets.find((f) => f.name === selected) ?? fleets.data?.fleets[0];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreateError(null);
    try {
      const saved = await api.fleets.save.mutate({ name: newName.trim(), machines: [] });
      setNewName('');
      setSelected(saved.name);
      fleets.reload();
    } catch (error) {
      setCreateError(errorMessage(error));
    }
  };
  const runPlan = () => {
    if (!fleet) return;
    const parsed = workloadsOf(rows);
    if ('error' in parsed) {
      setInputError(parsed.error);
      return;
    }
    setInputError(null);
    setPlan({ status: 'running' });
    api.fleets.plan.mutate({ fleet: fleet.name, workloads: parsed.workloads }).then(
      (result) => setPlan({ status: 'done', plan: result }),
      (error: unknown) => setPlan({ status: 'error', error }),
    );
  };

  return (
    <section aria-labelledby="fleet-title">
      <div className="view-header">
        <h2 id="fleet-title">Fleet</h2>
        <p className="muted">Machines planned together: which model serves which workload on which machine.</p>
      </div>
      {fleets.status === 'error' && <ErrorMessage error={fleets.error} retry={fleets.reload} />}
      {fleets.status === 'loading' && !fleets.data && <Loading what="fleets" />}
      <div className="toolbar">
        {fleets.data && fleets.data.fleets.length > 0 && (
          <label>
            Fleet
            <select value={fleet?.name ?? ''} onChange={(event) => setSelected(event.target.value)}>
              {fleets.data.fleets.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name} ({f.machines.length} machine{f.machines.length === 1 ? '' : 's'})
                </option>
              ))}
            </select>
          </label>
        )}
        <form onSubmit={create} className="actions">
          <label>
            New fleet
            <input value={newName} onChange={(event) => setNewName(event.target.value)} placeholder="e.g. lab" maxLength={64} />
          </label>
          <button type="submit" disabled={!newName.trim()}>
            Create
          </button>
          {createError && (
            <span role="status" className="field-error">
              {createError}
            </span>
          )}
        </form>
      </div>
      {fleets.data && !fleet && <Empty>No fleets yet. Create one, then add machines to it.</Empty>}
      {fleet && (
        <>
          <FleetMachines fleet={fleet} onChanged={fleets.reload} />
          <div className="card">
            <h3>What the team wants served</h3>
            <WorkloadEditor rows={rows} setRows={setRows} />
            <div className="actions">
              <button type="button" onClick={() => setRows([...rows, newRow('coding')])}>
                Add workload
              </button>
              <button
                type="button"
                className="primary"
                onClick={runPlan}
                disabled={fleet.machines.length === 0 || plan.status === 'running'}
              >
                Plan the fleet
              </button>
              {inputError && (
                <span role="status" className="field-error">
                  {inputError}
                </span>
              )}
            </div>
            {plan.status === 'running' && <Loading what="the fleet plan" />}
            {plan.status === 'error' && <ErrorMessage error={plan.error} retry={runPlan} />}
            {plan.status === 'done' && <FleetPlanResult plan={plan.plan} />}
          </div>
        </>
      )}
    </section>
  );
}

import { formatBandwidth } from '@weightplan/format';
import { type FormEvent, useState } from 'react';
import { type BenchResult, BenchResultTable } from '../components/BenchResultTable.js';
import { ErrorMessage, Loading } from '../components/Status.js';
import { errorMessage, formatBytes } from '../format.js';
import { useApi } from '../state/api-context.js';
import { usePlanner } from '../state/planner.js';
import type { HardwareInput, HardwareProfile, WhatIfHardware } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

type Source = { provenance: string; confidence: string; note?: string | undefined } | undefined;

function Provenance({ source }: { source: Source }) {
  if (!source) return null;
  return (
    <span
      className={`provenance provenance-${source.provenance}`}
      title={`${source.confidence} confidence${source.note ? `: ${source.note}` : ''}`}
    >
      {source.provenance}
    </span>
  );
}

const bandwidth = formatBandwidth;

function ProfileDetails({ profile }: { profile: HardwareProfile }) {
  const m = profile.memory;
  return (
    <div className="machine" data-testid="machine-profile">
      <dl className="spec-list">
        <div>
          <dt>CPU</dt>
          <dd>
            {profile.cpu.model} · {profile.cpu.cores} cores, {profile.cpu.threads} threads <Provenance source={profile.cpu.sources.model} />
            {profile.cpu.simd.length > 0 && <span className="muted small"> · {profile.cpu.simd.join(', ')}</span>}
          </dd>
        </div>
        <div>
          <dt>RAM</dt>
          <dd>
            {formatBytes(m.totalBytes)} total, {formatBytes(m.availableBytes)} free <Provenance source={m.sources.totalBytes} />
          </dd>
        </div>
        <div>
          <dt>RAM bandwidth</dt>
          <dd>
            {bandwidth(m.bandwidthBytesPerSecond)} ({m.bandwidthBasis}
            {m.type ? `, ${m.type}` : ''}
            {m.channels ? ` ${m.channels} channels` : ''})
            {m.layoutBandwidthBytesPerSecond && m.measuredBandwidthBytesPerSecond && (
              <span className="muted small">
                {' '}
                · layout {bandwidth(m.layoutBandwidthBytesPerSecond)}, measured {bandwidth(m.measuredBandwidthBytesPerSecond)}
              </span>
            )}
          </dd>
        </div>
        {profile.os && (
          <div>
            <dt>System</dt>
            <dd>
              {profile.os.distro ?? profile.os.platform} {profile.os.release} ({profile.os.arch})
              {profile.virtualization?.container ? ' · in a container' : ''}
              {profile.virtualization?.hypervisor ? ` · ${profile.virtualization.hypervisor}` : ''}
            </dd>
          </div>
        )}
        {profile.disk && (
          <div>
            <dt>Disk</dt>
            <dd>
              {formatBytes(profile.disk.freeBytes)} free of {formatBytes(profile.disk.totalBytes)} at {profile.disk.path}
            </dd>
          </div>
        )}
      </dl>
      <h4>GPUs</h4>
      {profile.gpus.length === 0 ? (
        <p className="muted">No GPU: models run on the CPU from system RAM.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">GPU</th>
              <th scope="col">Memory</th>
              <th scope="col">Usable</th>
              <th scope="col">Bandwidth</th>
              <th scope="col">Link</th>
            </tr>
          </thead>
          <tbody>
            {profile.gpus.map((gpu) => (
              <tr key={gpu.index}>
                <td>{gpu.index}</td>
                <th scope="row">
                  {gpu.name} {!gpu.specId && <span className="tag warn">not in the spec database</span>}
                  {gpu.driver && <span className="muted small"> · driver {gpu.driver}</span>}
                </th>
                <td>
                  {formatBytes(gpu.memoryBytes)}
                  {gpu.memoryFreeBytes !== null && <span className="muted small"> ({formatBytes(gpu.memoryFreeBytes)} free)</span>}{' '}
                  <Provenance source={gpu.sources.memoryBytes} />
                </td>
                <td>
                  {formatBytes(gpu.usableMemoryBytes)}
                  {gpu.unifiedMemory && <span className="muted small"> unified</span>} <Provenance source={gpu.sources.usableMemoryBytes} />
                </td>
                <td>
                  {bandwidth(gpu.memoryBandwidthBytesPerSecond)} <Provenance source={gpu.sources.memoryBandwidthBytesPerSecond} />
                </td>
                <td>{gpu.pcieLink ?? gpu.interconnect?.kind ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {profile.warnings.length > 0 && (
        <ul className="notes" aria-label="Detection warnings">
          {profile.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface GpuRow {
  name: string;
  count: number;
}

function whatIfOf(rows: GpuRow[], ramGiB: string, nodes: number, interconnect: '' | 'pcie' | 'nvlink'): WhatIfHardware {
  const named = rows.filter((row) => row.name.trim());
  const gpu = named.length === 0 ? 'none' : named.map((row) => `${row.count}x ${row.name.trim()}`).join(',');
  return {
    gpu,
    ...(ramGiB.trim() ? { ramGiB: Number(ramGiB) } : {}),
    ...(nodes > 1 ? { nodes } : {}),
    ...(interconnect ? { interconnect } : {}),
  };
}

function WhatIfEditor({ detected }: { detected: HardwareProfile | undefined }) {
  const api = useApi();
  const { setHardware } = usePlanner();
  const gpuNames = useAsync(() => api.hardware.gpus.query(), 'gpu-names');
  const [rows, setRows] = useState<GpuRow[]>([{ name: 'RTX 4090', count: 1 }]);
  const [ramGiB, setRamGiB] = useState('64');
  const [nodes, setNodes] = useState(1);
  const [interconnect, setInterconnect] = useState<'' | 'pcie' | 'nvlink'>('');
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState<string | null>(null);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    const whatIf = whatIfOf(rows, ramGiB, nodes, interconnect);
    try {
      const profile = await api.hardware.profile.mutate(whatIf);
      setHardware({ whatIf }, profile.label);
      setError(null);
      setApplied(profile.label);
    } catch (caught) {
      setError(errorMessage(caught));
      setApplied(null);
    }
  };

  const startFromDetected = () => {
    if (!detected) return;
    const counts = new Map<string, number>();
    for (const gpu of detected.gpus) counts.set(gpu.name, (counts.get(gpu.name) ?? 0) + 1);
    setRows(counts.size ? [...counts].map(([name, count]) => ({ name, count })) : [{ name: '', count: 1 }]);
    setRamGiB(String(Math.round(detected.memory.totalBytes / 1024 ** 3)));
  };

  return (
    <form className="card what-if" onSubmit={apply} aria-labelledby="what-if-title">
      <h3 id="what-if-title">Plan for other hardware</h3>
      <p className="muted small">
        Add GPUs (mixed sets work), change RAM, add nodes. Names as people write them: “RTX 4090”, “H100 SXM”, “M3 Max (40-core GPU)”.
      </p>
      <datalist id="gpu-names">
        {gpuNames.data?.map((gpu) => (
          <option key={gpu.id} value={gpu.name} />
        ))}
      </datalist>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
        <div className="gpu-row" key={index}>
          <label>
            GPU {index + 1}
            <input
              list="gpu-names"
              value={row.name}
              placeholder="none for CPU only"
              onChange={(event) => setRows(rows.map((r, i) => (i === index ? { ...r, name: event.target.value } : r)))}
            />
          </label>
          <label>
            Count
            <input
              type="number"
              min={1}
              max={64}
              value={row.count}
              onChange={(event) =>
                setRows(rows.map((r, i) => (i === index ? { ...r, count: Math.max(1, Math.min(64, Number(event.target.value) || 1)) } : r)))
              }
            />
          </label>
          {rows.length > 1 && (
            <button
              type="button"
              className="link"
              onClick={() => setRows(rows.filter((_, i) => i !== index))}
              aria-label={`Remove GPU ${index + 1}`}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setRows([...rows, { name: '', count: 1 }])}>
          Add another GPU
        </button>
        {detected && (
          <button type="button" onClick={startFromDetected}>
            Start from this machine
          </button>
        )}
      </div>
      <div className="row">
        <label>
          RAM (GiB)
          <input type="number" min={1} max={65_536} value={ramGiB} onChange={(event) => setRamGiB(event.target.value)} />
        </label>
        <label>
          Nodes
          <input
            type="number"
            min={1}
            max={64}
            value={nodes}
            onChange={(event) => setNodes(Math.max(1, Number(event.target.value) || 1))}
          />
        </label>
        <label>
          GPU link
          <select value={interconnect} onChange={(event) => setInterconnect(event.target.value as '' | 'pcie' | 'nvlink')}>
            <option value="">As the spec says</option>
            <option value="pcie">PCIe</option>
            <option value="nvlink">NVLink</option>
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Plan for this hardware
        </button>
        <span role="status" className={error ? 'field-error' : 'muted'}>
          {error ?? (applied ? `Planning for ${applied}.` : '')}
        </span>
      </div>
    </form>
  );
}

function SavedMachines() {
  const api = useApi();
  const { state, setHardware } = usePlanner();
  // A store keeps at most 200 machines, one page of 200.
  const profiles = useAsync(() => api.profiles.list.query({ limit: 200 }), 'profiles');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.profiles.save.mutate({ name, hardware: state.hardware });
      setMessage(`Saved “${name}”.`);
      setName('');
      profiles.reload();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };

  return (
    <section className="card" aria-labelledby="saved-machines-title">
      <h3 id="saved-machines-title">Saved machines</h3>
      {profiles.status === 'error' && <ErrorMessage error={profiles.error} retry={profiles.reload} />}
      {profiles.data && profiles.data.profiles.length === 0 && (
        <p className="muted">None yet. Save the hardware you are planning for under a name.</p>
      )}
      {profiles.data && profiles.data.profiles.length > 0 && (
        <ul className="saved-list">
          {profiles.data.profiles.map((profile) => (
            <li key={profile.name}>
              <span>{profile.name}</span>
              <span className="muted small">
                {'whatIf' in profile.hardware
                  ? profile.hardware.whatIf.gpu
                  : 'profile' in profile.hardware
                    ? profile.hardware.profile.label
                    : 'this machine'}
              </span>
              <button type="button" onClick={() => setHardware(profile.hardware as HardwareInput, profile.name)}>
                Use
              </button>
              <button
                type="button"
                className="link"
                onClick={() => api.profiles.remove.mutate({ name: profile.name }).then(profiles.reload)}
                aria-label={`Delete ${profile.name}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={save} className="row">
        <label>
          Save “{state.hardwareLabel}” as
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Basement server" maxLength={120} />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Save
        </button>
        {message && <span role="status">{message}</span>}
      </form>
    </section>
  );
}

/** The short synthetic bench the desktop app runs: a small model, 128 prompt and 32 generated tokens, twice. */
export const QUICK_BENCH = {
  synthetic: 'meta-llama/Llama-3.2-1B-Instruct',
  precision: 'Q4_0',
  promptTokens: 128,
  genTokens: 32,
  repetitions: 2,
} as const;

/** "Measure this machine": llama.cpp on a synthetic small model, measured against predicted, saved for calibration. */
function MeasureMachine() {
  const api = useApi();
  const [state, setState] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; result: BenchResult } | { status: 'error'; error: unknown }
  >({
    status: 'idle',
  });
  const run = () => {
    setState({ status: 'running' });
    api.bench.run.mutate(QUICK_BENCH).then(
      (result) => setState({ status: 'done', result }),
      (error: unknown) => setState({ status: 'error', error }),
    );
  };
  return (
    <div className="card">
      <div className="card-head">
        <h3>Measure this machine</h3>
        <div className="actions">
          <button type="button" onClick={run} disabled={state.status === 'running'}>
            Measure this machine
          </button>
        </div>
      </div>
      <p className="muted">
        Runs llama.cpp on a synthetic {QUICK_BENCH.synthetic} at {QUICK_BENCH.precision} (nothing downloaded but the runner, on first use)
        and compares what it measures with the estimate.
      </p>
      {state.status === 'running' && <Loading what="the benchmark (a minute or more)" />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={run} />}
      {state.status === 'done' && <BenchResultTable result={state.result} />}
    </div>
  );
}

/** The machine the plan is for: this one as detected (each figure with its source), or one described by name. */
export function MachineView() {
  const api = useApi();
  const { state, setHardware } = usePlanner();
  const [measure, setMeasure] = useState(0);
  const detected = useAsync(() => api.hardware.detect.query({ measure: measure > 0 }), `detect-${measure}`);
  const usingDetected = 'detected' in state.hardware;

  return (
    <section aria-labelledby="machine-title">
      <div className="view-header">
        <h2 id="machine-title">Machine</h2>
        <p className="muted">Planning for: {state.hardwareLabel}</p>
      </div>
      <div className="card">
        <div className="card-head">
          <h3>This machine</h3>
          <div className="actions">
            <button type="button" onClick={() => setMeasure((n) => n + 1)} disabled={detected.status === 'loading'}>
              Measure memory bandwidth
            </button>
            <button
              type="button"
              className={usingDetected ? '' : 'primary'}
              disabled={!detected.data}
              onClick={() =>
                detected.data &&
                setHardware(measure > 0 ? { profile: detected.data } : { detected: true }, `This machine (${detected.data.label})`)
              }
            >
              {usingDetected ? 'Planning for this machine' : 'Plan for this machine'}
            </button>
          </div>
        </div>
        {detected.status === 'error' && <ErrorMessage error={detected.error} retry={detected.reload} />}
        {detected.status === 'loading' && <Loading what={measure > 0 ? 'hardware and measuring bandwidth' : 'hardware'} />}
        {detected.data && detected.status !== 'loading' && <ProfileDetails profile={detected.data} />}
      </div>
      <MeasureMachine />
      <WhatIfEditor detected={detected.data} />
      <SavedMachines />
    </section>
  );
}

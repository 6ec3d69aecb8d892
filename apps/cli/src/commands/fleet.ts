import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { RouterInputs } from '@weightplan/api';
import type { Caller } from '../caller.js';
import { formatBytes, renderTable } from '../format.js';
import { type HardwareFlags, hardwareInput } from '../hardware-option.js';
import { type CliIo, printJson, tableWidth } from '../io.js';
import { UsageError } from '../usage-error.js';

type Workload = RouterInputs['fleets']['plan']['workloads'][number];

const WORKLOAD_KEYS = ['name', 'model', 'precision', 'use-case', 'users', 'context', 'min-tps', 'tokens-per-month'] as const;

function numberOf(key: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--workload ${key}=${value}: a ${integer ? 'whole ' : ''}number is expected`);
  }
  return n;
}

/**
 * One --workload: comma-separated key=value pairs, e.g.
 * "name=chat,model=llama-3-8b,users=4,context=8192,min-tps=15,tokens-per-month=2e8" or "name=agent,use-case=coding".
 */
export function parseWorkload(text: string): Workload {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    if (at < 0 || !(WORKLOAD_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`--workload "${part}": write key=value pairs with keys ${WORKLOAD_KEYS.join(', ')}`);
    }
    fields.set(key, part.slice(at + 1).trim());
  }
  const name = fields.get('name');
  if (!name) throw new UsageError(`--workload "${text}": give it a name=…`);
  if (!fields.get('model') && !fields.get('use-case'))
    throw new UsageError(`--workload ${name}: give model=… or use-case=chat|coding|rag|batch`);
  const get = (key: string) => fields.get(key);
  return {
    name,
    ...(get('model') ? { model: get('model') } : {}),
    ...(get('precision') ? { precision: get('precision') } : {}),
    ...(get('use-case') ? { useCase: get('use-case') as Workload['useCase'] } : {}),
    ...(get('users') ? { users: numberOf('users', get('users') as string, true) } : {}),
    ...(get('context') ? { contextTokens: numberOf('context', get('context') as string, true) } : {}),
    ...(get('min-tps') ? { minDecodeTokensPerSecond: numberOf('min-tps', get('min-tps') as string, false) } : {}),
    ...(get('tokens-per-month') ? { tokensPerMonth: numberOf('tokens-per-month', get('tokens-per-month') as string, false) } : {}),
  };
}

function readWorkloadsFile(path: string): Workload[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--workloads ${path}: ${(error as NodeJS.ErrnoException).code ?? 'not valid JSON'}; a JSON array of workloads is expected`,
    );
  }
  if (!Array.isArray(json)) throw new UsageError(`--workloads ${path}: a JSON array of workloads is expected`);
  return json as Workload[];
}

export async function runFleetAdd(name: string, options: HardwareFlags & { machine?: string; json?: boolean }, caller: Caller, io: CliIo) {
  if (!options.hardware && options.gpu === undefined) {
    throw new UsageError('give the machine: --hardware FILE (from `weightplan detect --save`) or --gpu NAME [--gpus N --ram GiB]');
  }
  const hardware = hardwareInput(options);
  const machineName = options.machine ?? (options.hardware ? basename(options.hardware).replace(/\.json$/i, '') : `${options.gpu}`);
  const fleet = await caller.fleets.addMachine({ fleet: name, machine: { name: machineName, hardware } });
  if (options.json) return printJson(io, fleet);
  io.out(
    `fleet ${fleet.name}: ${fleet.machines.length} machine(s) (${fleet.machines.map((m) => m.name).join(', ')}), revision ${fleet.revision} by ${fleet.savedBy}`,
  );
}

export async function runFleetRemove(name: string, options: { machine?: string; json?: boolean }, caller: Caller, io: CliIo) {
  const result = options.machine
    ? await caller.fleets.removeMachine({ fleet: name, machine: options.machine })
    : await caller.fleets.remove({ name });
  if (options.json) return printJson(io, result);
  const what = options.machine ? `machine ${options.machine} of fleet ${name}` : `fleet ${name}`;
  if (!result.removed) throw new UsageError(`no ${what} to remove`);
  io.out(`removed ${what}`);
}

export async function runFleetList(options: { json?: boolean }, caller: Caller, io: CliIo) {
  const page = await caller.fleets.list({ limit: 200 });
  if (options.json) return printJson(io, page);
  if (page.fleets.length === 0) return io.out('no fleets yet: weightplan fleet add NAME --hardware box.json');
  io.out(
    renderTable(
      ['Fleet', 'Machines', 'Saved by', 'Saved at'],
      page.fleets.map((f) => [f.name, f.machines.map((m) => m.name).join(', '), f.savedBy, f.savedAt]),
      { width: io.columns },
    ),
  );
}

export async function runFleetPlan(
  name: string,
  options: { workload?: string[]; workloads?: string; json?: boolean; wide?: boolean },
  caller: Caller,
  io: CliIo,
) {
  const workloads = [...(options.workloads ? readWorkloadsFile(options.workloads) : []), ...(options.workload ?? []).map(parseWorkload)];
  if (workloads.length === 0)
    throw new UsageError('give the workloads: --workload name=chat,model=llama-3-8b,users=4 (repeatable) or --workloads FILE');
  const plan = await caller.fleets.plan({ fleet: name, workloads });
  if (options.json) return printJson(io, plan);
  const rows = plan.machines.flatMap((m) =>
    m.assignments.length === 0
      ? [[m.name, '(idle)', '', '', '', formatBytes(m.freeBytes)]]
      : m.assignments.map((a, i) => [
          i === 0 ? m.name : '',
          a.workload,
          `${a.modelId} ${a.precision}`,
          a.runtime,
          `${a.decodeTokensPerSecond.toFixed(0)} tok/s/user`,
          i === 0 ? formatBytes(m.freeBytes) : '',
        ]),
  );
  io.out(renderTable(['Machine', 'Workload', 'Model', 'Runtime', 'Speed', 'Free'], rows, { width: tableWidth(io, options), shrink: 2 }));
  io.out(`placement: ${plan.method} (${plan.methodNote})`);
  for (const m of plan.machines) {
    for (const a of m.assignments) io.out(`\n${m.name} / ${a.workload}:\n  ${a.launch.command}`);
    for (const note of m.notes) io.out(`  note: ${note}`);
  }
  for (const u of plan.unplaced) io.out(`\n${u.workload} fits nowhere:\n${u.reasons.map((r) => `  ${r}`).join('\n')}`);
}

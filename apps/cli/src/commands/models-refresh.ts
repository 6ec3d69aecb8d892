import type { Caller } from '../caller.js';
import { formatBytes, formatCount } from '../format.js';
import { type CliIo, printJson } from '../io.js';
import { escapeControlCharacters } from '../terminal-text.js';

type RefreshResult = Awaited<ReturnType<Caller['models']['refresh']>>;
type Change = RefreshResult['refreshed'][number]['changes'][number];

const FIELD_LABELS: Record<Change['field'], string> = {
  parameterCount: 'parameters',
  activeParameterCount: 'active parameters',
  weightsBytes: 'weights',
};

function describeChange(change: Change): string {
  const show = (value: number | null) =>
    value === null ? 'none' : change.field === 'weightsBytes' ? formatBytes(value) : formatCount(value);
  const exact = (value: number | null) => (value === null ? '' : ` (${value.toLocaleString('en-US')})`);
  return `${FIELD_LABELS[change.field]} ${show(change.before)}${exact(change.before)} -> ${show(change.after)}${exact(change.after)}`;
}

/** `weightplan models refresh [id]`: re-reads pinned Hub models and says, one line each, which moved and how. */
export async function runModelsRefresh(id: string | undefined, options: { json?: boolean }, caller: Caller, io: CliIo): Promise<void> {
  const result = await caller.models.refresh(id === undefined ? {} : { id });
  if (options.json) {
    printJson(io, result);
    return;
  }
  if (result.refreshed.length === 0) {
    io.out('No model pinned from the Hub. `weightplan models add hf:ORG/NAME[:QUANT]` pins one.');
    return;
  }
  for (const r of result.refreshed) {
    const short = (commit: string) => commit.slice(0, 7);
    const name = escapeControlCharacters(r.reference);
    if (r.status === 'updated') {
      const what = r.changes.length > 0 ? `: ${r.changes.map(describeChange).join('; ')}` : ': same parameters and bytes';
      io.out(`${name}: updated, commit ${short(r.previous.commit)} -> ${short(r.current.commit)}${what}`);
    } else if (r.status === 'unchanged') {
      io.out(`${name}: unchanged at commit ${short(r.current.commit)}`);
    } else {
      io.out(`${name}: ${escapeControlCharacters(r.messages[0] ?? 'kept')}`);
    }
  }
  const count = (status: string) => result.refreshed.filter((r) => r.status === status).length;
  const kept = count('kept');
  io.out(
    `${count('updated')} updated, ${count('unchanged')} unchanged${kept > 0 ? `, ${kept} kept as they were (the Hub could not confirm them)` : ''}.`,
  );
}

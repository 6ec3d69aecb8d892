import { nameDistance } from '@weightplan/match';
import type { OpenModelSpec } from '@weightplan/weights';
import { formatCount, renderTable } from '../format.js';
import { type CliIo, printJson } from '../io.js';
import { UsageError } from '../usage-error.js';

export interface ModelsOptions {
  imported?: boolean;
  open?: boolean;
  closed?: boolean;
  search?: string;
  family?: string;
  commercial?: boolean;
  json?: boolean;
}

function matchesSearch(model: OpenModelSpec, search: string): boolean {
  const haystack = [model.id, model.name, model.family, model.publisher, ...model.aliases];
  return haystack.some((text) => nameDistance(search, text) < 2);
}

export function runModels(models: readonly OpenModelSpec[], options: ModelsOptions, io: CliIo): void {
  if (options.open && options.closed) throw new UsageError('give --open or --closed, not both');
  let selected = options.closed ? [] : [...models];
  if (options.search) selected = selected.filter((model) => matchesSearch(model, options.search ?? ''));
  if (options.family) selected = selected.filter((model) => model.family.toLowerCase() === options.family?.toLowerCase());
  if (options.commercial) selected = selected.filter((model) => model.license.commercialUse);
  if (options.imported) selected = selected.filter((model) => model.origin === 'imported');
  if (options.json) {
    printJson(io, { models: selected });
    return;
  }
  if (options.closed) {
    io.out('No closed (API-only) models in the catalog yet.');
    return;
  }
  if (selected.length === 0) {
    io.out('No model matches. `weightplan models` lists them all.');
    return;
  }
  io.out(
    renderTable(
      ['id', 'params', 'active', 'context', 'attention', 'license', 'released'],
      selected.map((m) => [
        m.id,
        formatCount(m.parameterCount),
        m.architecture.moe ? formatCount(m.activeParameterCount) : '',
        `${Math.round(m.architecture.maxContextTokens / 1024)}k`,
        [...new Set(m.architecture.attentionLayers.map((l) => l.kind))].join('+'),
        `${m.license.id}${m.license.commercialUse ? '' : ' (non-commercial)'}`,
        m.releaseDate ?? (m.origin === 'imported' ? 'imported' : '-'),
      ]),
    ),
  );
  io.out(`${selected.length} models. Aliases (llama-3-8b, qwen3:8b, ...) work wherever an id does.`);
}

import type { Caller } from '../caller.js';
import { formatCount, renderTable } from '../format.js';
import { type CliIo, printJson, tableWidth } from '../io.js';
import { UsageError } from '../usage-error.js';

export interface ModelsOptions {
  imported?: boolean;
  open?: boolean;
  closed?: boolean;
  search?: string;
  family?: string;
  commercial?: boolean;
  json?: boolean;
  wide?: boolean;
}

export async function runModels(options: ModelsOptions, caller: Caller, io: CliIo): Promise<void> {
  if (options.open && options.closed) throw new UsageError('give --open or --closed, not both');
  const list = await caller.models.list({
    kind: options.closed ? 'closed' : 'open',
    ...(options.search ? { search: options.search } : {}),
    ...(options.family ? { family: options.family } : {}),
    ...(options.commercial ? { commercialOnly: true } : {}),
    ...(options.imported ? { imported: true } : {}),
  });
  if (options.json) {
    printJson(io, { models: options.closed ? list.closed : list.open });
    return;
  }
  if (options.closed) {
    if (list.closed.length === 0) {
      io.out('No closed model matches. `weightplan models --closed` lists them all.');
      return;
    }
    io.out(
      renderTable(
        ['id', 'provider', 'context', '$/1M input', '$/1M output', 'price as of', 'released'],
        list.closed.map((m) => [
          m.id,
          m.provider,
          `${Math.round(m.contextTokens / 1024)}k`,
          m.pricing.inputPerMillionUsd,
          m.pricing.outputPerMillionUsd,
          m.pricing.readOn,
          m.releaseDate,
        ]),
        { width: tableWidth(io, options), drop: [6, 5, 2], shrink: 0 },
      ),
    );
    io.out(`${list.closed.length} closed models. Prices as of each entry's date; \`weightplan compare\` prices a workload.`);
    return;
  }
  if (list.open.length === 0) {
    io.out('No model matches. `weightplan models` lists them all.');
    return;
  }
  io.out(
    renderTable(
      ['id', 'params', 'active', 'context', 'attention', 'license', 'released'],
      list.open.map((m) => [
        m.id,
        formatCount(m.parameterCount),
        m.architecture.moe ? formatCount(m.activeParameterCount) : '',
        `${Math.round(m.architecture.maxContextTokens / 1024)}k`,
        [...new Set(m.architecture.attentionLayers.map((l) => l.kind))].join('+'),
        `${m.license.id}${m.license.commercialUse ? '' : ' (non-commercial)'}`,
        m.releaseDate ?? (m.origin === 'imported' ? 'imported' : '-'),
      ]),
      { width: tableWidth(io, options), drop: [4, 6, 5], shrink: 0 },
    ),
  );
  io.out(`${list.open.length} models. Aliases (llama-3-8b, qwen3:8b, ...) work wherever an id does.`);
}

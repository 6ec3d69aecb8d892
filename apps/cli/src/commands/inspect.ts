import type { RouterOutputs } from '@weightplan/api';
import type { Caller } from '../caller.js';
import { formatBytes, formatCount, renderTable } from '../format.js';
import { type CliIo, printJson } from '../io.js';
import { escapeControlCharacters as safe } from '../terminal-text.js';

type InspectResult = RouterOutputs['inspect'];

/** The inspect report; every string read from the file is escaped (names and keys may hold terminal escapes). */
export function renderInspect(result: InspectResult): string {
  const lines: string[] = [];
  const a = result.spec.architecture;
  lines.push(
    `${safe(result.spec.name)} (${result.format}, ${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${result.tensorCount} tensors, read in ${result.elapsedMilliseconds.toFixed(0)} ms)`,
  );
  lines.push(
    `Parameters: ${formatCount(result.parameterCount)} (${result.parameterCount.toLocaleString('en-US')})${result.activeParameterCount !== result.parameterCount ? `, ${formatCount(result.activeParameterCount)} active` : ''}`,
  );
  if (result.weightsBytes !== null)
    lines.push(
      `Weights: ${formatBytes(result.weightsBytes)} (${result.weightsBytes.toLocaleString('en-US')} bytes), ${((result.weightsBytes * 8) / result.parameterCount).toFixed(2)} bits per weight`,
    );
  lines.push(
    `Architecture: ${safe(a.modelType)}, ${a.layers} layers, hidden ${a.hiddenSize}, ${a.attentionHeads} heads / ${a.kvHeads} KV heads x ${a.headDim}, vocab ${a.vocabSize}, context ${a.maxContextTokens}` +
      `${a.moe ? `, MoE ${a.moe.activeExperts} of ${a.moe.experts} experts${a.moe.sharedExperts ? ` + ${a.moe.sharedExperts} shared` : ''}` : ''}`,
  );
  lines.push(
    `Attention: ${a.attentionLayers.map((l) => (l.kind === 'sliding' ? `sliding ${l.windowTokens}` : l.kind === 'chunked' ? `chunked ${l.chunkTokens}` : l.kind)).join(', ')} (pattern from layer 0)`,
  );
  if (result.quantization)
    lines.push(
      `Quantisation: ${safe(result.quantization.method)}${result.quantization.bits ? ` ${result.quantization.bits}-bit` : ''}${result.quantization.groupSize ? `, group ${result.quantization.groupSize}` : ''}`,
    );
  if (result.byDtype.length > 0) {
    lines.push(
      renderTable(
        ['type', 'tensors', 'parameters', 'bytes', 'share'],
        result.byDtype.map((d) => [
          safe(d.type),
          d.tensors,
          formatCount(d.parameters),
          formatBytes(d.bytes),
          `${((d.bytes / (result.weightsBytes ?? 1)) * 100).toFixed(1)}%`,
        ]),
      ),
    );
  }
  for (const [key, value] of Object.entries(result.metadata)) lines.push(`${safe(key)}: ${safe(String(value))}`);
  for (const warning of result.warnings) lines.push(`warning: ${safe(warning)}`);
  lines.push(`Use it: weightplan estimate --model ${safe(result.path)}   or add it: weightplan models add ${safe(result.path)}`);
  return lines.join('\n');
}

export async function runInspect(path: string, options: { json?: boolean }, caller: Caller, io: CliIo): Promise<void> {
  const result = await caller.inspect({ path, ...(options.json ? { tensors: true } : {}) });
  if (options.json) {
    // The exact per-tensor list lives in precision.storage; it can be thousands of entries but is the point of --json.
    printJson(io, result);
    return;
  }
  io.out(renderInspect(result));
}

import type { Estimate, LaunchCommand } from '@weightplan/estimator';
import { formatBytes, formatCount, formatRate, formatSeconds } from '@weightplan/format';
import type { Plan } from '@weightplan/user-data';
import { WEIGHTPLAN_VERSION } from './version.js';

const gb = formatBytes;
const rate = formatRate;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const FIT_WORDS: Record<Estimate['placement']['fit'], string> = {
  fits: 'Fits',
  tight: 'Fits, tightly',
  offload: 'Runs with CPU offload',
  'no-fit': 'Does not fit',
};

/**
 * A plan as Markdown for a ticket or a purchase request: what runs where, how much memory it takes on each
 * device, how fast it is (with the band), how to launch it, and what to watch out for. Numbers are computed
 * afresh from the plan, so the document matches what the app shows.
 */
export function planMarkdown(
  plan: Plan,
  e: Estimate,
  launch: LaunchCommand,
  generatedAt = new Date(),
  version = WEIGHTPLAN_VERSION,
): string {
  const t = e.throughput;
  const lines: string[] = [`# ${plan.name}`, ''];
  if (plan.notes.trim()) lines.push(plan.notes.trim(), '');
  lines.push(
    `**${FIT_WORDS[e.placement.fit]}.** ${e.model.name} at ${e.precision.id} (${e.precision.bitsPerWeight.toFixed(2)} bits per weight) on ${e.hardware.label}, with ${e.runtime}: ${e.placement.explanation}.`,
    '',
    '## Scenario',
    '',
    '| | |',
    '|---|---|',
    `| Model | ${cell(e.model.name)} (\`${e.model.id}\`), ${formatCount(e.model.parameterCount)} parameters${e.model.moe ? `, ${formatCount(e.model.activeParameterCount)} active` : ''} |`,
    `| Precision | ${cell(e.precision.label)} |`,
    `| Hardware | ${cell(e.hardware.label)} |`,
    `| Runtime | ${e.runtime} |`,
    `| Context | ${e.scenario.contextTokens.toLocaleString('en-US')} tokens x ${e.scenario.concurrency} sequence${e.scenario.concurrency > 1 ? 's' : ''}, KV cache ${e.scenario.kvCacheType} |`,
    `| Prompt | ${e.scenario.promptTokens.toLocaleString('en-US')} tokens |`,
    '',
    '## Memory',
    '',
    '| Device | Weights | KV cache | Activations | Overhead | Used | Capacity |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...e.memory.perDevice.map(
      (d) =>
        `| ${cell(d.name)} | ${gb(d.weightsBytes)} | ${gb(d.kvCacheBytes)} | ${gb(d.activationBytes)} | ${gb(d.overheadBytes)} | ${gb(d.totalBytes)} | ${gb(d.capacityBytes)} |`,
    ),
    `| **Total** | ${gb(e.memory.weightsBytes)} | ${gb(e.memory.kvCacheBytes)} | ${gb(e.memory.activationBytes)} | ${gb(e.memory.overheadBytes)} | ${gb(e.memory.totalBytes)} | |`,
    '',
    '## Speed',
    '',
  );
  if (t) {
    lines.push(
      `- Generation: **${rate(t.decodeTokensPerSecond)} tokens/s** per sequence (likely ${rate(t.low)}–${rate(t.high)}), ${rate(t.aggregateDecodeTokensPerSecond)} tokens/s over all ${e.scenario.concurrency} sequences`,
      `- Prompt processing: ${rate(t.prefillTokensPerSecond)} tokens/s; time to first token ${formatSeconds(t.timeToFirstTokenSeconds)} for a ${e.scenario.promptTokens}-token prompt`,
      `- Bound by ${t.bound}; ${t.confidence === 'calibrated' ? 'calibrated against public measurements' : 'extrapolated (no measurements for this hardware class)'}: ${t.basis}`,
    );
  } else {
    lines.push('- No speed: the model does not fit this machine.');
  }
  if (launch.command !== null) lines.push('', '## Launch', '', '```sh', launch.command, '```', '');
  else
    lines.push(
      '',
      '## Launch',
      '',
      `No launch command: ${launch.unavailable?.reason ?? 'no runtime runs this plan here'}.`,
      ...(launch.unavailable?.nearestPrecision ? ['', `Plan it at ${launch.unavailable.nearestPrecision} instead.`] : []),
      '',
    );
  for (const note of launch.notes) lines.push(`- ${note}`);
  if (launch.notes.length) lines.push('');
  if (e.warnings.length) {
    lines.push('## Warnings', '');
    for (const warning of e.warnings) lines.push(`- ${warning}`);
    lines.push('');
  }
  if (plan.snapshot && t && Math.abs(plan.snapshot.totalBytes - e.memory.totalBytes) / e.memory.totalBytes > 0.01) {
    lines.push(
      `> When saved (${plan.updatedAt.slice(0, 10)}, Weightplan ${plan.snapshot.weightplanVersion}) this plan needed ${gb(plan.snapshot.totalBytes)}; the estimate has changed since.`,
      '',
    );
  }
  lines.push(
    `_Planned with Weightplan ${version} on ${generatedAt.toISOString().slice(0, 10)}. Estimates, not measurements; see the project's docs/accuracy.md for their error._`,
    '',
  );
  return lines.join('\n');
}

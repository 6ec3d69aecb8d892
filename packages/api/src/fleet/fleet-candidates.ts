import {
  type Estimate,
  estimate,
  type LaunchCommand,
  launchCommand,
  type MachineCalibration,
  precisionLadder,
  recommend,
  USE_CASES,
  type UseCase,
} from '@weightplan/estimator';
import type { HardwareProfile } from '@weightplan/hardware';
import { getPrecision, type OpenModelSpec, type Precision, QUALITY_SIGNALS } from '@weightplan/weights';
import type { ApiContext } from '../context.js';
import { resolveModelInput } from '../resolve-model-input.js';
import { storeOf } from '../store-access.js';
import type { FleetWorkload } from './fleet-schema.js';

/** An average month (365.25 / 12 days), to turn tokens per month into an average rate. */
export const SECONDS_PER_MONTH = (365.25 / 12) * 86_400;

/** Options kept per workload and machine: the best few that meet its needs there alone. */
export const CANDIDATES_PER_MACHINE = 3;

/** One way to run a workload on one machine, checked there alone. */
export interface FleetCandidate {
  machine: number;
  model: OpenModelSpec;
  precision: Precision;
  estimate: Estimate;
  launch: LaunchCommand;
  /** Share of the machine's generation bandwidth the workload needs (0..1). */
  load: number;
  /** Quality rank within the workload: raw here, scaled to 1 for the best once all machines are seen. */
  quality: number;
  reasons: string[];
}

/**
 * The tokens per second a workload needs on average: every user generating at the floor at once, or its
 * monthly volume spread over the month, whichever is more.
 */
export function demandTokensPerSecond(w: FleetWorkload, floor: number): number {
  return Math.max(w.users * floor, (w.tokensPerMonth ?? 0) / SECONDS_PER_MONTH);
}

const tps = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(1));

/** Whether an estimate serves the workload on its machine alone; the reason when it does not. */
function judge(e: Estimate, w: FleetWorkload, floor: number): { load: number } | { reason: string } {
  if (e.placement.fit === 'no-fit' || !e.throughput) {
    const gb = (e.memory.totalBytes / 1e9).toFixed(1);
    return {
      reason: `needs ${gb} GB for ${w.users} user(s) at ${e.scenario.contextTokens.toLocaleString('en-US')} tokens of context: does not fit`,
    };
  }
  if (e.throughput.decodeTokensPerSecond < floor) {
    return { reason: `~${tps(e.throughput.decodeTokensPerSecond)} tok/s per user, below the floor of ${floor}` };
  }
  const aggregate = e.throughput.aggregateDecodeTokensPerSecond ?? e.throughput.decodeTokensPerSecond * w.users;
  const load = demandTokensPerSecond(w, floor) / aggregate;
  if (load > 1) {
    return {
      reason: `needs ${tps(demandTokensPerSecond(w, floor))} tok/s on average (users × floor, or tokens/month); the machine generates ~${tps(aggregate)}`,
    };
  }
  return { load };
}

function estimateFor(
  model: OpenModelSpec,
  precision: Precision,
  hardware: HardwareProfile,
  w: FleetWorkload,
  contextTokens: number,
  calibrated: { calibration?: MachineCalibration },
): Estimate | undefined {
  try {
    return estimate({ model, precision, hardware, contextTokens, concurrency: w.users, ...calibrated });
  } catch {
    return undefined; // a precision no runtime on this machine loads: not a candidate
  }
}

/**
 * Every workload's candidates on every machine, through the same estimator and recommender the other
 * procedures use, and for each machine that has none, why. A workload naming a model tries its precision
 * (or the machine's precision ladder, best first); one naming a use case asks recommend() for the
 * best models for it on that machine.
 */
export async function fleetCandidates(
  machines: readonly HardwareProfile[],
  workloads: readonly FleetWorkload[],
  ctx: ApiContext,
  /** Per machine, what `bench` measured on it (a machine detected on a measured box); `{}` for the rest. */
  calibrations: readonly { calibration?: MachineCalibration }[] = [],
): Promise<{ candidates: FleetCandidate[][]; rejections: string[][][] }> {
  const { index } = await storeOf(ctx).catalog.index();
  const candidates: FleetCandidate[][] = [];
  const rejections: string[][][] = [];
  for (const w of workloads) {
    const defaults = USE_CASES[(w.useCase ?? 'chat') as UseCase];
    const floor = w.minDecodeTokensPerSecond ?? defaults.minDecodeTokensPerSecond;
    const contextTokens = w.contextTokens ?? defaults.contextTokens;
    const mine: FleetCandidate[] = [];
    const why: string[][] = [];
    const named = w.model ? await resolveModelInput(w.model, w.precision ?? 'BF16', ctx) : undefined;
    for (let m = 0; m < machines.length; m++) {
      const hardware = machines[m] as HardwareProfile;
      const reasons: string[] = [];
      let found = 0;
      if (named) {
        const ladder = w.precision ? [getPrecision(w.precision)] : precisionLadder(hardware);
        let lastReason: string | undefined;
        for (let i = 0; i < ladder.length && found < CANDIDATES_PER_MACHINE; i++) {
          const precision = ladder[i] as Precision;
          const e = estimateFor(named.model, precision, hardware, w, contextTokens, calibrations[m] ?? {});
          if (!e) continue;
          const verdict = judge(e, w, floor);
          if ('reason' in verdict) {
            lastReason = `${precision.id}: ${verdict.reason}`;
            continue;
          }
          found += 1;
          mine.push({
            machine: m,
            model: named.model,
            precision,
            estimate: e,
            launch: launchCommand(e, { model: named.model, precision, hardware }),
            load: verdict.load,
            quality: ladder.length - i,
            reasons: [`${precision.id} is the highest precision here that fits and keeps ≥ ${floor} tok/s per user`],
          });
        }
        if (found === 0) reasons.push(lastReason ?? `no precision of ${named.model.id} runs on this machine`);
      } else {
        const result = recommend({
          ...calibrations[m],
          hardware,
          models: index.models,
          useCase: (w.useCase ?? 'chat') as UseCase,
          contextTokens,
          concurrency: w.users,
          minDecodeTokensPerSecond: floor,
          qualitySignals: QUALITY_SIGNALS,
          limit: CANDIDATES_PER_MACHINE * 3,
        });
        for (const r of result.recommendations) {
          if (found >= CANDIDATES_PER_MACHINE) break;
          const verdict = judge(r.estimate, w, floor);
          if ('reason' in verdict) {
            reasons.push(`${r.modelId} ${r.precision}: ${verdict.reason}`);
            continue;
          }
          const model = index.get(r.modelId);
          found += 1;
          mine.push({
            machine: m,
            model,
            precision: getPrecision(r.precision),
            estimate: r.estimate,
            launch: launchCommand(r.estimate, { model, precision: getPrecision(r.precision), hardware }),
            load: verdict.load,
            quality: r.score,
            reasons: r.reasons,
          });
        }
        if (found === 0 && reasons.length === 0) {
          reasons.push(
            result.rejected[0]
              ? `no model meets the ${w.useCase ?? 'chat'} needs here; closest: ${result.rejected[0].modelId} ${result.rejected[0].precision}: ${result.rejected[0].reason}`
              : `no model meets the ${w.useCase ?? 'chat'} needs (${contextTokens.toLocaleString('en-US')} tokens, ≥ ${floor} tok/s for ${w.users} user(s)) here`,
          );
        }
      }
      why.push(found === 0 ? reasons.slice(0, 1) : []);
    }
    // Preferences on one scale per workload: its best option anywhere is 1.
    const best = Math.max(0, ...mine.map((c) => c.quality));
    for (const c of mine) c.quality = best > 0 ? c.quality / best : 1;
    candidates.push(mine);
    rejections.push(why);
  }
  return { candidates, rejections };
}

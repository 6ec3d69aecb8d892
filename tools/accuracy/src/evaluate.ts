import type { SpeedConstants, SpeedTable } from '@weightplan/estimator';
import { oneConstantDecodeTokensPerSecond } from './baseline.js';
import { bandFromRatios, enginesFor, fitSpeedTable, isDecodeCase, type ProbeCase, predictWith } from './fit.js';

export interface RowResult {
  probe: ProbeCase;
  measured: number;
  /** The prediction with constants fitted on every row (the shipped ones). */
  inSample: number;
  inSampleBand: number;
  /** The prediction when this row's GPU was left out of the fit. */
  heldOut: number;
  heldOutBand: number;
  /** The one-constant rule (generation only). */
  oneConstant: number | null;
}

function constantsFor(p: ProbeCase, table: SpeedTable): SpeedConstants | undefined {
  const key = p.classKeys.find((k) => table[k]);
  return key ? table[key] : undefined;
}

function bandFor(p: ProbeCase, table: SpeedTable, measured: boolean): number {
  const c = constantsFor(p, table);
  if (!c) return 0.3;
  if (isDecodeCase(p)) return measured ? c.measuredBandRelative : c.bandRelative;
  return measured ? c.measuredPrefillBandRelative : c.prefillBandRelative;
}

/**
 * Each row predicted with constants fitted without any row of its GPU (leave-one-GPU-out). Only the engines
 * that predict the GPU's rows are refitted: the others cannot change those predictions.
 */
export function heldOutPredictions(probes: ProbeCase[]): Map<ProbeCase, number> {
  const heldOut = new Map<ProbeCase, number>();
  for (const id of new Set(probes.map((p) => p.case.hardwareId))) {
    const mine = probes.filter((x) => x.case.hardwareId === id);
    const without = fitSpeedTable(
      probes.filter((p) => p.case.hardwareId !== id),
      enginesFor(mine),
    );
    for (const p of mine) heldOut.set(p, predictWith(p, without));
  }
  return heldOut;
}

/**
 * Scores every row with `table` (in-sample), with its leave-one-GPU-out prediction (how well a card
 * nobody measured is predicted; its band is the one `table` gives an unmeasured GPU of the class), and by
 * the one-constant rule the other tools use.
 */
export function evaluate(probes: ProbeCase[], table: SpeedTable, heldOut: Map<ProbeCase, number>): RowResult[] {
  return probes.map((p) => ({
    probe: p,
    measured: p.case.measured,
    inSample: predictWith(p, table),
    inSampleBand: bandFor(p, table, true),
    heldOut: heldOut.get(p) ?? Number.NaN,
    heldOutBand: bandFor(p, table, false),
    oneConstant: p.case.metric === 'tg' ? oneConstantDecodeTokensPerSecond(p.case.request) : null,
  }));
}

/**
 * Sets each fitted class's band for unmeasured GPUs from the leave-one-GPU-out errors of the rows it
 * covers: the honest spread for a card the data never saw.
 */
export function withHeldOutBands(table: Record<string, SpeedConstants>, results: RowResult[]): Record<string, SpeedConstants> {
  const out: Record<string, SpeedConstants> = { ...table };
  for (const [key, constants] of Object.entries(table)) {
    if (constants.basis !== 'calibrated') continue;
    const mine = results.filter((r) => r.probe.classKeys.includes(key) && Number.isFinite(r.heldOut));
    const tg = mine.filter((r) => isDecodeCase(r.probe)).map((r) => r.measured / r.heldOut);
    const pp = mine.filter((r) => r.probe.case.metric === 'pp').map((r) => r.measured / r.heldOut);
    out[key] = {
      ...constants,
      bandRelative: tg.length > 0 ? Math.max(constants.measuredBandRelative, bandFromRatios(tg)) : constants.bandRelative,
      prefillBandRelative:
        pp.length > 0 ? Math.max(constants.measuredPrefillBandRelative, bandFromRatios(pp)) : constants.prefillBandRelative,
    };
  }
  return out;
}

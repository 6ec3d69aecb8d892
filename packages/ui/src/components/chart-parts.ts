import type { Scenario } from '../state/types.js';

type FitStatus = Scenario['curve'][number]['fit'];

/** Where the plan runs at a point of a chart, in words for the tables and markers. */
export const PLACEMENT_WORDS: Record<FitStatus, string> = {
  fits: 'on the GPU',
  tight: 'on the GPU, tight',
  offload: 'spills to CPU',
  'no-fit': 'does not fit',
};

/** An axis title inside the axis's own band, clear of its tick labels (which sit against the axis line). */
export function yAxisTitle(value: string, side: 'left' | 'right' = 'left') {
  return {
    value,
    angle: side === 'left' ? -90 : 90,
    position: side === 'left' ? ('insideLeft' as const) : ('insideRight' as const),
    style: { textAnchor: 'middle' as const },
    fill: 'var(--muted)',
    className: 'axis-title',
  };
}

export function xAxisTitle(value: string) {
  return { value, position: 'insideBottom' as const, offset: 0, fill: 'var(--muted)', className: 'axis-title' };
}

/** Room for tick labels plus the title below them. */
export const X_AXIS_HEIGHT = 46;

export const TOOLTIP_STYLE = { background: 'var(--surface)', border: '1px solid var(--border)' };

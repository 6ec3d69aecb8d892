export type FitKind = 'fits' | 'tight' | 'offload' | 'no-fit' | 'unsupported';

export const FIT_LABELS: Record<FitKind, string> = {
  fits: 'Fits',
  tight: 'Fits, tightly',
  offload: 'Needs CPU offload',
  'no-fit': 'Does not fit',
  unsupported: 'Not available',
};

export function FitBadge({ fit }: { fit: FitKind }) {
  return <span className={`fit-badge fit-${fit}`}>{FIT_LABELS[fit]}</span>;
}

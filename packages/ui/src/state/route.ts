import { viewOfHash } from './url-state.js';

export const VIEWS = [
  { id: 'answer', label: 'Answer' },
  { id: 'fit', label: 'Fit matrix' },
  { id: 'scenario', label: 'Scenario' },
  { id: 'recommend', label: 'Recommendations' },
  { id: 'compare', label: 'Compare' },
  { id: 'finetune', label: 'Fine-tune' },
  { id: 'models', label: 'Models' },
  { id: 'inspect', label: 'Inspect' },
  { id: 'machine', label: 'Machine' },
  { id: 'fleet', label: 'Fleet' },
  { id: 'plans', label: 'Plans' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a hash names (`#/fit?…`); the landing answer for none or an unknown one. */
export function viewFromHash(hash: string): ViewId {
  const id = viewOfHash(hash);
  return VIEWS.find((v) => v.id === id)?.id ?? 'answer';
}

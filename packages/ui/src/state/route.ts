import { useEffect, useState } from 'react';

export const VIEWS = [
  { id: 'fit', label: 'Fit matrix' },
  { id: 'scenario', label: 'Scenario' },
  { id: 'recommend', label: 'Recommendations' },
  { id: 'compare', label: 'Compare' },
  { id: 'finetune', label: 'Fine-tune' },
  { id: 'models', label: 'Models' },
  { id: 'machine', label: 'Machine' },
  { id: 'plans', label: 'Plans' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '');
  return VIEWS.find((v) => v.id === id)?.id ?? 'fit';
}

/** Hash routes (#/fit, #/scenario, ...): they work from file:// in the desktop app and need no server routes. */
export function useRoute(): [ViewId, (view: ViewId) => void] {
  const [view, setView] = useState<ViewId>(() => viewFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = (next: ViewId) => {
    window.location.hash = `#/${next}`;
    setView(next);
  };
  return [view, navigate];
}

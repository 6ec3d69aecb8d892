import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | undefined }
  | { status: 'error'; error: Error; data: T | undefined }
  | { status: 'ready'; data: T };

/**
 * Runs `load` whenever `key` changes and keeps the last answer on screen while the next one loads, so
 * controls do not flicker. Answers that arrive after a newer request started are dropped.
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: undefined });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the request; `round` forces a reload
  useEffect(() => {
    const request = ++latest.current;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loadRef.current().then(
      (data) => {
        if (request === latest.current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (request === latest.current)
          setState((previous) => ({
            status: 'error',
            error: error instanceof Error ? error : new Error(String(error)),
            data: previous.data,
          }));
      },
    );
  }, [key, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

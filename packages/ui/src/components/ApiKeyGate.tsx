import { type FormEvent, Fragment, type ReactNode, useEffect, useId, useState } from 'react';
import type { ApiKeyStore } from '../api-key.js';

/**
 * Shows the app, or, once the server answers 401, a form asking for its API key. The key goes to session
 * storage and on every later call; the app is then mounted afresh so its requests run again with it. A key
 * the server refuses brings the form back with a note.
 */
export function ApiKeyGate({ keys, children }: { keys: ApiKeyStore; children: ReactNode }) {
  const [asking, setAsking] = useState(false);
  const [refused, setRefused] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [draft, setDraft] = useState('');
  const titleId = useId();
  const inputId = useId();

  useEffect(
    () =>
      keys.onUnauthorized(() => {
        setRefused(keys.current() !== null);
        setAsking(true);
      }),
    [keys],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = draft.trim();
    if (!key) return;
    keys.remember(key);
    setDraft('');
    setAsking(false);
    setGeneration((n) => n + 1);
  };

  if (!asking) return <Fragment key={generation}>{children}</Fragment>;
  return (
    <main className="api-key-gate">
      <form aria-labelledby={titleId} onSubmit={submit}>
        <h1 id={titleId}>This server needs an API key</h1>
        <p>It was started with --api-key. The key is kept for this browser tab only.</p>
        {refused && <p role="alert">The server refused that key; check it and enter it again.</p>}
        <label htmlFor={inputId}>API key</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          required
          // biome-ignore lint/a11y/noAutofocus: the form is the only thing on the page; focus belongs in its field.
          autoFocus
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">Use this key</button>
      </form>
    </main>
  );
}

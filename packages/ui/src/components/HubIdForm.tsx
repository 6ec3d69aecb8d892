import { useId, useState } from 'react';
import { errorMessage, formatBytes } from '../format.js';
import { useApi } from '../state/api-context.js';
import type { RouterOutputs } from '../state/types.js';

type HubAnswer = RouterOutputs['models']['hub'];
type Quants = Extract<HubAnswer, { kind: 'quants' }>;

/** "ORG/NAME" or "ORG/NAME:QUANT", the way the Hub, Ollama and llama.cpp's -hf name a repository. */
export const HUB_ID = /^[\w.-]+\/[\w.-]+(:[\w.-]+)?$/;

export interface HubChoice {
  /** What to name the model with from now on: `ORG/NAME` or `ORG/NAME:QUANT`. */
  reference: string;
  /** The commit its headers were read at. */
  commit: string;
}

/** Errors are one line: the router's messages are, and a stray newline would make two. */
const oneLine = (error: unknown) => errorMessage(error).replace(/\s*\n\s*/g, ' ');

/**
 * A Hugging Face id typed by the user, looked up on the Hub before it is used: a model is chosen at once;
 * a GGUF repository named without a quantisation lists the ones it offers, with the exact bytes of their
 * files, to pick from. Gated, missing (with the closest catalog names) and unreachable are one line each.
 */
export function HubIdForm({
  label,
  submitLabel,
  onChoose,
}: {
  label: string;
  submitLabel: string;
  /** Called with the chosen id; a rejection's message is shown as the form's error. */
  onChoose: (choice: HubChoice) => Promise<void> | void;
}) {
  const api = useApi();
  const quantsId = useId();
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [quants, setQuants] = useState<Quants | null>(null);

  const choose = async (choice: HubChoice) => {
    setBusy(true);
    try {
      await onChoose(choice);
      setQuants(null);
      setId('');
    } catch (failure) {
      setError(oneLine(failure));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const typed = id.trim();
    setError(null);
    setQuants(null);
    if (!HUB_ID.test(typed)) {
      setError(`"${typed}" is not a Hub id: give ORG/NAME or ORG/NAME:QUANT, e.g. Qwen/Qwen3-8B or bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M`);
      return;
    }
    setBusy(true);
    let answer: HubAnswer;
    try {
      answer = await api.models.hub.query({ id: typed });
    } catch (failure) {
      setError(oneLine(failure));
      setBusy(false);
      return;
    }
    setBusy(false);
    if (answer.kind === 'quants') setQuants(answer);
    else await choose({ reference: answer.quant ? `${answer.repo}:${answer.quant}` : answer.repo, commit: answer.commit });
  };

  return (
    <div className="hub-id">
      {/* Not a <form>: the model picker sits inside the views' settings forms, and forms do not nest. */}
      <div className="import">
        <label>
          {label}
          <input
            className="path-input"
            value={id}
            onChange={(event) => setId(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                if (!busy && id.trim()) void submit();
              }
            }}
            placeholder="ORG/NAME or ORG/NAME:QUANT"
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <button type="button" onClick={() => void submit()} disabled={busy || !id.trim()}>
          {submitLabel}
        </button>
        {busy && (
          <span role="status" className="muted">
            Looking it up on the Hub…
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {quants && (
        <fieldset className="hub-quants" aria-describedby={quantsId}>
          <legend>Quantisations of {quants.repo}</legend>
          <p id={quantsId} className="muted small">
            A GGUF repository: pick one. Sizes are the files' exact bytes at commit {quants.commit.slice(0, 7)}.
          </p>
          <ul>
            {quants.quants.map((q) => (
              <li key={q.quant}>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => choose({ reference: `${quants.repo}:${q.quant}`, commit: quants.commit })}
                  aria-label={`${submitLabel} ${q.quant}`}
                >
                  {q.quant}
                </button>{' '}
                {q.bytes === null ? (
                  <span className="muted">size not listed</span>
                ) : (
                  <span>
                    {formatBytes(q.bytes)} <span className="muted small">({q.bytes.toLocaleString('en-US')} bytes)</span>
                  </span>
                )}
                {q.files.length > 1 && <span className="muted small"> in {q.files.length} files</span>}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </div>
  );
}

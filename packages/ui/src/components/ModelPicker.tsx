import { useState } from 'react';
import { useHost } from '../state/host.js';
import type { OpenModel } from '../state/types.js';
import { HubIdForm } from './HubIdForm.js';

/**
 * The model a view plans: a catalog or imported model from the list, or — where the host reaches the Hub —
 * any Hugging Face id typed in, looked up before it is used (a GGUF repository offers its quantisations).
 */
export function ModelPicker({
  value,
  onChange,
  models,
}: {
  value: string;
  onChange: (model: string) => void;
  /** The open models to list; undefined while they load. */
  models: readonly OpenModel[] | undefined;
}) {
  const host = useHost();
  const [lookedUp, setLookedUp] = useState<{ reference: string; commit: string } | null>(null);
  return (
    <>
      <label>
        Model
        <select value={value} onChange={(event) => onChange(event.target.value)} disabled={!models}>
          {!models?.some((m) => m.id === value) && <option value={value}>{value}</option>}
          {models?.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.hubSource ? ' (pinned from the Hub)' : m.origin === 'imported' ? ' (imported)' : ''}
            </option>
          ))}
        </select>
        {lookedUp?.reference === value && <span className="tag hub-badge">looked up on the Hub, commit {lookedUp.commit.slice(0, 7)}</span>}
      </label>
      {host.hubLookUps && (
        <HubIdForm
          label="Or any Hugging Face id"
          submitLabel="Use"
          onChoose={(choice) => {
            setLookedUp(choice);
            onChange(choice.reference);
          }}
        />
      )}
    </>
  );
}

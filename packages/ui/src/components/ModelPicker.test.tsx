import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { qwen3GgufRepo, type StandInHub } from '@weightplan/hub/testing';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { FRESH_HUB_ID as FRESH, FRESH_HUB_COMMIT as FRESH_COMMIT, HUB_HOST, hubTestClient, startTestHub } from '../testing/test-hub.js';
import { ModelPicker } from './ModelPicker.js';

let hub: StandInHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());
const client = () => hubTestClient(hub);

function Picker() {
  const [model, setModel] = useState('meta-llama/Meta-Llama-3-8B-Instruct');
  return (
    <>
      <ModelPicker value={model} onChange={setModel} models={[]} />
      <output aria-label="chosen">{model}</output>
    </>
  );
}

describe('ModelPicker', () => {
  it('takes a typed Hub id once the Hub has it, with the commit it was read at', async () => {
    renderView(<Picker />, client(), { host: HUB_HOST });
    await userEvent.type(screen.getByRole('textbox', { name: 'Or any Hugging Face id' }), `${FRESH}{Enter}`);
    expect(await screen.findByText(`looked up on the Hub, commit ${FRESH_COMMIT.slice(0, 7)}`, {}, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'chosen' }).textContent).toBe(FRESH);
  });

  it('offers the quantisations of a GGUF repository with their exact sizes, and takes the one picked', async () => {
    renderView(<Picker />, client(), { host: HUB_HOST });
    await userEvent.type(screen.getByRole('textbox', { name: 'Or any Hugging Face id' }), 'bartowski/Qwen_Qwen3-8B-GGUF');
    await userEvent.click(screen.getByRole('button', { name: 'Use' }));
    const q8 = await screen.findByRole('button', { name: 'Use Q8_0' }, { timeout: 20_000 });
    const bytes = qwen3GgufRepo()
      .files.filter((f) => f.path.includes('Q8_0'))
      .reduce((s, f) => s + f.size, 0);
    expect(q8.closest('li')?.textContent).toContain(`(${bytes.toLocaleString('en-US')} bytes) in 2 files`);
    await userEvent.click(q8);
    expect(screen.getByRole('status', { name: 'chosen' }).textContent).toBe('bartowski/Qwen_Qwen3-8B-GGUF:Q8_0');
  });

  it('says in one line what is wrong with an id: malformed, or not on the Hub (with the closest catalog names)', async () => {
    renderView(<Picker />, client(), { host: HUB_HOST });
    const field = screen.getByRole('textbox', { name: 'Or any Hugging Face id' });
    await userEvent.type(field, 'llama 3{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/^"llama 3" is not a Hub id: give ORG\/NAME or ORG\/NAME:QUANT/);
    await userEvent.clear(field);
    await userEvent.type(field, 'meta-llama/Meta-Llama-3-8B-Instruckt{Enter}');
    const alert = await screen.findByText(/no such repository on the Hub/, {}, { timeout: 20_000 });
    expect(alert.textContent).toMatch(/closest catalog names: meta-llama\/Meta-Llama-3-8B-Instruct/);
    expect(alert.textContent).not.toContain('\n');
    expect(screen.getByRole('status', { name: 'chosen' }).textContent).toBe('meta-llama/Meta-Llama-3-8B-Instruct');
  });

  it('offers no Hub field where the host does not reach the Hub', () => {
    renderView(<Picker />, testClient());
    expect(screen.queryByRole('textbox', { name: 'Or any Hugging Face id' })).toBeNull();
  });
});

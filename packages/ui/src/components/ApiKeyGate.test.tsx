import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { createWeightplanServer, type WeightplanServer } from '@weightplan/server';
import { useEffect, useState } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../api-client.js';
import { API_KEY_STORAGE_KEY, createApiKeyStore } from '../api-key.js';
import { ApiKeyGate } from './ApiKeyGate.js';

const KEY = 'a-long-enough-secret-key';
let server: WeightplanServer;
let base: string;

// A real keyed server on loopback; the page's origin is an allowed CORS origin, as a dev UI would be.
beforeAll(async () => {
  server = createWeightplanServer(
    { port: 0, apiKey: KEY, corsOrigins: [window.location.origin] },
    { detectHardware: async () => buildWhatIfProfile({ gpu: 'RTX 4090' }), log: () => {} },
  );
  base = await server.listen();
});
afterAll(() => server.close());
beforeEach(() => window.sessionStorage.clear());

/** Lists Apple GPUs through the client, or says why it could not. */
function Probe({ api }: { api: ApiClient }) {
  const [text, setText] = useState('asking');
  useEffect(() => {
    api.hardware.gpus.query({ vendor: 'apple' }).then(
      (gpus) => setText(`${gpus.length} Apple GPUs`),
      (error: Error) => setText(`failed: ${error.message}`),
    );
  }, [api]);
  return <output>{text}</output>;
}

describe('ApiKeyGate', () => {
  it('asks for the API key after a 401, keeps it in sessionStorage and sends it as Authorization: Bearer', async () => {
    const keys = createApiKeyStore(window.sessionStorage);
    const api = createApiClient(keys, `${base}/trpc`);
    render(
      <ApiKeyGate keys={keys}>
        <Probe api={api} />
      </ApiKeyGate>,
    );
    const form = await screen.findByRole('form', { name: 'This server needs an API key' });
    expect(form).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    // A wrong key is refused: the form comes back and says so.
    await userEvent.type(screen.getByLabelText('API key'), 'not-the-key-at-all-sorry');
    await userEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/refused that key/);

    await userEvent.type(screen.getByLabelText('API key'), KEY);
    await userEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    expect((await screen.findByText(/\d+ Apple GPUs/)).textContent).toMatch(/^[1-9]\d* Apple GPUs$/);
    expect(window.sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBe(KEY);
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('sends a key kept from earlier in the session without asking', async () => {
    window.sessionStorage.setItem(API_KEY_STORAGE_KEY, KEY);
    const keys = createApiKeyStore(window.sessionStorage);
    render(
      <ApiKeyGate keys={keys}>
        <Probe api={createApiClient(keys, `${base}/trpc`)} />
      </ApiKeyGate>,
    );
    expect(await screen.findByText(/\d+ Apple GPUs/)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRouter, createCallerFactory } from '@weightplan/api';
import type { Dialog, IpcMainEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopApiContext } from './api-context.js';
import { GrantedPaths } from './granted-paths.js';

const LLAMA_3_8B_CONFIG = {
  model_type: 'llama',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  vocab_size: 128256,
  tie_word_embeddings: false,
};

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error as { code: string; message: string };
}

describe('desktop file confinement: only what the user picked in a dialog', () => {
  let home: string;
  let picked: string;
  let secret: string;
  let configDirectory: string;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'weightplan-desktop-grants-'));
    mkdirSync(join(home, 'model'));
    mkdirSync(join(home, 'private'));
    picked = join(home, 'model', 'config.json');
    secret = join(home, 'private', 'config.json');
    writeFileSync(picked, JSON.stringify(LLAMA_3_8B_CONFIG));
    writeFileSync(secret, JSON.stringify(LLAMA_3_8B_CONFIG));
    configDirectory = join(home, 'config');
    vi.stubEnv('WEIGHTPLAN_CONFIG_DIR', configDirectory);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  });

  function desktop(dialogPick: string | null, hub?: { endpoint: string; cacheDir: null }) {
    const dialog = {
      showOpenDialog: vi.fn(async () => ({ canceled: dialogPick === null, filePaths: dialogPick ? [dialogPick] : [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    } as unknown as Dialog;
    const context = desktopApiContext({
      detectHardware: async () => {
        throw new Error('detection is not part of these tests');
      },
      granted: new GrantedPaths(),
      dialog,
      windowOf: () => undefined,
      defaultDirectory: home,
      ...(hub ? { hub } : {}),
    });
    // A fresh context per call, as the IPC handler builds one per message.
    const call = () => createCallerFactory(appRouter)(context({ sender: {} } as unknown as IpcMainEvent));
    return { call };
  }

  it('reads no path the page names before the user has picked anything', async () => {
    const { call } = desktop(null);
    const refused = await failure(call().inspect({ path: picked }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/reads only weight files you pick in its dialog/);
    expect((await failure(call().models.import({ path: secret }))).code).toBe('FORBIDDEN');
    expect((await call().app.info()).readsFiles).toBe(true);
  });

  it('reads the file the user picked, and still nothing else', async () => {
    const { call } = desktop(picked);
    expect(await call().app.importWeights()).toMatchObject({ parameterCount: 8_030_261_248 });
    expect((await call().inspect({ path: picked })).parameterCount).toBe(8_030_261_248);
    const outside = await failure(call().inspect({ path: secret }));
    expect(outside.code).toBe('BAD_REQUEST');
    expect(outside.message).toMatch(/outside the directories/);
    expect((await failure(call().inspect({ path: '/etc/passwd' }))).message).toMatch(/outside the directories/);
    expect((await failure(call().estimate({ model: secret, precision: 'Q4_K_M' }))).message).toMatch(/outside the directories/);
  });

  it('looks models up on the Hub only when given Hub settings, and tells the page which', async () => {
    expect((await desktop(null).call().app.info()).hubLookUps).toBe(false);
    expect((await failure(desktop(null).call().models.hub({ id: 'Qwen/Qwen3-8B' }))).code).toBe('FORBIDDEN');
    expect((await desktop(null, { endpoint: 'http://127.0.0.1:9', cacheDir: null }).call().app.info()).hubLookUps).toBe(true);
  });
});

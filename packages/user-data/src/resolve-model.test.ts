import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { builtInModels } from '@weightplan/weights';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { looksLikePath, modelIndex, namedPrecision, PrecisionRequiredError, resolveModel } from './resolve-model.js';
import { addToUserCatalog, userCatalogFile } from './user-catalog.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const spec = { ...builtInModels().get('llama-3-8b'), id: 'local/my-finetune', origin: 'imported' as const };
const previous = process.env.WEIGHTPLAN_CONFIG_DIR;
beforeEach(() => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-resolve-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});
afterEach(() => {
  process.env.WEIGHTPLAN_CONFIG_DIR = previous;
});

describe('resolving a model argument', () => {
  it('finds catalog ids and aliases, and needs a precision for them', async () => {
    const { model, precision } = await resolveModel('llama-3-8b', 'q4_k_m');
    expect(model.parameterCount).toBe(8_030_261_248);
    expect(precision.id).toBe('Q4_K_M');
    await expect(resolveModel('llama-3-8b', undefined)).rejects.toThrow(PrecisionRequiredError);
  });

  it('"as-stored" names no precision to look up: a file or import then plans at its own tensors, a catalog model asks for one', async () => {
    expect(namedPrecision('as-stored')).toBeUndefined();
    expect(namedPrecision(' AS-STORED ')).toBeUndefined();
    expect(namedPrecision(undefined)).toBeUndefined();
    expect(namedPrecision('Q4_K_M')).toBe('Q4_K_M');
    await expect(resolveModel('llama-3-8b', 'as-stored')).rejects.toThrow(PrecisionRequiredError);
  });

  it('treats explicit paths as files, and known names as names even when a folder has that name', () => {
    expect(looksLikePath('./llama-3-8b')).toBe(true);
    expect(looksLikePath('model.gguf')).toBe(true);
    expect(looksLikePath('/models/qwen')).toBe(true);
    const cwd = process.cwd();
    const folder = testDirectory('wp-cwd-');
    mkdirSync(join(folder, 'llama-3-8b'));
    mkdirSync(join(folder, 'my-weights'));
    process.chdir(folder);
    try {
      expect(looksLikePath('llama-3-8b', true)).toBe(false);
      expect(looksLikePath('my-weights')).toBe(true);
      // "org/name" is a Hugging Face id, never a relative path.
      expect(looksLikePath('meta-llama/Meta-Llama-3-8B')).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('is no existence oracle under --allow-dir: "apps/../../../etc/shadow" answers the same whether or not it exists', async () => {
    const allowed = testDirectory('wp-allowed-');
    const outside = testDirectory('wp-outside-');
    writeFileSync(join(outside, 'shadow'), 'secret');
    // A relative name without a path-like start or extension: only existence made it a path.
    const traverse = (target: string) => `apps/${relative(join(process.cwd(), 'apps'), target)}`;
    const answer = (name: string) =>
      resolveModel(name, 'Q4_K_M', { allowedRoots: [allowed] }).then(
        () => 'resolved',
        (error: Error) => `${error.name}: ${error.message.replace(name, '<name>').split(' (')[0]}`,
      );
    // The server's working folder has an apps/ folder (the repository root): "apps/.." must resolve.
    const cwd = process.cwd();
    const serverFolder = testDirectory('wp-server-');
    mkdirSync(join(serverFolder, 'apps'));
    process.chdir(serverFolder);
    let present: string;
    let missing: string;
    try {
      present = await answer(traverse(join(outside, 'shadow')));
      missing = await answer(traverse(join(outside, 'no-such-file')));
    } finally {
      process.chdir(cwd);
    }
    expect(present).toMatch(/^UnknownNameError/);
    expect(missing).toBe(present);
  });

  it('sees an import by this process at once, and one by another process within a second', () => {
    const start = 1_000_000;
    expect(modelIndex(start).index.find('local/my-finetune')).toBeUndefined();
    addToUserCatalog({ spec, precision: null });
    expect(modelIndex(start + 1).index.find('local/my-finetune')?.id).toBe('local/my-finetune');

    // Another process rewrites the file (as `weightplan models remove` would).
    writeFileSync(userCatalogFile(), JSON.stringify({ schemaVersion: 1, models: [] }));
    expect(modelIndex(start + 2).index.find('local/my-finetune')?.id).toBe('local/my-finetune');
    expect(modelIndex(start + 2000).index.find('local/my-finetune')).toBeUndefined();
  });
});

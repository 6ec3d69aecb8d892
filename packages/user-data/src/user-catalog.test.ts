import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInModels } from '@weightplan/weights';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addToUserCatalog, loadUserCatalog, removeFromUserCatalog } from './user-catalog.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const spec = { ...builtInModels().get('llama-3-8b'), id: 'local/my-finetune', origin: 'imported' as const };

describe('the user catalog', () => {
  it('starts empty, adds, replaces by id and removes, writing versioned JSON', () => {
    const file = join(testDirectory('wp-'), 'nested', 'models.json');
    expect(loadUserCatalog(file).models).toEqual([]);
    addToUserCatalog({ spec, precision: null }, file, new Date('2026-11-26T10:00:00Z'));
    addToUserCatalog({ spec: { ...spec, name: 'renamed' }, precision: null }, file, new Date('2026-11-26T11:00:00Z'));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.schemaVersion).toBe(1);
    expect(saved.models).toHaveLength(1);
    expect(saved.models[0].spec.name).toBe('renamed');
    expect(loadUserCatalog(file).models[0]?.importedAt).toBe('2026-11-26T11:00:00.000Z');
    expect(removeFromUserCatalog('LOCAL/my-finetune', file)).toBe(true);
    expect(removeFromUserCatalog('local/my-finetune', file)).toBe(false);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(join(file, '..'))).toEqual(['models.json']);
  });

  it('refuses to touch a damaged catalog and says where it is', () => {
    const file = join(testDirectory('wp-'), 'models.json');
    writeFileSync(file, '{"schemaVersion": 1, "models": [{"spec": 5}]}');
    expect(() => loadUserCatalog(file)).toThrow(/models\.json: models\.0\.spec: .*will not overwrite it/);
    expect(() => addToUserCatalog({ spec, precision: null }, file)).toThrow(/will not overwrite/);
    expect(readFileSync(file, 'utf8')).toContain('"spec": 5');
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GrantedPaths, MAX_GRANTED_PATHS } from './granted-paths.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'wp-granted-'));
  folders.push(made);
  return made;
}
/** A real weight file's place: remembered picks that no longer exist are dropped at start. */
function weightFile(directory: string, name: string): string {
  const path = join(directory, name);
  writeFileSync(path, 'GGUF');
  return path;
}

describe('GrantedPaths', () => {
  it('starts empty: nothing may be read until the user picks something', () => {
    expect(new GrantedPaths().roots()).toEqual([]);
  });

  it('keeps each picked path once, resolved', () => {
    const granted = new GrantedPaths();
    granted.grant('/models/a.gguf');
    granted.grant('/models/./a.gguf');
    granted.grant('/models/qwen3/');
    expect(granted.roots()).toEqual([resolve('/models/a.gguf'), resolve('/models/qwen3')]);
  });

  it('hands each call a copy, which later grants do not change', () => {
    const granted = new GrantedPaths();
    const before = granted.roots();
    granted.grant('/models/a.gguf');
    expect(before).toEqual([]);
  });

  it('remembers picks across restarts, and drops those that are gone', () => {
    const models = folder();
    const file = join(folder(), 'config', 'granted-paths.json');
    const kept = weightFile(models, 'qwen3-8b-q4_k_m.gguf');
    const removed = weightFile(models, 'old.gguf');
    const first = new GrantedPaths(file);
    first.grant(kept);
    first.grant(removed);
    rmSync(removed);
    expect(new GrantedPaths(file).roots()).toEqual([kept]);
  });

  it('forgets every pick when asked, for this session and the next', () => {
    const file = join(folder(), 'granted-paths.json');
    const granted = new GrantedPaths(file);
    granted.grant(weightFile(folder(), 'a.gguf'));
    granted.forgetAll();
    expect(granted.roots()).toEqual([]);
    expect(new GrantedPaths(file).roots()).toEqual([]);
  });

  it(`keeps the ${MAX_GRANTED_PATHS} most recent picks; picking one again makes it recent`, () => {
    const models = folder();
    const file = join(folder(), 'granted-paths.json');
    const granted = new GrantedPaths(file);
    const paths = Array.from({ length: MAX_GRANTED_PATHS + 1 }, (_, i) => weightFile(models, `m${i}.gguf`));
    granted.grant(paths[0] as string);
    for (const path of paths.slice(1, MAX_GRANTED_PATHS)) granted.grant(path);
    granted.grant(paths[0] as string);
    granted.grant(paths[MAX_GRANTED_PATHS] as string);
    const roots = new GrantedPaths(file).roots();
    expect(roots).toHaveLength(MAX_GRANTED_PATHS);
    expect(roots).toContain(paths[0]);
    expect(roots).not.toContain(paths[1]);
  });

  it('starts empty from a damaged or foreign file, says why, and replaces it with the next pick', () => {
    const file = join(folder(), 'granted-paths.json');
    const warnings: string[] = [];
    writeFileSync(file, '{"schemaVersion": 1, "paths": "/etc"}');
    expect(new GrantedPaths(file, (message) => warnings.push(message)).roots()).toEqual([]);
    writeFileSync(file, 'not json');
    const granted = new GrantedPaths(file, (message) => warnings.push(message));
    expect(warnings).toEqual([expect.stringMatching(/paths: .*must be picked again/), expect.stringMatching(/is not JSON/)]);
    const picked = weightFile(folder(), 'b.gguf');
    granted.grant(picked);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ schemaVersion: 1, paths: [picked] });
  });

  it('never grants a relative path someone wrote into the file', () => {
    const file = join(folder(), 'granted-paths.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, paths: ['.', 'models'] }));
    expect(new GrantedPaths(file).roots()).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as headers from './headers.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module `entry` reaches through its imports (type-only imports included: they cost nothing, but are listed). */
function reachable(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const source = readFileSync(entry, 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);
  seen.set(entry, specifiers);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) reachable(join(dirname(entry), specifier.replace(/\.js$/, '.ts')), seen);
  }
  return seen;
}

describe('@weightplan/weights/headers, the browser-safe entry', () => {
  it('reaches no Node module: the renderer (web page and Electron) bundles it', () => {
    const modules = reachable(join(here, 'headers.ts'));
    const external = [...modules.values()].flat().filter((s) => !s.startsWith('.'));
    expect([...new Set(external)].sort()).toEqual(['zod']);
    const files = [...modules.keys()].map((m) => relative(here, m)).sort();
    expect(files).not.toContain('file-fence.ts');
    expect(files).not.toContain('file-source.ts');
    expect(files).toContain('gguf-header.ts');
  });

  it('offers the parsers, the describer and the description schema', () => {
    expect(typeof headers.parseGgufHeader).toBe('function');
    expect(typeof headers.parseSafetensorsHeader).toBe('function');
    expect(typeof headers.describePickedFiles).toBe('function');
    expect(headers.HeaderDescriptionSchema.safeParse({ format: 'gguf', name: 'x.gguf', files: [] }).success).toBe(false);
  });
});

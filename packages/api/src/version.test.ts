import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEIGHTPLAN_VERSION } from './version.js';

const versionOf = (path: string) => (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string }).version;

describe('the version', () => {
  it('is the one in the repository and the command-line package', () => {
    expect(versionOf('../../../package.json')).toBe(WEIGHTPLAN_VERSION);
    expect(versionOf('../../../apps/cli/package.json')).toBe(WEIGHTPLAN_VERSION);
    expect(versionOf('../package.json')).toBe(WEIGHTPLAN_VERSION);
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { withTemporaryFolder } from './temporary-file.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

describe('the temporary folder of a synthetic GGUF', () => {
  it('is removed after the work, and after a failure', async () => {
    let seen = '';
    await withTemporaryFolder('wp-tmp-', async (folder) => {
      seen = folder;
      writeFileSync(join(folder, 'synthetic.gguf'), 'x');
    });
    expect(existsSync(seen)).toBe(false);
    await expect(
      withTemporaryFolder('wp-tmp-', async (folder) => {
        seen = folder;
        throw new Error('load failed');
      }),
    ).rejects.toThrow('load failed');
    expect(existsSync(seen)).toBe(false);
  });

  it('is removed when the user presses Ctrl-C mid-run, and the process exits 130', { timeout: 60_000 }, async () => {
    const script = join(testDirectory('wp-sigint-'), 'run.mjs');
    const module = fileURLToPath(new URL('./temporary-file.ts', import.meta.url));
    writeFileSync(
      script,
      `const { withTemporaryFolder } = await import(${JSON.stringify(module)});
await withTemporaryFolder('wp-sigint-', async (folder) => {
  process.stdout.write(folder + '\\n');
  await new Promise(() => setInterval(() => {}, 1000));
});`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const folder = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    expect(existsSync(folder)).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    expect(existsSync(folder)).toBe(false);
  });
});

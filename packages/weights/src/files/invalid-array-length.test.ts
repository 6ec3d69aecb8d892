import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { inspectWeights } from './inspect.js';
import { WeightFileError } from './weight-file-error.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

// The field limits keep every known path from building an array from a file's numbers; should one be
// missed, V8's bare "Invalid array length" must still reach the user as a one-line error naming the file.
vi.mock('./hf-config.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./hf-config.js')>()),
  architectureFromHfConfig: () => {
    throw new RangeError('Invalid array length');
  },
}));

describe('an allocation that slips past the field checks', () => {
  it('"Invalid array length" names the file, as a WeightFileError (exit 2, HTTP 400)', async () => {
    const file = join(testDirectory('weightplan-range-'), 'config.json');
    writeFileSync(file, '{"model_type": "llama"}');
    const error = await inspectWeights(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WeightFileError);
    expect((error as Error).message).toBe(`${file}: cannot be planned (Invalid array length)`);
  });
});

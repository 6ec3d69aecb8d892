import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../testing/cli-harness.js';

const markdown = `| model                          |       size |     params | backend    | threads |            test |                  t/s |
| ------------------------------ | ---------: | ---------: | ---------- | ------: | --------------: | -------------------: |
| llama 1B Q8_0                  |   1.22 GiB |     1.24 B | CPU        |       2 |           pp512 |        102.35 ± 0.42 |
| llama 1B Q8_0                  |   1.22 GiB |     1.24 B | CPU        |       2 |           tg128 |         18.91 ± 0.10 |

build: 8cf427ff (5163)
`;

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'wp-cli-bench-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = join(folder, 'config');
  return () => rmSync(folder, { recursive: true, force: true });
});

describe('weightplan bench', () => {
  it('imports a llama-bench table, lists it, and forgets it', async () => {
    const file = join(folder, 'bench.md');
    writeFileSync(file, markdown);
    const imported = await cli(['bench', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/read 2 llama-bench markdown rows; imported 1 measurement/);
    const id = /([0-9a-f]{12}) {2}meta-llama\/Llama-3.2-1B-Instruct Q8_0/.exec(imported.out)?.[1];
    expect(id).toBeDefined();

    const list = await cli(['bench', '--list', '--json']);
    expect(JSON.parse(list.out).measurements.map((m: { id: string; thisMachine: boolean }) => [m.id, m.thisMachine])).toEqual([[id, true]]);
    expect((await cli(['bench', '--list'])).out).toMatch(/Llama-3.2-1B-Instruct.*Q8_0.*llama-bench 8cf427ff.*18\.9/);

    expect(await cli(['bench', '--forget', id ?? ''])).toMatchObject({ code: 0, out: 'forgot 1 measurement\n' });
    expect((await cli(['bench', '--forget', 'abcdefabcdef'])).err).toMatch(/no measurement "abcdefabcdef"/);
    expect((await cli(['bench', '--list'])).out).toMatch(/no measurements yet/);
  });

  it('says what it needs in one line, exit 2', async () => {
    expect(await cli(['bench'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/give --synthetic MODEL --precision QUANT, --model PATH.gguf/),
    });
    expect(await cli(['bench', '--synthetic', 'llama-3.2-1b'])).toMatchObject({ code: 2, err: expect.stringMatching(/needs a precision/) });
    expect(await cli(['bench', '--synthetic', 'llama-3.2-1b', '--precision', 'Q8_0', '--gen-tokens', '0'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--gen-tokens must be a whole number from 1 to 4096/),
    });
    const bad = join(folder, 'bad.txt');
    writeFileSync(bad, 'hello');
    expect(await cli(['bench', 'import', bad])).toMatchObject({ code: 2, err: expect.stringMatching(/not llama-bench output/) });
  });
});

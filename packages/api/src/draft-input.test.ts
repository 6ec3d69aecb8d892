import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
const caller = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [] });

beforeAll(() => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-api-draft-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const target = { model: 'llama-3.1-8b', precision: 'Q4_K_M', runtime: 'llama.cpp' as const };

describe('speculative decoding through the router', () => {
  it('resolves the draft model like any model, at the target precision unless given', async () => {
    const e = await caller.estimate({ ...target, draft: { model: 'meta-llama/Llama-3.2-1B-Instruct' } });
    expect(e.speculative?.draftModel?.id).toBe('meta-llama/Llama-3.2-1B-Instruct');
    expect(e.speculative?.draftPrecision).toBe('Q4_K_M');
    const q8 = await caller.estimate({
      ...target,
      draft: { model: 'meta-llama/Llama-3.2-1B-Instruct', precision: 'Q8_0', draftTokens: 4 },
    });
    expect(q8.speculative?.draftPrecision).toBe('Q8_0');
    expect(q8.speculative?.draftTokens).toBe(4);
  });

  it('puts the draft in the scenario: estimate, curve and launch command', async () => {
    const s = await caller.scenario({
      ...target,
      draft: { model: 'meta-llama/Llama-3.2-1B-Instruct', precision: 'Q8_0' },
      contexts: [4096, 8192],
    });
    expect(s.estimate.speculative?.method).toBe('draft-model');
    expect(s.launch.command).toContain('-md Llama-3.2-1B-Instruct-Q8_0.gguf');
    expect(s.curve).toHaveLength(2);
  });

  it('answers bad drafts with a one-line 400', async () => {
    const mistral = await failure(caller.estimate({ ...target, draft: { model: 'mistralai/Mistral-7B-Instruct-v0.3' } }));
    expect(mistral.code).toBe('BAD_REQUEST');
    expect(mistral.message).toMatch(/must share the target's tokenizer/);
    expect((await failure(caller.estimate({ ...target, draft: {} }))).message).toMatch(/draft needs a model/);
    expect((await failure(caller.estimate({ ...target, draft: { method: 'eagle', model: 'llama-3.2-1b' } }))).message).toMatch(
      /draft.model goes with the draft-model method/,
    );
    const typo = await failure(caller.estimate({ ...target, draft: { model: 'llama-3.2-1b', acceptance: 0.7 } } as never));
    expect(typo.message).toMatch(/acceptanceRate/);
    expect((await failure(caller.estimate({ ...target, draft: { model: 'llama-3.2-1b', acceptanceRate: 1.5 } }))).code).toBe('BAD_REQUEST');
  });

  it('documents the draft input in the OpenAPI document', () => {
    const doc = openApiDocument('http://127.0.0.1:4821/api/v1') as unknown as {
      paths: Record<
        string,
        { post?: { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } } }
      >;
    };
    for (const path of ['/estimate', '/scenario']) {
      const properties = doc.paths[path]?.post?.requestBody?.content?.['application/json']?.schema?.properties ?? {};
      expect(Object.keys(properties)).toContain('draft');
      expect(JSON.stringify(properties.draft)).toContain('acceptanceRate');
    }
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiContext } from '@weightplan/api';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { VERIFY_MAX_PROMPT_TOKENS, VerifyPlan } from './VerifyPlan.js';

type SyntheticRequest = Parameters<NonNullable<ApiContext['bench']>['measureSynthetic']>[0];

/** The desktop's bench as the router sees it: records what it was asked and answers fixed rates. */
function recordingBench(requests: SyntheticRequest[]) {
  const refuse = async (): Promise<never> => {
    throw new Error('not used by this view');
  };
  const rate = (value: number) => ({ median: value, min: value, max: value, stddev: 0, samples: [value] });
  return {
    install: refuse,
    measureFile: refuse,
    measureEndpoint: refuse,
    measureSynthetic: async (request: SyntheticRequest) => {
      requests.push(request);
      return {
        decodeTokensPerSecond: rate(7.5),
        prefillTokensPerSecond: rate(30),
        repetitions: 2,
        warmupRuns: 1,
        loadSeconds: 1,
        contextTokens: request.settings.promptTokens + request.settings.genTokens + 1,
        runtimeVersion: 'node-llama-cpp 3.22.1 (cpu)',
        backend: 'cpu' as const,
        fileBytes: 1,
        tensorBytes: 1,
      };
    },
  };
}

describe('Verify this plan', () => {
  it("measures the plan's own model and precision here, with its prompt capped, and shows it against the plan", async () => {
    const requests: SyntheticRequest[] = [];
    renderView(
      <VerifyPlan model="meta-llama/Llama-3.2-3B-Instruct" precision="Q4_0" runtime="llama.cpp" promptTokens={32_768} onThisMachine />,
      testClient({ bench: recordingBench(requests) }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Verify this plan on this machine' }));
    const table = await screen.findByTestId('bench-result', {}, { timeout: 5000 });
    expect(requests[0]?.model.id).toBe('meta-llama/Llama-3.2-3B-Instruct');
    expect(requests[0]?.precision.id).toBe('Q4_0');
    expect(requests[0]?.settings).toMatchObject({ promptTokens: VERIFY_MAX_PROMPT_TOKENS, genTokens: 64, repetitions: 2 });
    const measured = within(within(table).getByRole('row', { name: /generation/ })).getAllByRole('cell')[0]?.textContent;
    expect(measured).toBe('7.50');
    expect(screen.getByTestId('bench-calibration').textContent).toMatch(/^Saved\. 1 measurement on this machine/);
  });

  it('offers nothing to run for another machine or another engine, and says why', () => {
    const { unmount } = renderView(
      <VerifyPlan model="m" precision="Q4_0" runtime="llama.cpp" promptTokens={512} onThisMachine={false} />,
      testClient(),
    );
    expect(screen.getByTestId('verify-unavailable').textContent).toMatch(/another machine/);
    expect(screen.queryByRole('button')).toBeNull();
    unmount();
    renderView(<VerifyPlan model="m" precision="AWQ-INT4" runtime="vllm" promptTokens={512} onThisMachine />, testClient());
    expect(screen.getByTestId('verify-unavailable').textContent).toMatch(/this plan runs vllm/);
  });
});

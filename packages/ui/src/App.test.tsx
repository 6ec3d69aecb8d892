import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App.js';
import { testClient } from './testing/test-client.js';

beforeEach(() => {
  window.location.hash = '';
});

describe('App', () => {
  it('opens on the answer for the detected machine: the top model, why, its launch command, then the matrix', async () => {
    render(<App api={testClient()} />);
    await screen.findByText('This machine: NVIDIA GeForce RTX 4090, 64 GiB RAM', {}, { timeout: 5000 });
    const answer = await screen.findByTestId('answer', {}, { timeout: 10_000 });
    expect(answer.querySelector('h3')?.textContent).toMatch(/ at /);
    expect(screen.getByTestId('answer-speed').textContent).toMatch(/tokens\/s \(likely .+–.+\)/);
    expect(screen.getByTestId('answer-why').textContent?.length).toBeGreaterThan(10);
    expect((await screen.findByTestId('answer-command', {}, { timeout: 10_000 })).textContent).toMatch(/^(llama-server|vllm serve) /);
    const cell = (await screen.findByTestId('fit-matrix', {}, { timeout: 10_000 })).querySelector('td.recommended button');
    expect(cell?.getAttribute('aria-label')).toMatch(/recommended$/);
  });

  it("carries the use case's context and prompt from the answer into the scenario, and keeps them in the address", async () => {
    window.location.hash = '#/answer?use=coding';
    render(<App api={testClient()} />);
    const open = await screen.findByRole('button', { name: 'Open this scenario' }, { timeout: 10_000 });
    await userEvent.click(open);
    await screen.findByTestId('scenario-headline', {}, { timeout: 20_000 });
    expect((screen.getByRole('combobox', { name: 'Context' }) as HTMLSelectElement).value).toBe('32768');
    expect((screen.getByRole('spinbutton', { name: 'Prompt tokens' }) as HTMLInputElement).value).toBe('8192');
    expect(window.location.hash).toMatch(/^#\/scenario\?.*context=32768&prompt=8192/);
  });

  it('reopens a what-if machine and scenario from the address, as after a reload', async () => {
    window.location.hash =
      '#/scenario?model=meta-llama%2FLlama-3.3-70B-Instruct&precision=Q4_K_M&context=32768&prompt=2048&gpu=RTX+3090&gpus=2&ram=128';
    render(<App api={testClient()} />);
    await screen.findByText('2x NVIDIA GeForce RTX 3090, 128 GiB RAM', {}, { timeout: 5000 });
    await screen.findByTestId('scenario-headline', {}, { timeout: 20_000 });
    expect((screen.getByRole('combobox', { name: 'Context' }) as HTMLSelectElement).value).toBe('32768');
    expect(screen.getByTestId('scenario-headline').textContent).toMatch(/Llama 3\.3 70B Instruct/);
  });

  it('picking a model in Fine-tune does not change the scenario', async () => {
    window.location.hash = '#/finetune';
    render(<App api={testClient()} />);
    const picker = await screen.findByRole('combobox', { name: 'Model' });
    await waitFor(() => expect((picker as HTMLSelectElement).disabled).toBe(false), { timeout: 5000 });
    await userEvent.selectOptions(picker, 'Qwen/Qwen3-8B');
    expect(window.location.hash).toMatch(/ft=Qwen%2FQwen3-8B/);
    expect(window.location.hash).toMatch(/model=meta-llama%2FMeta-Llama-3-8B-Instruct/);
  });

  it('navigates between views with the keyboard-reachable nav, marking the current one', async () => {
    render(<App api={testClient()} />);
    const nav = screen.getByRole('navigation', { name: 'Views' });
    await userEvent.click(screen.getByRole('link', { name: 'Plans' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Plans' })).toBeTruthy();
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Plans');
    expect(window.location.hash).toMatch(/^#\/plans\?/);
  });

  it('opens a scenario from a recommendation', async () => {
    window.location.hash = '#/recommend';
    render(<App api={testClient()} />);
    const buttons = await screen.findAllByRole('button', { name: 'Open scenario' }, { timeout: 5000 });
    await userEvent.click(buttons[0] as HTMLElement);
    expect(await screen.findByRole('heading', { level: 2, name: 'Scenario' })).toBeTruthy();
    expect(await screen.findByTestId('scenario-headline', {}, { timeout: 20_000 })).toBeTruthy();
  });
});

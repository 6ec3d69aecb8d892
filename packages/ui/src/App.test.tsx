import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App.js';
import { testClient } from './testing/test-client.js';

beforeEach(() => {
  window.location.hash = '';
});

describe('App', () => {
  it('opens on the fit matrix for the detected machine, named in the header once detected', async () => {
    render(<App api={testClient()} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Fit matrix' })).toBeTruthy();
    await screen.findByText('This machine: NVIDIA GeForce RTX 4090, 64 GiB RAM', {}, { timeout: 5000 });
  });

  it('navigates between views with the keyboard-reachable nav, marking the current one', async () => {
    render(<App api={testClient()} />);
    const nav = screen.getByRole('navigation', { name: 'Views' });
    await userEvent.click(screen.getByRole('link', { name: 'Plans' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Plans' })).toBeTruthy();
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Plans');
    expect(window.location.hash).toBe('#/plans');
  });

  it('opens a scenario from a recommendation', async () => {
    window.location.hash = '#/recommend';
    render(<App api={testClient()} />);
    const buttons = await screen.findAllByRole('button', { name: 'Open scenario' }, { timeout: 5000 });
    await userEvent.click(buttons[0] as HTMLElement);
    expect(screen.getByRole('heading', { level: 2, name: 'Scenario' })).toBeTruthy();
    expect(await screen.findByTestId('scenario-headline', {}, { timeout: 5000 })).toBeTruthy();
  });
});

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App.js';
import { createApiClient } from './api-client.js';

describe('App', () => {
  it('renders', () => {
    render(<App api={createApiClient()} />);
    expect(screen.getByText('Weightplan')).toBeTruthy();
  });
});

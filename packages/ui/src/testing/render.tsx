import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../api-client.js';
import { ApiProvider } from '../state/api-context.js';
import { type HostInfo, HostProvider } from '../state/host.js';
import { PlannerProvider, type PlannerState } from '../state/planner.js';

const WEB_HOST: HostInfo = { version: '0.1.0', host: 'server', readsFiles: false, fileDialogs: false, hubLookUps: false };

/** Renders a view inside the providers the app gives it. */
export function renderView(ui: ReactNode, api: ApiClient, options: { host?: HostInfo; initial?: Partial<PlannerState> } = {}) {
  return render(
    <ApiProvider api={api}>
      <HostProvider info={options.host ?? WEB_HOST}>
        <PlannerProvider {...(options.initial ? { initial: options.initial } : {})}>{ui}</PlannerProvider>
      </HostProvider>
    </ApiProvider>,
  );
}

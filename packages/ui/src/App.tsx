import { useEffect, useState } from 'react';
import type { ApiClient } from './api-client.js';
import { ApiProvider, useApi } from './state/api-context.js';
import { type HostInfo, HostProvider } from './state/host.js';
import { DETECTED_LABEL, PlannerProvider, type PlannerState, usePlanner } from './state/planner.js';
import { useRoute, VIEWS, type ViewId } from './state/route.js';
import { CompareView } from './views/CompareView.js';
import { FinetuneView } from './views/FinetuneView.js';
import { FitMatrixView } from './views/FitMatrixView.js';
import { MachineView } from './views/MachineView.js';
import { ModelsView } from './views/ModelsView.js';
import { PlansView } from './views/PlansView.js';
import { RecommendationsView } from './views/RecommendationsView.js';
import { ScenarioView } from './views/ScenarioView.js';

function Shell({ host }: { host: HostInfo }) {
  const api = useApi();
  const [view, navigate] = useRoute();
  const { state, setHardware, updateScenario, clearPlan } = usePlanner();
  const planningForDetected = 'detected' in state.hardware && state.hardwareLabel === DETECTED_LABEL;
  // Name the detected machine in the header once detection answers (the host caches it).
  useEffect(() => {
    if (!planningForDetected) return;
    let current = true;
    api.hardware.detect.query().then(
      (profile) => current && setHardware({ detected: true }, `This machine: ${profile.label}`),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, planningForDetected, setHardware]);
  const openScenario = (model: string, precision: string) => {
    clearPlan();
    updateScenario({ model, precision });
    navigate('scenario');
  };

  const content: Record<ViewId, () => React.ReactNode> = {
    fit: () => <FitMatrixView onOpenScenario={openScenario} />,
    scenario: () => <ScenarioView />,
    recommend: () => <RecommendationsView onOpenScenario={openScenario} />,
    compare: () => <CompareView />,
    finetune: () => <FinetuneView />,
    models: () => <ModelsView onOpenScenario={openScenario} />,
    machine: () => <MachineView />,
    plans: () => <PlansView onOpened={() => navigate('scenario')} />,
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1>
          Weightplan <span className="muted small">{host.version}</span>
        </h1>
        <p className="hardware-summary">
          Planning for{' '}
          <button type="button" className="link" onClick={() => navigate('machine')} data-testid="hardware-label">
            {state.hardwareLabel}
          </button>
        </p>
      </header>
      <nav aria-label="Views" className="app-nav">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.id}>
              <a href={`#/${v.id}`} aria-current={view === v.id ? 'page' : undefined} onClick={() => navigate(v.id)}>
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {content[view]()}
      </main>
    </div>
  );
}

/** The planner: the same renderer in the desktop app (router over IPC) and in a browser (router over HTTP). */
export function App({ api, initial }: { api: ApiClient; initial?: Partial<PlannerState> }) {
  const [host, setHost] = useState<HostInfo>({ version: '', host: 'server', readsFiles: false, fileDialogs: false, hubLookUps: false });
  useEffect(() => {
    api.app.info.query().then(setHost, () => undefined);
  }, [api]);
  return (
    <ApiProvider api={api}>
      <HostProvider info={host}>
        <PlannerProvider {...(initial ? { initial } : {})}>
          <Shell host={host} />
        </PlannerProvider>
      </HostProvider>
    </ApiProvider>
  );
}

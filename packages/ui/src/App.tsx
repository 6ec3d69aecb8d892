import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ApiClient } from './api-client.js';
import { Loading } from './components/Status.js';
import { ApiProvider, useApi } from './state/api-context.js';
import { type HostInfo, HostProvider } from './state/host.js';
import {
  DETECTED_LABEL,
  linkStateOf,
  PlannerProvider,
  type PlannerState,
  planRef,
  type ScenarioSettings,
  usePlanner,
} from './state/planner.js';
import { VIEWS, type ViewId, viewFromHash } from './state/route.js';
import { linkHash, type MenuAction, menuActionOfHash, stateFromHash, withoutMenuAction } from './state/url-state.js';
import { AnswerView } from './views/AnswerView.js';
import { FitMatrixView } from './views/FitMatrixView.js';

// The landing view (the answer and the matrix) is in the first bundle; every other view, and the charts
// they draw with, loads when it is first opened.
const CompareView = lazy(() => import('./views/CompareView.js').then((m) => ({ default: m.CompareView })));
const FleetView = lazy(() => import('./views/FleetView.js').then((m) => ({ default: m.FleetView })));
const InspectView = lazy(() => import('./views/InspectView.js').then((m) => ({ default: m.InspectView })));
const FinetuneView = lazy(() => import('./views/FinetuneView.js').then((m) => ({ default: m.FinetuneView })));
const MachineView = lazy(() => import('./views/MachineView.js').then((m) => ({ default: m.MachineView })));
const ModelsView = lazy(() => import('./views/ModelsView.js').then((m) => ({ default: m.ModelsView })));
const PlansView = lazy(() => import('./views/PlansView.js').then((m) => ({ default: m.PlansView })));
const RecommendationsView = lazy(() => import('./views/RecommendationsView.js').then((m) => ({ default: m.RecommendationsView })));
const ScenarioView = lazy(() => import('./views/ScenarioView.js').then((m) => ({ default: m.ScenarioView })));

/** The address of the current state: a web URL, or the desktop app's weightplan:// link (the CLI reads both). */
function shareableLink(host: HostInfo, hash: string): string {
  if (host.host === 'desktop') return `weightplan://open${hash}`;
  return `${window.location.origin}${window.location.pathname}${hash}`;
}

function Shell({ host }: { host: HostInfo }) {
  const api = useApi();
  const { state, setHardware, openScenario, applyLink, namePlan } = usePlanner();
  const [view, setView] = useState<ViewId>(() => viewFromHash(window.location.hash));
  // The desktop's File menu navigates here with do=…: the view it names starts that dialog once.
  // A counter, so asking twice in a row (the address no longer carries do=) opens the dialog again.
  const [menuAction, setMenuAction] = useState<{ action: MenuAction | null; seq: number }>(() => ({
    action: menuActionOfHash(window.location.hash),
    seq: 0,
  }));
  const [menuOpen, setMenuOpen] = useState(false);
  const [linkCopied, setLinkCopied] = useState(false);
  const link = linkStateOf(state);
  const hash = linkHash(view, link);
  const linkRef = useRef(link);
  linkRef.current = link;

  // The address follows the state (replaceState: typing in a field does not fill the history); a reload or a
  // copied link opens the same machine, view and scenario.
  useEffect(() => {
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
    setLinkCopied(false);
  }, [hash]);
  // A menu action is taken from the address once (read above, or in the hashchange handler below), so a
  // reload does not repeat it and the same menu item chosen again changes the address again.
  useEffect(() => {
    if (menuActionOfHash(window.location.hash)) {
      window.history.replaceState(window.history.state, '', withoutMenuAction(window.location.hash));
    }
  }, []);
  // The back button, or a link pasted into the address bar: the state follows the address.
  useEffect(() => {
    const onChange = () => {
      setView(viewFromHash(window.location.hash));
      const action = menuActionOfHash(window.location.hash);
      // A new action remounts its view (seq); the view clears it once it has asked (menuActionTaken).
      if (action) setMenuAction((previous) => ({ action, seq: previous.seq + 1 }));
      if (action) window.history.replaceState(window.history.state, '', withoutMenuAction(window.location.hash));
      applyLink(stateFromHash(window.location.hash, linkRef.current));
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [applyLink]);
  const menuActionTaken = () => setMenuAction((previous) => ({ ...previous, action: null }));
  const navigate = (next: ViewId) => {
    window.history.pushState(null, '', linkHash(next, linkRef.current));
    setView(next);
    setMenuOpen(false);
    menuActionTaken();
  };

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
  // A what-if machine from a link: the server names it as it would have when it was chosen.
  const pendingWhatIf = state.labelPending && 'whatIf' in state.hardware ? state.hardware : null;
  useEffect(() => {
    if (!pendingWhatIf) return;
    let current = true;
    api.hardware.profile.mutate(pendingWhatIf.whatIf).then(
      (profile) => current && setHardware(pendingWhatIf, profile.label),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, pendingWhatIf, setHardware]);
  // A saved plan named by a link: its name and notes (the scenario is the link's).
  const unnamedPlan = state.plan && state.plan.name === '' ? state.plan.id : null;
  useEffect(() => {
    if (!unnamedPlan) return;
    api.plans.get.query({ id: unnamedPlan }).then(
      (plan) => namePlan(planRef(plan)),
      () => undefined,
    );
  }, [api, unnamedPlan, namePlan]);

  const open = (scenario: ScenarioSettings) => {
    openScenario(scenario);
    window.history.pushState(null, '', linkHash('scenario', { ...linkRef.current, scenario, planId: null }));
    setView('scenario');
  };
  const openModel = (model: string, precision: string) => open({ ...state.scenario, model, precision });

  const content: Record<ViewId, () => React.ReactNode> = {
    answer: () => <AnswerView onOpenScenario={open} />,
    fit: () => <FitMatrixView onOpenScenario={open} />,
    scenario: () => <ScenarioView />,
    recommend: () => <RecommendationsView onOpenScenario={open} />,
    compare: () => <CompareView />,
    finetune: () => <FinetuneView />,
    models: () => <ModelsView onOpenScenario={openModel} />,
    inspect: () => (
      <InspectView
        key={`inspect-${menuAction.seq}`}
        onOpenScenario={open}
        openDialogOnMount={menuAction.action === 'open-weights'}
        onDialogAsked={menuActionTaken}
      />
    ),
    machine: () => <MachineView />,
    fleet: () => <FleetView />,
    plans: () => (
      <PlansView
        key={`plans-${menuAction.seq}`}
        onOpened={() => navigate('scenario')}
        openFileOnMount={menuAction.action === 'open-plan'}
        onFileAsked={menuActionTaken}
      />
    ),
  };

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
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
        <button
          type="button"
          className="copy-link"
          data-testid="copy-link"
          data-link={shareableLink(host, hash)}
          onClick={async () => {
            await navigator.clipboard?.writeText(shareableLink(host, hash));
            setLinkCopied(true);
          }}
        >
          {linkCopied ? 'Link copied' : 'Copy link'}
        </button>
      </header>
      <nav aria-label="Views" className={`app-nav${menuOpen ? ' open' : ''}`}>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="view-list"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu: {VIEWS.find((v) => v.id === view)?.label}
        </button>
        <ul id="view-list">
          {VIEWS.map((v) => (
            <li key={v.id}>
              <a
                href={linkHash(v.id, link)}
                aria-current={view === v.id ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(v.id);
                }}
              >
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the view" />}>{content[view]()}</Suspense>
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

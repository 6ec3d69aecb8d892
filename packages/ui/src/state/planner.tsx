import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { HardwareInput, Plan } from './types.js';
import { DEFAULT_SCENARIO, hardwareLabelOf, type LinkState, type ScenarioSettings, stateFromHash, type UseCase } from './url-state.js';

export { DEFAULT_SCENARIO, type ScenarioSettings, type UseCase } from './url-state.js';

export interface PlannerState {
  hardware: HardwareInput;
  /** What the header says the plan is for. */
  hardwareLabel: string;
  /** The label was made from a link and the server has not named the machine yet. */
  labelPending: boolean;
  scenario: ScenarioSettings;
  /**
   * The saved plan the scenario came from, if any: saving again makes its next revision. `revision` is the
   * one read, sent with the save so that a plan someone else saved since is not overwritten (409).
   */
  plan: SavedPlanRef | null;
  /** What the machine is for: the landing answer and the recommendations rank for it. */
  useCase: UseCase;
  /** The fit matrix's context when chosen there (null: the use case's). */
  matrixContextTokens: number | null;
  /** The model the Fine-tune view studies when picked there (null: the scenario's). */
  finetuneModel: string | null;
  /** What the Inspect view reads (a path or hf:ORG/NAME[:QUANT]); null: nothing yet. */
  inspectTarget: string | null;
}

export interface SavedPlanRef {
  id: string;
  name: string;
  notes: string;
  revision?: number;
}

/** The header's name for the detected machine until detection names it. */
export const DETECTED_LABEL = 'This machine';

interface PlannerActions {
  state: PlannerState;
  setHardware(hardware: HardwareInput, label: string): void;
  updateScenario(change: Partial<ScenarioSettings>): void;
  /** Opens a whole scenario (from the matrix, a recommendation or a model): every field, no saved plan. */
  openScenario(scenario: ScenarioSettings): void;
  loadPlan(plan: Plan, hardwareLabel: string): void;
  clearPlan(): void;
  /** Names the saved plan a link points at (its scenario comes from the link, which may carry edits). */
  namePlan(plan: SavedPlanRef): void;
  setUseCase(useCase: UseCase): void;
  setMatrixContext(tokens: number | null): void;
  setFinetuneModel(model: string | null): void;
  setInspectTarget(target: string | null): void;
  /** Replaces everything a link carries (a reload, a pasted link, the browser's back button). */
  applyLink(link: LinkState): void;
}

const PlannerContext = createContext<PlannerActions | null>(null);

export function linkStateOf(state: PlannerState): LinkState {
  return {
    hardware: state.hardware,
    scenario: state.scenario,
    useCase: state.useCase,
    matrixContextTokens: state.matrixContextTokens,
    finetuneModel: state.finetuneModel,
    planId: state.plan?.id ?? null,
    ...(state.inspectTarget ? { inspectTarget: state.inspectTarget } : {}),
  };
}

const DEFAULT_LINK: LinkState = {
  hardware: { detected: true },
  scenario: DEFAULT_SCENARIO,
  useCase: 'chat',
  matrixContextTokens: null,
  finetuneModel: null,
  planId: null,
};

function stateOfLink(link: LinkState, previous: PlannerState | null): PlannerState {
  const sameMachine = previous !== null && JSON.stringify(previous.hardware) === JSON.stringify(link.hardware);
  const keepPlan = previous?.plan && previous.plan.id === link.planId ? previous.plan : null;
  return {
    hardware: link.hardware,
    hardwareLabel: sameMachine ? previous.hardwareLabel : hardwareLabelOf(link.hardware, DETECTED_LABEL),
    labelPending: sameMachine ? previous.labelPending : !('detected' in link.hardware),
    scenario: link.scenario,
    // A link names a saved plan by id; its name and notes are fetched (App) and kept while the id stays.
    plan: keepPlan ?? (link.planId ? { id: link.planId, name: '', notes: '' } : null),
    useCase: link.useCase,
    matrixContextTokens: link.matrixContextTokens,
    finetuneModel: link.finetuneModel,
    inspectTarget: link.inspectTarget ?? null,
  };
}

/** The state a page opens with: what its address says, on top of the defaults. */
export function initialPlannerState(hash: string): PlannerState {
  return stateOfLink(stateFromHash(hash, DEFAULT_LINK), null);
}

export function PlannerProvider({ children, initial }: { children: ReactNode; initial?: Partial<PlannerState> }) {
  const [state, setState] = useState<PlannerState>(() => ({
    ...initialPlannerState(typeof window === 'undefined' ? '' : window.location.hash),
    ...initial,
  }));
  const setHardware = useCallback(
    (hardware: HardwareInput, hardwareLabel: string) => setState((s) => ({ ...s, hardware, hardwareLabel, labelPending: false })),
    [],
  );
  const updateScenario = useCallback(
    (change: Partial<ScenarioSettings>) => setState((s) => ({ ...s, scenario: { ...s.scenario, ...change } })),
    [],
  );
  const openScenario = useCallback((scenario: ScenarioSettings) => setState((s) => ({ ...s, scenario, plan: null })), []);
  const loadPlan = useCallback(
    (plan: Plan, hardwareLabel: string) =>
      setState((s) => ({
        ...s,
        hardware: plan.hardware,
        hardwareLabel,
        labelPending: false,
        plan: planRef(plan),
        scenario: scenarioOfPlan(plan),
      })),
    [],
  );
  const clearPlan = useCallback(() => setState((s) => ({ ...s, plan: null })), []);
  const namePlan = useCallback((plan: SavedPlanRef) => setState((s) => (s.plan?.id === plan.id ? { ...s, plan } : s)), []);
  const setUseCase = useCallback((useCase: UseCase) => setState((s) => ({ ...s, useCase })), []);
  const setMatrixContext = useCallback((matrixContextTokens: number | null) => setState((s) => ({ ...s, matrixContextTokens })), []);
  const setFinetuneModel = useCallback((finetuneModel: string | null) => setState((s) => ({ ...s, finetuneModel })), []);
  const setInspectTarget = useCallback((inspectTarget: string | null) => setState((s) => ({ ...s, inspectTarget })), []);
  const applyLink = useCallback((link: LinkState) => setState((s) => stateOfLink(link, s)), []);
  const value = useMemo(
    () => ({
      state,
      setHardware,
      updateScenario,
      openScenario,
      loadPlan,
      clearPlan,
      namePlan,
      setUseCase,
      setMatrixContext,
      setFinetuneModel,
      setInspectTarget,
      applyLink,
    }),
    [
      state,
      setHardware,
      updateScenario,
      openScenario,
      loadPlan,
      clearPlan,
      namePlan,
      setUseCase,
      setMatrixContext,
      setFinetuneModel,
      setInspectTarget,
      applyLink,
    ],
  );
  return <PlannerContext.Provider value={value}>{children}</PlannerContext.Provider>;
}

export function usePlanner(): PlannerActions {
  const planner = useContext(PlannerContext);
  if (!planner) throw new Error('usePlanner outside PlannerProvider');
  return planner;
}

/** Every field a saved plan stored, so it reopens exactly (the form's defaults only for what it left out). */
export function scenarioOfPlan(plan: Plan): ScenarioSettings {
  const p = plan.scenario;
  return {
    ...DEFAULT_SCENARIO,
    model: plan.model,
    precision: plan.precision,
    ...(p.contextTokens !== undefined ? { contextTokens: p.contextTokens } : {}),
    ...(p.promptTokens !== undefined ? { promptTokens: p.promptTokens } : {}),
    ...(p.cachedPromptTokens ? { cachedPromptTokens: p.cachedPromptTokens } : {}),
    ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
    ...(p.kvCacheType !== undefined ? { kvCacheType: p.kvCacheType } : {}),
    ...(p.flashAttention !== undefined ? { flashAttention: p.flashAttention } : {}),
    ...(p.gpuMemoryUtilization !== undefined ? { gpuMemoryUtilization: p.gpuMemoryUtilization } : {}),
    ...(p.splitMode !== undefined ? { splitMode: p.splitMode } : {}),
    ...(p.placement !== undefined ? { placement: p.placement } : {}),
    runtime: p.runtime ?? 'auto',
  };
}

/** The scenario as estimate/plan input: the fields a plan stores. */
export function scenarioInput(s: ScenarioSettings) {
  return {
    contextTokens: s.contextTokens,
    promptTokens: Math.min(s.promptTokens, s.contextTokens),
    ...(s.cachedPromptTokens ? { cachedPromptTokens: s.cachedPromptTokens } : {}),
    concurrency: s.concurrency,
    kvCacheType: s.kvCacheType,
    flashAttention: s.flashAttention,
    ...(s.runtime === 'auto' ? {} : { runtime: s.runtime }),
    ...(s.gpuMemoryUtilization !== undefined ? { gpuMemoryUtilization: s.gpuMemoryUtilization } : {}),
    ...(s.splitMode !== undefined ? { splitMode: s.splitMode } : {}),
    ...(s.placement !== undefined ? { placement: s.placement } : {}),
  };
}

/** A stable key for a hardware input, for refetching when it changes. */
export function hardwareKey(hardware: HardwareInput): string {
  return JSON.stringify(hardware);
}

/** What the planner keeps of a saved plan: enough to name it and to save its next revision. */
export function planRef(plan: Plan): SavedPlanRef {
  return { id: plan.id, name: plan.name, notes: plan.notes, ...(plan.revision !== undefined ? { revision: plan.revision } : {}) };
}

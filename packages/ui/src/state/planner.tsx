import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { HardwareInput, KvCacheType, Plan, Runtime } from './types.js';

export interface ScenarioSettings {
  model: string;
  precision: string;
  contextTokens: number;
  promptTokens: number;
  concurrency: number;
  kvCacheType: KvCacheType;
  /** `auto`: the estimator picks (llama.cpp for GGUF, vLLM for FP8/AWQ, MLX on Apple). */
  runtime: Runtime | 'auto';
  flashAttention: boolean;
}

export interface PlannerState {
  hardware: HardwareInput;
  /** What the header says the plan is for. */
  hardwareLabel: string;
  scenario: ScenarioSettings;
  /** The saved plan the scenario came from, if any: saving again replaces it. */
  plan: { id: string; name: string; notes: string } | null;
}

/** The header's name for the detected machine until detection names it. */
export const DETECTED_LABEL = 'This machine';

export const DEFAULT_SCENARIO: ScenarioSettings = {
  model: 'meta-llama/Meta-Llama-3-8B-Instruct',
  precision: 'Q4_K_M',
  contextTokens: 8192,
  promptTokens: 512,
  concurrency: 1,
  kvCacheType: 'f16',
  runtime: 'auto',
  flashAttention: true,
};

interface PlannerActions {
  state: PlannerState;
  setHardware(hardware: HardwareInput, label: string): void;
  updateScenario(change: Partial<ScenarioSettings>): void;
  loadPlan(plan: Plan, hardwareLabel: string): void;
  clearPlan(): void;
}

const PlannerContext = createContext<PlannerActions | null>(null);

export function PlannerProvider({ children, initial }: { children: ReactNode; initial?: Partial<PlannerState> }) {
  const [state, setState] = useState<PlannerState>({
    hardware: { detected: true },
    hardwareLabel: DETECTED_LABEL,
    scenario: DEFAULT_SCENARIO,
    plan: null,
    ...initial,
  });
  const setHardware = useCallback(
    (hardware: HardwareInput, hardwareLabel: string) => setState((s) => ({ ...s, hardware, hardwareLabel })),
    [],
  );
  const updateScenario = useCallback(
    (change: Partial<ScenarioSettings>) => setState((s) => ({ ...s, scenario: { ...s.scenario, ...change } })),
    [],
  );
  const loadPlan = useCallback(
    (plan: Plan, hardwareLabel: string) =>
      setState({
        hardware: plan.hardware,
        hardwareLabel,
        plan: { id: plan.id, name: plan.name, notes: plan.notes },
        scenario: {
          ...DEFAULT_SCENARIO,
          model: plan.model,
          precision: plan.precision,
          ...(plan.scenario.contextTokens !== undefined ? { contextTokens: plan.scenario.contextTokens } : {}),
          ...(plan.scenario.promptTokens !== undefined ? { promptTokens: plan.scenario.promptTokens } : {}),
          ...(plan.scenario.concurrency !== undefined ? { concurrency: plan.scenario.concurrency } : {}),
          ...(plan.scenario.kvCacheType !== undefined ? { kvCacheType: plan.scenario.kvCacheType } : {}),
          ...(plan.scenario.flashAttention !== undefined ? { flashAttention: plan.scenario.flashAttention } : {}),
          runtime: plan.scenario.runtime ?? 'auto',
        },
      }),
    [],
  );
  const clearPlan = useCallback(() => setState((s) => ({ ...s, plan: null })), []);
  const value = useMemo(
    () => ({ state, setHardware, updateScenario, loadPlan, clearPlan }),
    [state, setHardware, updateScenario, loadPlan, clearPlan],
  );
  return <PlannerContext.Provider value={value}>{children}</PlannerContext.Provider>;
}

export function usePlanner(): PlannerActions {
  const planner = useContext(PlannerContext);
  if (!planner) throw new Error('usePlanner outside PlannerProvider');
  return planner;
}

/** The scenario as estimate/plan input: the fields a plan stores. */
export function scenarioInput(s: ScenarioSettings) {
  return {
    contextTokens: s.contextTokens,
    promptTokens: Math.min(s.promptTokens, s.contextTokens),
    concurrency: s.concurrency,
    kvCacheType: s.kvCacheType,
    flashAttention: s.flashAttention,
    ...(s.runtime === 'auto' ? {} : { runtime: s.runtime }),
  };
}

/** A stable key for a hardware input, for refetching when it changes. */
export function hardwareKey(hardware: HardwareInput): string {
  return JSON.stringify(hardware);
}

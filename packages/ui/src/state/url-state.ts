import type { HardwareInput, KvCacheType, Runtime } from './types.js';

/**
 * The planner's state as a link: `#/<view>?<query>`. The hash works from file:// in the desktop app and needs
 * no server routes; the same query is what `weightplan estimate --plan-url` reads (packages/api/src/plan-url.ts
 * parses it through the router's estimate schema, and a test here checks both sides agree).
 */

export type UseCase = 'chat' | 'coding' | 'rag' | 'batch';
export const USE_CASE_IDS: readonly UseCase[] = ['chat', 'coding', 'rag', 'batch'];

export interface ScenarioSettings {
  model: string;
  precision: string;
  contextTokens: number;
  promptTokens: number;
  /** Tokens already in the KV cache before the prompt (a long chat); absent: an empty cache. */
  cachedPromptTokens?: number;
  concurrency: number;
  kvCacheType: KvCacheType;
  /** `auto`: the estimator picks (llama.cpp for GGUF, vLLM for FP8/AWQ, MLX on Apple). */
  runtime: Runtime | 'auto';
  flashAttention: boolean;
  /** Fields a saved plan may carry that the form does not show; kept so the plan reopens exactly. */
  gpuMemoryUtilization?: number;
  splitMode?: 'layer' | 'row';
  placement?: 'auto' | 'gpu' | 'cpu';
}

/** What a link carries besides the view. */
export interface LinkState {
  hardware: HardwareInput;
  scenario: ScenarioSettings;
  useCase: UseCase;
  /** The fit matrix's own context (it is not the scenario's: browsing the matrix changes no plan). */
  matrixContextTokens: number | null;
  /** The model the Fine-tune view looks at, when not the scenario's. */
  finetuneModel: string | null;
  planId: string | null;
  /** What the Inspect view reads: a path (the desktop's dialog, or under the server's --allow-dir) or `hf:ORG/NAME[:QUANT]`. */
  inspectTarget?: string | null;
}

/**
 * What the desktop's File menu asks the page to start (`do=` in the hash): the main process cannot reach into
 * the page, so it navigates it, and the page opens the dialog through the API as its own button would.
 */
export type MenuAction = 'open-weights' | 'open-plan';
const MENU_ACTIONS: readonly string[] = ['open-weights', 'open-plan'] satisfies MenuAction[];

/** The hash without its do= action: once started, a reload or the same menu item must not find it again. */
export function withoutMenuAction(hash: string): string {
  const [path = '', ...rest] = hash.split('?');
  const query = new URLSearchParams(rest.join('?'));
  query.delete('do');
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The menu action a hash carries, or null (an unknown one is ignored). */
export function menuActionOfHash(hash: string): MenuAction | null {
  const action = new URLSearchParams(hash.replace(/^#\/?/, '').split('?').slice(1).join('?')).get('do');
  return action && MENU_ACTIONS.includes(action) ? (action as MenuAction) : null;
}

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

const KV_TYPES: readonly string[] = ['f16', 'bf16', 'q8_0', 'q4_0', 'fp8'];
const RUNTIMES: readonly string[] = ['auto', 'llama.cpp', 'ollama', 'vllm', 'sglang', 'mlx', 'transformers'];

function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The query for a state: every scenario field, the machine, the use case (defaults too, so a link is complete). */
export function linkQuery(state: LinkState): string {
  const q = new URLSearchParams();
  const s = state.scenario;
  q.set('model', s.model);
  q.set('precision', s.precision);
  q.set('context', String(s.contextTokens));
  q.set('prompt', String(s.promptTokens));
  if (s.cachedPromptTokens) q.set('cached', String(s.cachedPromptTokens));
  q.set('concurrency', String(s.concurrency));
  q.set('kv', s.kvCacheType);
  q.set('runtime', s.runtime);
  q.set('fa', s.flashAttention ? '1' : '0');
  if (s.gpuMemoryUtilization !== undefined) q.set('gmu', String(s.gpuMemoryUtilization));
  if (s.splitMode !== undefined) q.set('split', s.splitMode);
  if (s.placement !== undefined) q.set('placement', s.placement);
  const h = state.hardware;
  if ('whatIf' in h) {
    const w = h.whatIf;
    q.set('gpu', w.gpu);
    if (w.gpus !== undefined) q.set('gpus', String(w.gpus));
    const ram = w.ramGiB ?? w.ramGb;
    if (ram !== undefined) q.set('ram', String(ram));
    if (w.nodes !== undefined) q.set('nodes', String(w.nodes));
    if (w.memory !== undefined) q.set('memory', w.memory);
    if (w.interconnect !== undefined) q.set('interconnect', w.interconnect);
  } else if ('profile' in h) {
    q.set('profile', base64UrlEncode(JSON.stringify(h.profile)));
  } else {
    const ram = h.ramGiB ?? h.ramGb;
    if (ram !== undefined) q.set('ram', String(ram));
    if (h.nodes !== undefined) q.set('nodes', String(h.nodes));
    if (h.memory !== undefined) q.set('memory', h.memory);
    if (h.interconnect !== undefined) q.set('interconnect', h.interconnect);
  }
  q.set('use', state.useCase);
  if (state.matrixContextTokens !== null) q.set('mctx', String(state.matrixContextTokens));
  if (state.finetuneModel !== null) q.set('ft', state.finetuneModel);
  if (state.planId !== null) q.set('plan', state.planId);
  if (state.inspectTarget) q.set('inspect', state.inspectTarget);
  return q.toString();
}

export function linkHash(view: string, state: LinkState): string {
  return `#/${view}?${linkQuery(state)}`;
}

/** The view named by a hash (`#/scenario?…` → `scenario`), or '' for none. */
export function viewOfHash(hash: string): string {
  return hash.replace(/^#\/?/, '').split('?', 1)[0] ?? '';
}

function positiveInteger(text: string | null, max: number): number | undefined {
  if (text === null) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : undefined;
}

/**
 * The state a hash describes, on top of `fallback`: a field that is missing or malformed keeps the fallback's
 * value (the router checks the rest; a typed-in link never crashes the planner).
 */
export function stateFromHash(hash: string, fallback: LinkState): LinkState {
  const query = new URLSearchParams(hash.replace(/^#\/?/, '').split('?').slice(1).join('?'));
  if ([...query.keys()].length === 0) return fallback;
  const text = (name: string) => query.get(name);
  const s: ScenarioSettings = { ...fallback.scenario };
  const model = text('model');
  if (model) s.model = model;
  const precision = text('precision');
  if (precision) s.precision = precision;
  s.contextTokens = positiveInteger(text('context'), 16_777_216) ?? s.contextTokens;
  s.promptTokens = positiveInteger(text('prompt'), 16_777_216) ?? s.promptTokens;
  const cached = positiveInteger(text('cached'), 16_777_216);
  if (cached !== undefined) s.cachedPromptTokens = cached;
  s.concurrency = positiveInteger(text('concurrency'), 65_536) ?? s.concurrency;
  const kv = text('kv');
  if (kv && KV_TYPES.includes(kv)) s.kvCacheType = kv as KvCacheType;
  const runtime = text('runtime');
  if (runtime && RUNTIMES.includes(runtime)) s.runtime = runtime as Runtime | 'auto';
  const fa = text('fa');
  if (fa === '0' || fa === '1') s.flashAttention = fa === '1';
  const gmu = Number(text('gmu'));
  if (text('gmu') !== null && gmu >= 0.05 && gmu <= 1) s.gpuMemoryUtilization = gmu;
  const split = text('split');
  if (split === 'layer' || split === 'row') s.splitMode = split;
  const placement = text('placement');
  if (placement === 'auto' || placement === 'gpu' || placement === 'cpu') s.placement = placement;

  let hardware: HardwareInput = fallback.hardware;
  const adjustments = {
    ...(positiveInteger(text('nodes'), 4096) !== undefined ? { nodes: positiveInteger(text('nodes'), 4096) } : {}),
    ...(Number(text('ram')) > 0 ? { ramGiB: Number(text('ram')) } : {}),
    ...(text('memory') ? { memory: text('memory') as string } : {}),
    ...(text('interconnect') === 'pcie' || text('interconnect') === 'nvlink'
      ? { interconnect: text('interconnect') as 'pcie' | 'nvlink' }
      : {}),
  };
  const gpu = text('gpu');
  const profile = text('profile');
  if (profile) {
    try {
      hardware = { profile: JSON.parse(base64UrlDecode(profile)) };
    } catch {
      // A damaged profile keeps the fallback machine; the header still says which one is planned for.
    }
  } else if (gpu) {
    const gpus = positiveInteger(text('gpus'), 72);
    hardware = { whatIf: { gpu, ...(gpus !== undefined ? { gpus } : {}), ...adjustments } };
  } else {
    hardware = { detected: true, ...adjustments };
  }
  const use = text('use');
  const mctx = positiveInteger(text('mctx'), 16_777_216);
  return {
    hardware,
    scenario: s,
    useCase: use && (USE_CASE_IDS as readonly string[]).includes(use) ? (use as UseCase) : fallback.useCase,
    matrixContextTokens: mctx ?? null,
    finetuneModel: text('ft') || null,
    planId: text('plan') || null,
    ...(text('inspect') ? { inspectTarget: text('inspect') } : {}),
  };
}

/** A short name for a machine described by a link, until the server names it. */
export function hardwareLabelOf(hardware: HardwareInput, detectedLabel: string): string {
  if ('whatIf' in hardware) {
    const w = hardware.whatIf;
    const ram = w.ramGiB ?? w.ramGb;
    return `${w.gpus && w.gpus > 1 ? `${w.gpus}x ` : ''}${w.gpu}${ram ? `, ${ram} GiB RAM` : ''}${w.nodes && w.nodes > 1 ? ` x ${w.nodes} nodes` : ''}`;
  }
  if ('profile' in hardware) return hardware.profile.label;
  return detectedLabel;
}

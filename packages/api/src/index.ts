// The option lists surfaces validate their flags and fields with: each defined once, in the domain package.

// Hosts that may measure their own machine (the CLI, the desktop app) put the local bench in the context.
export { type BenchHost, type BenchProgress, localBench } from '@weightplan/bench';
export { KvCacheTypeSchema, RuntimeSchema, USE_CASES, UseCaseSchema } from '@weightplan/estimator';
// Hosts take the Hub settings (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE) from their environment and put them in the context.
export { hubOptionsFromEnv } from '@weightplan/hub';
export { InvalidInputError } from '@weightplan/match';
// Hosts choose where the user's data lives and who is asking; procedures reach both through the context.
export {
  ACTOR_HEADER,
  FileStore,
  fileStoreReplicaWarning,
  localActor,
  requestActor,
  type Store,
  StoreConflictError,
  type StoreSource,
} from '@weightplan/store';
// Hosts write the user's own files (a profile saved with `detect --save`, an exported plan) the way the store does.
export { configDirectory, UserDataError, writeFileAtomic } from '@weightplan/user-data';
export { type ApiAlternative, ApiAlternativeSchema, apiAlternatives } from './api-alternatives.js';
export { createApiCaller, type RouterInputs, type RouterOutputs } from './caller.js';
export { type ApiContext, cachedDetection, type DesktopDialogs, type FileFilter } from './context.js';
export { describeIssues, errorCodeFor, isUserError, userMessage } from './error-kinds.js';
export { type FleetPlan, FleetPlanInputSchema, FleetPlanSchema, FleetWorkloadSchema } from './fleet/fleet-schema.js';
export { HardwareInputSchema, resolveHardwareInput, WhatIfHardwareSchema } from './hardware-input.js';
export { openApiDocument } from './openapi.js';
export { planMarkdown } from './plan-markdown.js';
export { type PlanLink, parsePlanUrl } from './plan-url.js';
export { type AppRouter, appRouter } from './router.js';
export { BenchEndpointInputSchema, type BenchResult, BenchResultSchema, BenchRunInputSchema } from './routers/bench.js';
export { CompareInputSchema } from './routers/compare.js';
export { EstimateInputSchema, RecommendInputSchema } from './routers/estimate.js';
export { FinetuneInputSchema } from './routers/finetune.js';
export { InspectOutputSchema } from './routers/inspect.js';
export { ModelListSchema } from './routers/models.js';
export { type ScenarioOutput, ScenarioOutputSchema, scenarioFor } from './routers/planner.js';
export { strictInput } from './strict-input.js';
export { createCallerFactory, type FieldIssue } from './trpc.js';
export { WEIGHTPLAN_VERSION } from './version.js';

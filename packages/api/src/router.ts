import { appInfoRouter } from './routers/app.js';
import { benchRouter } from './routers/bench.js';
import { compareProcedure } from './routers/compare.js';
import { estimateProcedure, recommendProcedure } from './routers/estimate.js';
import { finetuneProcedure } from './routers/finetune.js';
import { fleetsRouter } from './routers/fleets.js';
import { hardwareRouter } from './routers/hardware.js';
import { inspectHeaderProcedure, inspectProcedure } from './routers/inspect.js';
import { modelsRouter } from './routers/models.js';
import { fitMatrixProcedure, scenarioProcedure } from './routers/planner.js';
import { plansRouter } from './routers/plans.js';
import { profilesRouter } from './routers/profiles.js';
import { storeRouter } from './routers/store.js';
import { router } from './trpc.js';

/** The one router behind the HTTP server (tRPC and REST), the desktop app (IPC) and the MCP server. */
export const appRouter = router({
  hardware: hardwareRouter,
  models: modelsRouter,
  estimate: estimateProcedure,
  recommend: recommendProcedure,
  inspect: inspectProcedure,
  inspectHeader: inspectHeaderProcedure,
  fitMatrix: fitMatrixProcedure,
  compare: compareProcedure,
  finetune: finetuneProcedure,
  scenario: scenarioProcedure,
  plans: plansRouter,
  profiles: profilesRouter,
  fleets: fleetsRouter,
  store: storeRouter,
  app: appInfoRouter,
  bench: benchRouter,
});

export type AppRouter = typeof appRouter;

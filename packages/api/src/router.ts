import { estimateProcedure, recommendProcedure } from './routers/estimate.js';
import { hardwareRouter } from './routers/hardware.js';
import { inspectProcedure } from './routers/inspect.js';
import { modelsRouter } from './routers/models.js';
import { router } from './trpc.js';

/** The one router behind the HTTP server (tRPC and REST), the desktop app (IPC) and the MCP server. */
export const appRouter = router({
  hardware: hardwareRouter,
  models: modelsRouter,
  estimate: estimateProcedure,
  recommend: recommendProcedure,
  inspect: inspectProcedure,
});

export type AppRouter = typeof appRouter;

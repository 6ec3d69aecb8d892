import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { ApiContext } from './context.js';
import { type AppRouter, appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

/** What each procedure takes and answers, for clients that render them (the CLI, the UI). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

const factory = createCallerFactory(appRouter);

/** The router called in-process: how the CLI, the MCP server and the desktop reach the planner. */
export function createApiCaller(context: ApiContext) {
  return factory(context);
}

export { type ApiContext, cachedDetection } from './context.js';
export { HardwareInputSchema, resolveHardwareInput, WhatIfHardwareSchema } from './hardware-input.js';
export { openApiDocument } from './openapi.js';
export { type AppRouter, appRouter } from './router.js';
export { EstimateInputSchema, RecommendInputSchema } from './routers/estimate.js';
export { InspectOutputSchema } from './routers/inspect.js';
export { ModelListSchema } from './routers/models.js';
export { createCallerFactory, type FieldIssue } from './trpc.js';

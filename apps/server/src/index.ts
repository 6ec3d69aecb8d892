export { createWeightplanServer, type RequestLog, type ServerDependencies, type WeightplanServer } from './create-server.js';
export { RateLimiter } from './rate-limiter.js';
export { DEFAULT_PORT, isLoopback, type ServerOptions, type ServerOptionsInput, ServerOptionsSchema } from './server-options.js';

import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './router.js';
import { WEIGHTPLAN_VERSION } from './version.js';

/** The OpenAPI 3.1 document for the REST surface (`/api/v1/...`). */
export function openApiDocument(baseUrl: string) {
  return generateOpenApiDocument(appRouter, {
    title: 'Weightplan API',
    description: 'Which model can I run here, at what precision, and how fast? Estimates from weights and hardware.',
    version: WEIGHTPLAN_VERSION,
    baseUrl,
    openApiVersion: '3.1.0',
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'required when the server listens beyond loopback' } },
  });
}

/**
 * Weightplan's version, said once: the CLI's --version, /healthz, the OpenAPI document, app.info, the MCP
 * server's name and the Markdown export all read it here. version.test.ts keeps it equal to the packages'
 * own version fields, which npm publishes.
 */
export const WEIGHTPLAN_VERSION = '0.1.0';

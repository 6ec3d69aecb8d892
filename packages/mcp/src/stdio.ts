import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ApiContext } from '@weightplan/api';
import { createWeightplanMcpServer } from './mcp-server.js';

/**
 * Serves MCP on stdin/stdout until the client closes stdin. stdout carries the protocol, so nothing else
 * may print there; diagnostics go to stderr.
 */
export async function runMcpOverStdio(context: ApiContext, version?: string): Promise<void> {
  const server = createWeightplanMcpServer(context, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}

export { createWeightplanMcpServer } from './mcp-server.js';
export { runMcpOverStdio } from './stdio.js';

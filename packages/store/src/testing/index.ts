export { startTestPostgres, type TestPostgres, type TestPostgresResult } from './postgres-server.js';

// PostgreSQL, apart from the main entry: hosts that never use it (the desktop app) never load the driver.
export { MIGRATIONS, migrate, SchemaTooNewError } from './migrations.js';
export { openStore } from './open-store.js';
export { PostgresStore, type PostgresStoreOptions, redactDatabaseUrl, upgradeDatabaseSchema } from './postgres-store.js';

// Hosts that keep a team's data in PostgreSQL (the server with --database-url, `weightplan store`) open it
// through the API package, like every other piece of host wiring; a separate entry point, so the desktop app
// and the plain CLI never load the database driver.
export { openStore, PostgresStore, type PostgresStoreOptions, redactDatabaseUrl, upgradeDatabaseSchema } from '@weightplan/store/postgres';

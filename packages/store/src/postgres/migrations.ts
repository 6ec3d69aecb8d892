import type { Pool, PoolClient } from 'pg';

/**
 * The database's schema, one numbered step at a time. A step is never edited once released: a change is
 * a new step. Every server runs the missing steps on start (see migrate()).
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'records and their history',
    // One table for every collection (plans, profiles, catalog, fleets, documents of each kind): each row is
    // a JSON document with its revision (the optimistic-concurrency version column) and who saved it when.
    sql: `
      create table weightplan_records (
        collection text not null,
        key text not null collate "C",
        sort_key text not null collate "C",
        document jsonb not null,
        revision integer not null check (revision > 0),
        saved_by text not null,
        saved_at timestamptz not null,
        primary key (collection, key)
      );
      create table weightplan_record_history (
        collection text not null,
        key text not null,
        revision integer not null,
        document jsonb not null,
        saved_by text not null,
        saved_at timestamptz not null,
        primary key (collection, key, revision)
      );`,
  },
  {
    version: 2,
    name: 'list order index',
    sql: `create index weightplan_records_order on weightplan_records (collection, sort_key, key);`,
  },
  {
    version: 3,
    name: 'hub look-up cache',
    sql: `
      create table weightplan_hub_cache (
        repo text not null,
        sha text not null,
        quant text not null,
        lookup jsonb not null,
        saved_at timestamptz not null default now(),
        primary key (repo, sha, quant)
      );
      create index weightplan_hub_cache_latest on weightplan_hub_cache (repo, quant, saved_at desc);`,
  },
];

/** The advisory lock every starting server takes before it looks at the schema: one migrates, the others wait. */
export const MIGRATION_LOCK_KEY = 4_821_001_014;

/** The schema's version is newer than this build knows: an older replica must not run against it. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/**
 * Brings the database to the latest schema. Safe with several replicas starting at once: each takes the
 * same session advisory lock first, so one applies the missing steps (each in its own transaction, with
 * its row in weightplan_schema_migrations) while the others wait, then find nothing left to do. Idempotent:
 * a second run applies nothing. Returns the versions applied by this call.
 */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`create table if not exists weightplan_schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`);
      const done = new Set(
        (await client.query<{ version: number }>('select version from weightplan_schema_migrations')).rows.map((r) => r.version),
      );
      const newest = Math.max(0, ...done);
      const known = Math.max(...MIGRATIONS.map((m) => m.version));
      if (newest > known) {
        throw new SchemaTooNewError(
          `the database's schema is at version ${newest}, newer than this Weightplan knows (${known}): upgrade Weightplan`,
        );
      }
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await inTransaction(client, async () => {
          await client.query(migration.sql);
          await client.query('insert into weightplan_schema_migrations (version, name) values ($1, $2)', [
            migration.version,
            migration.name,
          ]);
        });
        applied.push(migration.version);
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  return applied;
}

export async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Runs the migrations and disconnects: the deployment's migration step (`weightplan store upgrade-schema`). */
export async function upgradeSchema(pool: Pool): Promise<{ applied: number[]; version: number }> {
  const applied = await migrate(pool);
  const version = (await pool.query<{ v: number | null }>('select max(version) as v from weightplan_schema_migrations')).rows[0]?.v ?? 0;
  return { applied, version };
}

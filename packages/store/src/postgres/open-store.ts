import { FileStore } from '../file-store.js';
import type { Store } from '../store.js';
import { PostgresStore } from './postgres-store.js';

/**
 * The store a host uses: PostgreSQL when given a database URL (migrations run on open), otherwise the
 * config directory's files.
 */
export async function openStore(options: { databaseUrl?: string | undefined; directory?: string | undefined } = {}): Promise<Store> {
  if (options.databaseUrl) return PostgresStore.open(options.databaseUrl);
  return new FileStore(options.directory === undefined ? {} : { directory: options.directory });
}

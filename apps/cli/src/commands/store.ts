import { readFileSync } from 'node:fs';
import { FileStore, type Store, writeFileAtomic } from '@weightplan/api';
import { openStore } from '@weightplan/api/postgres';
import type { Caller } from '../caller.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/** The store a `store` command reads or writes: the config directory, or a database when given one. */
export async function storeFor(databaseUrl: string | undefined): Promise<Store> {
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError(`--database-url must be a postgres:// or postgresql:// URL, got "${databaseUrl.slice(0, 40)}"`);
  }
  return databaseUrl ? openStore({ databaseUrl }) : new FileStore();
}

export async function runStoreExport(options: { out?: string }, caller: Caller, io: CliIo) {
  const exported = await caller.store.export();
  const text = `${JSON.stringify(exported, null, 2)}\n`;
  if (!options.out) return io.out(text);
  writeFileAtomic(options.out, text);
  io.err(
    `exported ${exported.plans.length} plan(s), ${exported.profiles.length} machine(s), ${exported.catalog.length} import(s), ${exported.fleets.length} fleet(s), ${exported.measurements.length} measurement(s) to ${options.out}`,
  );
}

export async function runStoreImport(file: string, caller: Caller, io: CliIo) {
  let document: string;
  try {
    document = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const summary = await caller.store.import({ document });
  io.out(
    `imported ${summary.plans} plan(s) (${summary.planRevisions} revisions), ${summary.profiles} machine(s), ${summary.catalog} import(s), ${summary.fleets} fleet(s), ${summary.documents} document(s), ${summary.measurements} measurement(s)${summary.prices ? ', prices' : ''}`,
  );
}

/** Copies the config directory's store into a database: export through one caller, import through the other. */
export async function runStoreMigrate(from: Caller, to: Caller, target: string, io: CliIo) {
  const exported = await from.store.export();
  const summary = await to.store.import({ document: JSON.stringify(exported) });
  io.out(
    `copied ${summary.plans} plan(s) (${summary.planRevisions} revisions), ${summary.profiles} machine(s), ${summary.catalog} import(s), ${summary.fleets} fleet(s), ${summary.documents} document(s), ${summary.measurements} measurement(s) to ${target}; the files are left as they were`,
  );
}

import { FileStore, localActor, type SaveMeta, type Store } from '@weightplan/store';
import type { ApiContext } from './context.js';

/** The host's store, or the config directory's files as they are now (hosts that predate stores, tests). */
export function storeOf(ctx: ApiContext): Store {
  return ctx.store ?? new FileStore();
}

/** Who saves, and when: the request's actor, or the local user. */
export function saveMetaOf(ctx: ApiContext): SaveMeta {
  return { actor: ctx.actor ?? localActor() };
}

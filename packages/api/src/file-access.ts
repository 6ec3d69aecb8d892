import { TRPCError } from '@trpc/server';
import type { ApiContext } from './context.js';

/** Refuses a file read from a host that allows none, saying how that host grants access. */
export function assertReadsFiles(ctx: ApiContext): void {
  if (ctx.allowedRoots === undefined || ctx.allowedRoots.length > 0) return;
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: ctx.desktop
      ? 'the app reads only weight files you pick in its dialog: choose them with "Import weight files…"'
      : 'this server reads no files: start it with --allow-dir DIR',
  });
}

import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { ApiContext } from './context.js';
import { describeIssues, errorCodeFor } from './error-kinds.js';

/** One invalid input field, with its path ("hardware.whatIf.ramGiB") and what is accepted. */
export interface FieldIssue {
  path: string;
  message: string;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<OpenApiMeta>()
  .create({
    // Never development mode: error bodies carry no stack traces (they hold absolute file paths), whatever
    // NODE_ENV says on the host.
    isDev: false,
    // Invalid input comes back with every offending field and its path, for people and for programs.
    errorFormatter({ shape, error, ctx }) {
      const zod = error.cause instanceof ZodError ? error.cause : undefined;
      const issues: FieldIssue[] | null = zod ? zod.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) : null;
      const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
      return {
        ...shape,
        // A bug's message may name files on the host: unless the host's user is local, only that it was ours.
        message:
          zod && error.code === 'BAD_REQUEST'
            ? describeIssues(zod)
            : error.code === 'INTERNAL_SERVER_ERROR' && !ctx?.showInternalErrors
              ? 'internal error'
              : shape.message,
        data: { ...data, issues },
      };
    },
  });

/** Domain errors become the right HTTP-visible codes instead of 500s (the map is error-kinds.ts). */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    const code = result.error.code === 'INTERNAL_SERVER_ERROR' ? errorCodeFor(cause) : null;
    if (code && cause instanceof Error) throw new TRPCError({ code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);
export const createCallerFactory = t.createCallerFactory;

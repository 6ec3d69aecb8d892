import { initTRPC, TRPCError } from '@trpc/server';
import { AmbiguousGpuError } from '@weightplan/hardware';
import { UnknownNameError } from '@weightplan/match';
import { PlanNotFoundError, PrecisionRequiredError, UserDataError } from '@weightplan/user-data';
import { WeightFileError } from '@weightplan/weights/files';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { ApiContext } from './context.js';

/** One invalid input field, with its path ("hardware.ramGb") and what is accepted. */
export interface FieldIssue {
  path: string;
  message: string;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<OpenApiMeta>()
  .create({
    // Invalid input comes back with every offending field and its path, for people and for programs.
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : undefined;
      const issues: FieldIssue[] | null = zod ? zod.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) : null;
      return {
        ...shape,
        message: issues ? issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ') : shape.message,
        data: { ...shape.data, issues },
      };
    },
  });

/** Domain errors become the right HTTP-visible codes instead of 500s. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof UnknownNameError || cause instanceof PlanNotFoundError)
      throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
    if (
      cause instanceof AmbiguousGpuError ||
      cause instanceof WeightFileError ||
      cause instanceof RangeError ||
      cause instanceof UserDataError ||
      // A catalog model named without a precision: the request is incomplete, not the server broken.
      cause instanceof PrecisionRequiredError
    ) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);
export const createCallerFactory = t.createCallerFactory;

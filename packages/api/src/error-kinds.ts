import { TRPCError } from '@trpc/server';
import { BenchError, type BenchErrorKind } from '@weightplan/bench';
import { AmbiguousGpuError } from '@weightplan/hardware';
import { HubError, type HubErrorKind } from '@weightplan/hub';
import { InvalidInputError, UnknownNameError } from '@weightplan/match';
import { RecordNotFoundError, StoreConflictError } from '@weightplan/store';
import { PlanNotFoundError, PrecisionRequiredError, UserDataError } from '@weightplan/user-data';
import { ConfigError, WeightFileError } from '@weightplan/weights/files';
import { ZodError } from 'zod';

/**
 * The one map from what went wrong to how every surface reports it: the router turns a domain error into
 * this tRPC code (and so an HTTP status), and the CLI turns the code into its exit status (2 for the
 * user's mistakes, 1 for ours). A new typed error is added here, once.
 */
/** The Hub's trouble as the status a client understands: its refusals are the caller's, its outages are not ours. */
const HUB_ERROR_CODES: Record<HubErrorKind, TRPCError['code']> = {
  'invalid-reference': 'BAD_REQUEST',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  unreachable: 'SERVICE_UNAVAILABLE',
  timeout: 'GATEWAY_TIMEOUT',
  malformed: 'BAD_GATEWAY',
  'request-limit': 'BAD_REQUEST',
  'rate-limited': 'TOO_MANY_REQUESTS',
  unsupported: 'BAD_REQUEST',
  http: 'BAD_GATEWAY',
};

/** The bench's trouble: a runner that cannot be installed or loaded is a precondition the user can fix. */
const BENCH_ERROR_CODES: Record<BenchErrorKind, TRPCError['code']> = {
  'runner-unavailable': 'PRECONDITION_FAILED',
  unsupported: 'BAD_REQUEST',
  'no-room': 'BAD_REQUEST',
  endpoint: 'BAD_GATEWAY',
  parse: 'BAD_REQUEST',
  'not-available': 'FORBIDDEN',
};

export function errorCodeFor(error: unknown): TRPCError['code'] | null {
  if (error instanceof BenchError) return BENCH_ERROR_CODES[error.kind];
  if (error instanceof HubError) return HUB_ERROR_CODES[error.kind];
  // Before UserDataError, which both extend: a stale save is 409, a missing record 404.
  if (error instanceof StoreConflictError) return 'CONFLICT';
  if (error instanceof UnknownNameError || error instanceof PlanNotFoundError || error instanceof RecordNotFoundError) return 'NOT_FOUND';
  if (
    error instanceof InvalidInputError ||
    error instanceof AmbiguousGpuError ||
    error instanceof WeightFileError ||
    error instanceof ConfigError ||
    error instanceof UserDataError ||
    error instanceof PrecisionRequiredError ||
    error instanceof ZodError
  ) {
    return 'BAD_REQUEST';
  }
  return null;
}

/** Zod's issues as one line: `hardware.whatIf.gpus: Too big: expected number to be <=64; contextTokens: ...`. */
export function describeIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}

/** True when the error is the caller's fault (bad input, unknown name, no permission), not a bug. */
export function isUserError(error: unknown): boolean {
  if (error instanceof TRPCError) return error.code !== 'INTERNAL_SERVER_ERROR';
  return errorCodeFor(error) !== null;
}

/** What a person is told: the domain error's own message, zod issues on one line, never a stack or a path. */
export function userMessage(error: unknown): string {
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  if (cause instanceof ZodError) return describeIssues(cause);
  return cause instanceof Error ? cause.message : String(cause);
}

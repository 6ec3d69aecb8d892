import { DEFAULT_PLAN_PAGE, MAX_PLAN_PAGE } from '@weightplan/user-data';
import { z } from 'zod';

/** A page of a list: `limit` items (default 50, at most 200) after `cursor`, the previous page's `nextCursor`. */
export const PageInputSchema = z.object({
  limit: z
    .int()
    .min(1)
    .max(MAX_PLAN_PAGE, { message: `at most ${MAX_PLAN_PAGE} per page; follow nextCursor for more` })
    .optional()
    .describe(`items per page, default ${DEFAULT_PLAN_PAGE}, at most ${MAX_PLAN_PAGE}`),
  cursor: z.string().min(1).max(512).optional().describe("the previous page's nextCursor; absent for the first page"),
});

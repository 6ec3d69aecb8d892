import { randomBytes } from 'node:crypto';

/** A new plan's id: its name as a slug plus 8 random hex digits (the form the file store has always used). */
export function newPlanId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'plan'}-${randomBytes(4).toString('hex')}`;
}

/** Earlier revisions kept per plan: enough to see how a plan evolved, bounded so a busy plan cannot fill the disk. */
export const MAX_PLAN_HISTORY = 50;

import { type OpenModelSpec, type OpenModelSpecInput, OpenModelSpecSchema } from '../model-spec.js';

/**
 * Parses catalog entries through the schema at load time, so a typo in a data file fails every test
 * and the CLI at once with the entry's id and the field that is wrong, instead of producing odd numbers later.
 */
export function defineModels(entries: OpenModelSpecInput[]): OpenModelSpec[] {
  return entries.map((entry) => {
    const parsed = OpenModelSpecSchema.safeParse(entry);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`catalog entry ${entry.id}: ${issues}`);
    }
    return Object.freeze(parsed.data);
  });
}

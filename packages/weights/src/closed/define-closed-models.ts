import { type ClosedModelSpec, type ClosedModelSpecInput, ClosedModelSpecSchema } from './closed-model-spec.js';

/** Parses closed-model entries at load time, naming the entry and field of any mistake. */
export function defineClosedModels(entries: ClosedModelSpecInput[]): ClosedModelSpec[] {
  return entries.map((entry) => {
    const parsed = ClosedModelSpecSchema.safeParse(entry);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`closed model ${entry.id}: ${issues}`);
    }
    return Object.freeze(parsed.data);
  });
}

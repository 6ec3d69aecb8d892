/**
 * The procedures that write the user's stored data (plan files, saved machines, the imported-model
 * catalog). They cost disk writes and fill a disk if repeated, so they draw on a tighter rate bucket than
 * the computations, which only read.
 */
export const WRITE_PROCEDURES: ReadonlySet<string> = new Set([
  'plans.save',
  'plans.import',
  'plans.remove',
  'plans.openFile',
  'profiles.save',
  'profiles.remove',
  'models.import',
  'models.refresh',
  'app.importWeights',
  'fleets.save',
  'fleets.addMachine',
  'fleets.removeMachine',
  'fleets.remove',
  'store.import',
]);

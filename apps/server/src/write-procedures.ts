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
  'plans.exportFile',
  'profiles.save',
  'profiles.remove',
  'models.import',
  'models.importHeader',
  'models.refresh',
  'models.remove',
  'app.importWeights',
  'fleets.save',
  'fleets.addMachine',
  'fleets.removeMachine',
  'fleets.remove',
  'store.import',
  'bench.forget',
  'bench.import',
  'bench.run',
  'bench.endpoint',
  'bench.install',
]);

/**
 * Mutations that only compute (POST because their inputs are large, not because they change anything).
 * Every mutation is in exactly one of the two sets: a test fails when a new one is in neither.
 */
export const COMPUTE_MUTATIONS: ReadonlySet<string> = new Set([
  'estimate',
  'inspect',
  // Describes headers the client read from its own files (tensor lists, metadata): reads and writes nothing here.
  'inspectHeader',
  // Reads the headers of a file the desktop user picks in a dialog; the server answers 403.
  'app.inspectWeights',
  'recommend',
  'fitMatrix',
  'scenario',
  'compare',
  'finetune',
  'fleets.plan',
  'hardware.profile',
  'plans.markdown',
  'store.export',
]);

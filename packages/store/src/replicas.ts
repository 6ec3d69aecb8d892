/**
 * Whether this server looks like one of several replicas, so that a file store (each pod's own config
 * directory) would give each replica different data. The heuristic, in order:
 *  - WEIGHTPLAN_REPLICAS set above 1 (an operator says so);
 *  - Kubernetes (KUBERNETES_SERVICE_HOST is set in every pod) with a host name shaped like a Deployment's
 *    or StatefulSet's pod: `<name>-<replicaset hash>-<5 chars>` or `<name>-<ordinal>`;
 *  - Docker Swarm / Compose replicas: a task slot in the environment (X_REPLICA / TASK_SLOT).
 * A false answer is no promise: a single pod of a Deployment looks the same as one of three.
 */
export function replicaHint(env: NodeJS.ProcessEnv, hostName: string): string | undefined {
  const declared = Number.parseInt(env.WEIGHTPLAN_REPLICAS ?? '', 10);
  if (Number.isInteger(declared) && declared > 1) return `WEIGHTPLAN_REPLICAS=${declared}`;
  if (env.KUBERNETES_SERVICE_HOST) {
    if (/^[a-z0-9-]+-[a-z0-9]{6,10}-[a-z0-9]{5}$/.test(hostName)) return `Kubernetes pod ${hostName} of a Deployment`;
    if (/^[a-z0-9-]+-\d+$/.test(hostName)) return `Kubernetes pod ${hostName} of a StatefulSet`;
    return `running in Kubernetes (pod ${hostName})`;
  }
  if (env.TASK_SLOT || env.X_REPLICA) return 'a replicated container (task slot in the environment)';
  return undefined;
}

/** The warning a server without a database URL prints when it seems to be one of several replicas. */
export function fileStoreReplicaWarning(env: NodeJS.ProcessEnv, hostName: string, directory: string): string | undefined {
  const hint = replicaHint(env, hostName);
  if (!hint) return undefined;
  return (
    `this server keeps plans, machines and imports in its own directory (${directory}), but looks like one of several ` +
    `replicas (${hint}): each replica will answer with different data. Give every replica the same ` +
    '--database-url / WEIGHTPLAN_DATABASE_URL (PostgreSQL).'
  );
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_PORT } from './server-options.js';

// No Docker engine or cluster here: check what can be checked without one, so a renamed port or
// probe path breaks this test instead of a rollout.
const root = new URL('../../../', import.meta.url);
const kubernetesDirectory = new URL('deploy/kubernetes/', root);

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
  spec: any;
  resources?: string[];
}

function manifests(): Manifest[] {
  return readdirSync(kubernetesDirectory)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) =>
      parseAllDocuments(readFileSync(new URL(name, kubernetesDirectory), 'utf8')).map((document) => {
        expect(document.errors, name).toEqual([]);
        return document.toJS() as Manifest;
      }),
    );
}

describe('deploy/kubernetes', () => {
  const all = manifests();
  const byKind = (kind: string) => all.filter((m) => m.kind === kind);

  it('holds a Deployment, a Service and a HorizontalPodAutoscaler, all listed in the kustomization', () => {
    expect(all.map((m) => m.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Kustomization', 'Service']);
    const files = readdirSync(kubernetesDirectory).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
    expect(byKind('Kustomization')[0]?.resources?.sort()).toEqual(files.sort());
  });

  it("exposes the server's port and probes its health route, as a non-root read-only container", () => {
    const deployment = byKind('Deployment')[0];
    const container = deployment?.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: DEFAULT_PORT }]);
    for (const probe of [container.readinessProbe, container.livenessProbe])
      expect(probe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(deployment?.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.env.find((e: { name: string }) => e.name === 'WEIGHTPLAN_API_KEY').valueFrom.secretKeyRef.name).toBe(
      'weightplan-api-key',
    );
    expect(deployment?.spec.selector.matchLabels).toEqual(deployment?.spec.template.metadata.labels);
  });

  it('gives every replica the same database from a Secret, and upgrades its schema before the server starts', () => {
    const pod = byKind('Deployment')[0]?.spec.template.spec;
    const databaseUrl = (container: { env: { name: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[] }) =>
      container.env.find((e) => e.name === 'WEIGHTPLAN_DATABASE_URL')?.valueFrom?.secretKeyRef;
    expect(databaseUrl(pod.containers[0])).toEqual({ name: 'weightplan-database', key: 'url' });
    const migration = pod.initContainers[0];
    expect(migration.command.slice(-2)).toEqual(['store', 'upgrade-schema']);
    expect(migration.image).toBe(pod.containers[0].image);
    expect(databaseUrl(migration)).toEqual({ name: 'weightplan-database', key: 'url' });
    expect(migration.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('routes the Service and the autoscaler to that Deployment', () => {
    const deployment = byKind('Deployment')[0];
    const service = byKind('Service')[0];
    expect(service?.spec.selector).toEqual(deployment?.spec.template.metadata.labels);
    expect(service?.spec.ports[0].targetPort).toBe('http');
    const hpa = byKind('HorizontalPodAutoscaler')[0];
    expect(hpa?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment?.metadata.name });
    expect(hpa?.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(fileURLToPath(new URL('Dockerfile', root)), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));

  it('builds in one stage and runs in another, as the unprivileged node user', () => {
    expect(instructions.filter((line) => line.startsWith('FROM '))).toHaveLength(2);
    expect(instructions.find((line) => line.startsWith('USER '))).toBe('USER node');
    const from = instructions.filter((line) => line.startsWith('FROM ')).map((line) => line.split(/\s+/)[1]);
    // Node 20 is what the project supports (engines >=20.19).
    for (const image of from) expect(image).toMatch(/^node:20-/);
  });

  it('exposes the default port, checks /healthz, and starts `weightplan serve` on it', () => {
    expect(instructions).toContain(`EXPOSE ${DEFAULT_PORT}`);
    expect(instructions.find((line) => line.startsWith('HEALTHCHECK'))).toContain(`http://127.0.0.1:${DEFAULT_PORT}/healthz`);
    const entrypoint = JSON.parse(
      instructions.find((line) => line.startsWith('ENTRYPOINT'))?.slice('ENTRYPOINT'.length) ?? '[]',
    ) as string[];
    expect(entrypoint.slice(0, 3)).toEqual(['node', 'apps/cli/bin/weightplan.js', 'serve']);
    expect(entrypoint.slice(entrypoint.indexOf('--port'), entrypoint.indexOf('--port') + 2)).toEqual(['--port', String(DEFAULT_PORT)]);
  });
});

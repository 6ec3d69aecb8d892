import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { estimate } from './estimate.js';
import { launchCommand } from './launch-command.js';
import { checkLaunchCommand } from './launch-flags.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

describe('the Kubernetes manifest for vLLM', () => {
  const model = catalogModel('meta-llama/Llama-3.3-70B-Instruct');
  const target = { model, precision: getPrecision('FP8'), hardware: buildWhatIfProfile({ gpu: '4x H100 SXM', ramBytes: 1024 * GiB }) };
  const e = estimate({
    ...target,
    runtime: 'vllm',
    contextTokens: 16_384,
    concurrency: 32,
  });
  const launch = launchCommand(e, target);
  const [deployment, service] = parseAllDocuments(launch.kubernetesManifest ?? '').map((d) => {
    expect(d.errors).toEqual([]);
    // biome-ignore lint/suspicious/noExplicitAny: the manifest is checked field by field
    return d.toJS() as any;
  });

  it('asks for the GPUs the tensor parallelism uses, with shared memory and a health probe', () => {
    const container = deployment.spec.template.spec.containers[0];
    expect(container.resources.limits['nvidia.com/gpu']).toBe(e.placement.tensorParallelSize);
    expect(e.placement.tensorParallelSize).toBe(4);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'shm').emptyDir.medium).toBe('Memory');
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
  });

  it('runs `vllm serve` with the same documented arguments as the command line', () => {
    const container = deployment.spec.template.spec.containers[0];
    const command = [...container.command, ...container.args].join(' ');
    expect(checkLaunchCommand('vllm', command)).toEqual([]);
    expect(command).toBe(`${launch.command} --port 8000`);
  });

  it('is left out for runtimes other than vLLM and for several nodes', () => {
    const ggufTarget = {
      model,
      precision: getPrecision('Q4_K_M'),
      hardware: buildWhatIfProfile({ gpu: '2x RTX 3090', ramBytes: 128 * GiB }),
    };
    expect(launchCommand(estimate(ggufTarget), ggufTarget).kubernetesManifest).toBeNull();
  });
});

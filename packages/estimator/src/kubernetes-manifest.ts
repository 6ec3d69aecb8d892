import type { OpenModelSpec } from '@weightplan/weights';

/**
 * vLLM on Kubernetes, laid out as in vLLM's deployment guide: the vllm/vllm-openai image running
 * `vllm serve` with the planned arguments, one pod holding every GPU the parallelism needs, shared memory for
 * the tensor-parallel workers, a Hugging Face token from an optional Secret, readiness on /health, and a
 * Service on port 8000. Values are written as JSON strings, which YAML reads as they are.
 */
export function vllmKubernetesManifest(model: OpenModelSpec, serveArgs: readonly (string | number)[], gpus: number): string {
  const slug =
    (model.id.split('/').pop() ?? 'model')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'model';
  const name = JSON.stringify(`vllm-${slug}`);
  const q = (value: string | number) => JSON.stringify(String(value));
  const labels = `app.kubernetes.io/name: ${name}`;
  return [
    '# vLLM for the planned deployment. Pin the image tag you tested; for gated models create the token Secret:',
    '#   kubectl create secret generic hf-token --from-literal=token=hf_...',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    `    ${labels}`,
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    `      ${labels}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        ${labels}`,
    '    spec:',
    '      containers:',
    '        - name: vllm',
    '          image: "vllm/vllm-openai:latest"',
    '          command: ["vllm", "serve"]',
    `          args: [${[q(model.id), ...serveArgs.map(q), q('--port'), q(8000)].join(', ')}]`,
    '          ports:',
    '            - name: http',
    '              containerPort: 8000',
    '          env:',
    '            - name: HF_TOKEN',
    '              valueFrom:',
    '                secretKeyRef: { name: "hf-token", key: "token", optional: true }',
    '          resources:',
    '            limits:',
    `              nvidia.com/gpu: ${gpus}`,
    '          readinessProbe:',
    '            httpGet: { path: "/health", port: "http" }',
    '            initialDelaySeconds: 60',
    '            periodSeconds: 10',
    '          volumeMounts:',
    '            - { name: "shm", mountPath: "/dev/shm" }',
    '            - { name: "hf-cache", mountPath: "/root/.cache/huggingface" }',
    '      volumes:',
    '        - name: shm',
    '          emptyDir: { medium: "Memory", sizeLimit: "16Gi" }',
    '        - name: hf-cache',
    '          emptyDir: {}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector:',
    `    ${labels}`,
    '  ports:',
    '    - { name: "http", port: 8000, targetPort: "http" }',
    '',
  ].join('\n');
}

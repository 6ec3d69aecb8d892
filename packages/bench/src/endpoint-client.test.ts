import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { measureEndpoint } from './endpoint-client.js';

type Handler = (request: IncomingMessage, body: unknown, response: ServerResponse) => void;
const servers: Server[] = [];

/** A stand-in server on 127.0.0.1 answering with the real APIs' response shapes. */
async function standIn(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => handler(request, text ? JSON.parse(text) : undefined, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (response: ServerResponse, status: number, value: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
};

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('endpoint clients', () => {
  it('reads llama-server /completion timings, asking for an uncached prompt and every token', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const url = await standIn((request, body, response) => {
      if (request.url === '/props')
        return json(response, 200, { default_generation_settings: {}, build_info: 'b6123-abc', model_path: '/m/Llama-3.2-1B-Q8_0.gguf' });
      if (request.url === '/completion') {
        bodies.push(body as Record<string, unknown>);
        const n = (body as { n_predict: number }).n_predict;
        // 500 prompt tokens in 2.5 s (200 tok/s); n tokens at 20 tok/s.
        return json(response, 200, {
          content: 'x',
          timings: {
            prompt_n: 500,
            prompt_ms: 2500,
            prompt_per_second: 200,
            predicted_n: n,
            predicted_ms: n * 50,
            predicted_per_second: 20,
          },
        });
      }
      json(response, 404, { error: 'not found' });
    });
    const result = await measureEndpoint({ url, promptTokens: 512, genTokens: 64, repetitions: 3 });
    expect(result.kind).toBe('llama-server');
    expect(result.runtimeVersion).toBe('llama-server b6123-abc');
    expect(result.model).toBe('Llama-3.2-1B-Q8_0.gguf');
    expect(result.decodeTokensPerSecond.median).toBeCloseTo(20, 6);
    expect(result.prefillTokensPerSecond?.median).toBeCloseTo(200, 6);
    expect(result.decodeTokensPerSecond.samples).toHaveLength(3);
    expect(bodies).toHaveLength(4); // one warm-up
    expect(bodies[1]).toMatchObject({ n_predict: 64, cache_prompt: false, ignore_eos: true });
  });

  it('reads Ollama eval_count/eval_duration (nanoseconds) and prompt_eval_*, picking the first pulled model', async () => {
    const models: string[] = [];
    const url = await standIn((request, body, response) => {
      if (request.url === '/api/version') return json(response, 200, { version: '0.12.3' });
      if (request.url === '/api/tags') return json(response, 200, { models: [{ name: 'llama3.2:1b' }, { name: 'qwen3:8b' }] });
      if (request.url === '/api/generate') {
        models.push((body as { model: string }).model);
        return json(response, 200, {
          model: 'llama3.2:1b',
          done: true,
          prompt_eval_count: 400,
          prompt_eval_duration: 1_000_000_000,
          eval_count: 100,
          eval_duration: 4_000_000_000,
        });
      }
      json(response, 404, {});
    });
    const result = await measureEndpoint({ url, promptTokens: 512, genTokens: 100, repetitions: 2 });
    expect(result).toMatchObject({
      kind: 'ollama',
      model: 'llama3.2:1b',
      runtimeVersion: 'ollama 0.12.3',
      promptTokens: 400,
      genTokens: 100,
    });
    expect(result.decodeTokensPerSecond.median).toBeCloseTo(25, 6);
    expect(result.prefillTokensPerSecond?.median).toBeCloseTo(400, 6);
    expect(new Set(models)).toEqual(new Set(['llama3.2:1b']));
  });

  it('times an OpenAI-compatible stream: tokens after the first over the time between them, usage from the last chunk', async () => {
    const url = await standIn((request, _body, response) => {
      if (request.url === '/v1/models') return json(response, 200, { object: 'list', data: [{ id: 'Qwen/Qwen3-8B', object: 'model' }] });
      if (request.url === '/v1/chat/completions') {
        response.writeHead(200, { 'content-type': 'text/event-stream', server: 'vllm-standin' });
        let sent = 0;
        const chunk = (value: unknown) => response.write(`data: ${JSON.stringify(value)}\n\n`);
        const timer = setInterval(() => {
          sent += 1;
          chunk({
            id: 'c',
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: { content: ` t${sent}` }, finish_reason: null }],
          });
          if (sent === 11) {
            clearInterval(timer);
            chunk({
              id: 'c',
              object: 'chat.completion.chunk',
              choices: [],
              usage: { prompt_tokens: 510, completion_tokens: 11, total_tokens: 521 },
            });
            response.end('data: [DONE]\n\n');
          }
        }, 20);
        return;
      }
      json(response, 404, {});
    });
    const result = await measureEndpoint({ url, promptTokens: 512, genTokens: 11, repetitions: 1 });
    expect(result).toMatchObject({
      kind: 'openai',
      model: 'Qwen/Qwen3-8B',
      runtimeVersion: 'openai-compatible (vllm-standin)',
      genTokens: 10,
    });
    // 10 tokens after the first, 20 ms apart: about 50 tok/s (timers on a busy machine only ever run late).
    expect(result.decodeTokensPerSecond.median).toBeGreaterThan(5);
    expect(result.decodeTokensPerSecond.median).toBeLessThan(60);
    expect(result.prefillTokensPerSecond?.median).toBeGreaterThan(0);
  });

  it('says in one line when the server is not there or answers something else', async () => {
    await expect(measureEndpoint({ url: 'ftp://x', promptTokens: 8, genTokens: 8, repetitions: 1 })).rejects.toThrow(
      /must be an http\(s\) URL/,
    );
    const url = await standIn((_request, _body, response) => json(response, 200, { unexpected: true }));
    await expect(measureEndpoint({ url, kind: 'llama-server', promptTokens: 8, genTokens: 8, repetitions: 1 })).rejects.toThrow(
      /\/completion answered without timings/,
    );
    const closed = await standIn((_request, _body, response) => json(response, 500, {}));
    await new Promise((resolve) => servers.pop()?.close(resolve));
    await expect(
      measureEndpoint({ url: closed, kind: 'ollama', model: 'x', promptTokens: 8, genTokens: 8, repetitions: 1 }),
    ).rejects.toThrow(/cannot be reached/);
  });
});

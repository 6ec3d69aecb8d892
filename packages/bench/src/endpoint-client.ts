import { z } from 'zod';
import { BenchError } from './bench-error.js';
import { type RateSummary, summarizeRates } from './statistics.js';

export const EndpointKindSchema = z.enum(['llama-server', 'ollama', 'openai']);
export type EndpointKind = z.infer<typeof EndpointKindSchema>;

export interface EndpointRequest {
  url: string;
  /** Which API the server speaks; found by probing when absent. */
  kind?: EndpointKind | undefined;
  /** Model name for Ollama and OpenAI-compatible servers; the first one the server lists when absent. */
  model?: string | undefined;
  apiKey?: string | undefined;
  promptTokens: number;
  genTokens: number;
  repetitions: number;
  /** Per request, in milliseconds (a 512-token prompt on a slow CPU server takes a while). */
  timeoutMs?: number;
}

export interface EndpointMeasurement {
  kind: EndpointKind;
  model: string;
  /** "llama-server b6123", "ollama 0.12.3", "openai-compatible (vllm/0.11.0)". */
  runtimeVersion: string;
  prefillTokensPerSecond: RateSummary | null;
  decodeTokensPerSecond: RateSummary;
  /** What the server counted for the last run (tokenizers differ from our word count). */
  promptTokens: number;
  genTokens: number;
  repetitions: number;
  warmupRuns: number;
}

/** One request's timing, from the server's own counters where it reports them. */
interface RunTiming {
  promptTokens: number;
  promptSeconds: number | null;
  genTokens: number;
  genSeconds: number;
}

/**
 * About `tokens` tokens of text: " word" is one token in every common tokenizer. A run number leads the
 * text, so a server's prefix cache (Ollama, vLLM) cannot answer a repetition from the previous one.
 */
export function promptText(tokens: number, run: number): string {
  return `Run ${run}:${' word'.repeat(Math.max(1, tokens - 3))}`;
}

const Timings = z.object({
  timings: z.object({ prompt_n: z.number(), prompt_ms: z.number(), predicted_n: z.number(), predicted_ms: z.number() }),
});
const OllamaGenerate = z.object({
  eval_count: z.number(),
  eval_duration: z.number(),
  prompt_eval_count: z.number().optional(),
  prompt_eval_duration: z.number().optional(),
});
const OllamaTags = z.object({ models: z.array(z.object({ name: z.string() })) });
const OllamaVersion = z.object({ version: z.string() });
const LlamaProps = z.object({
  default_generation_settings: z.unknown(),
  build_info: z.string().optional(),
  model_path: z.string().optional(),
});
const OpenAiModels = z.object({ data: z.array(z.object({ id: z.string() })) });
const OpenAiChunk = z.object({
  choices: z
    .array(z.object({ delta: z.object({ content: z.string().nullish(), reasoning_content: z.string().nullish() }).partial().optional() }))
    .optional(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

class EndpointSession {
  readonly base: string;
  constructor(private readonly request: EndpointRequest) {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new BenchError(
        'endpoint',
        `--endpoint must be an http(s) URL such as http://127.0.0.1:8080, got "${request.url.slice(0, 100)}"`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new BenchError(
        'endpoint',
        `--endpoint must be an http(s) URL such as http://127.0.0.1:8080, got "${request.url.slice(0, 100)}"`,
      );
    }
    this.base = url.href.replace(/\/+$/, '');
  }

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      ...(this.request.apiKey ? { authorization: `Bearer ${this.request.apiKey}` } : {}),
    };
  }

  async call(path: string, body?: unknown): Promise<Response> {
    const url = `${this.base}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: this.headers(),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.request.timeoutMs ?? 600_000),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'cannot be reached';
      throw new BenchError('endpoint', `${url} ${reason}`);
    }
    return response;
  }

  async json<T>(path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const response = await this.call(path, body);
    if (!response.ok) {
      throw new BenchError('endpoint', `${this.base}${path} answered HTTP ${response.status}${await errorDetail(response)}`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new BenchError('endpoint', `${this.base}${path} did not answer JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BenchError('endpoint', `${this.base}${path} answered without ${issue?.path.join('.') || 'the documented fields'}`);
    }
    return parsed.data;
  }

  /** True when GET `path` answers 200 with JSON matching `schema`. */
  async probe(path: string, schema: z.ZodType): Promise<boolean> {
    try {
      const response = await this.call(path);
      if (!response.ok) return false;
      return schema.safeParse(await response.json()).success;
    } catch {
      return false;
    }
  }
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text ? `: ${text.slice(0, 160)}` : '';
  } catch {
    return '';
  }
}

async function detectKind(session: EndpointSession): Promise<EndpointKind> {
  if (await session.probe('/api/version', OllamaVersion)) return 'ollama';
  if (await session.probe('/props', LlamaProps)) return 'llama-server';
  return 'openai';
}

/** The OpenAI-compatible API root: the URL as given when it ends in /v1, else with /v1 appended. */
const openAiRoot = (session: EndpointSession) => (session.base.endsWith('/v1') ? '' : '/v1');

interface Driver {
  model: string;
  runtimeVersion: string;
  run(promptTokens: number, genTokens: number, run: number): Promise<RunTiming>;
}

async function llamaServerDriver(session: EndpointSession): Promise<Driver> {
  const props = await session.json('/props', LlamaProps).catch(() => undefined);
  const model = props?.model_path?.split(/[\\/]/).at(-1) ?? 'loaded model';
  return {
    model,
    runtimeVersion: `llama-server${props?.build_info ? ` ${props.build_info}` : ''}`,
    async run(promptTokens, genTokens, run) {
      // cache_prompt false: every repetition processes its whole prompt; ignore_eos: it generates them all.
      const answer = await session.json('/completion', Timings, {
        prompt: promptText(promptTokens, run),
        n_predict: genTokens,
        cache_prompt: false,
        ignore_eos: true,
        temperature: 0,
      });
      const t = answer.timings;
      return { promptTokens: t.prompt_n, promptSeconds: t.prompt_ms / 1000, genTokens: t.predicted_n, genSeconds: t.predicted_ms / 1000 };
    },
  };
}

async function ollamaDriver(session: EndpointSession, requested: string | undefined): Promise<Driver> {
  const version = await session.json('/api/version', OllamaVersion).catch(() => undefined);
  const model = requested ?? (await session.json('/api/tags', OllamaTags)).models[0]?.name;
  if (!model)
    throw new BenchError('endpoint', `${session.base} has no models pulled; pull one (ollama pull NAME) or pass --endpoint-model`);
  return {
    model,
    runtimeVersion: `ollama${version ? ` ${version.version}` : ''}`,
    async run(promptTokens, genTokens, run) {
      const answer = await session.json('/api/generate', OllamaGenerate, {
        model,
        prompt: promptText(promptTokens, run),
        raw: true,
        stream: false,
        options: { num_predict: genTokens, temperature: 0 },
      });
      // Durations are in nanoseconds (Ollama's API documentation, "Generate a completion").
      return {
        promptTokens: answer.prompt_eval_count ?? 0,
        promptSeconds: answer.prompt_eval_duration !== undefined && answer.prompt_eval_count ? answer.prompt_eval_duration / 1e9 : null,
        genTokens: answer.eval_count,
        genSeconds: answer.eval_duration / 1e9,
      };
    },
  };
}

async function openAiDriver(session: EndpointSession, requested: string | undefined): Promise<Driver> {
  const root = openAiRoot(session);
  const model = requested ?? (await session.json(`${root}/models`, OpenAiModels)).data[0]?.id;
  if (!model) throw new BenchError('endpoint', `${session.base}${root}/models lists no model; pass --endpoint-model`);
  let server = '';
  return {
    model,
    get runtimeVersion() {
      return `openai-compatible${server ? ` (${server})` : ''}`;
    },
    async run(promptTokens, genTokens, run) {
      const start = performance.now();
      const response = await session.call(`${root}/chat/completions`, {
        model,
        messages: [{ role: 'user', content: promptText(promptTokens, run) }],
        max_tokens: genTokens,
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
        ignore_eos: true,
      });
      if (!response.ok || !response.body) {
        throw new BenchError(
          'endpoint',
          `${session.base}${root}/chat/completions answered HTTP ${response.status}${await errorDetail(response)}`,
        );
      }
      server = response.headers.get('server') ?? server;
      const tokenTimes: number[] = [];
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      let buffered = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const data = line.startsWith('data:') ? line.slice(5).trim() : '';
          if (data === '' || data === '[DONE]') continue;
          let parsed: z.infer<typeof OpenAiChunk>;
          try {
            parsed = OpenAiChunk.parse(JSON.parse(data));
          } catch {
            throw new BenchError(
              'endpoint',
              `${session.base}${root}/chat/completions streamed something that is not a chat completion chunk`,
            );
          }
          const delta = parsed.choices?.[0]?.delta;
          if (delta?.content || delta?.reasoning_content) tokenTimes.push(performance.now());
          if (parsed.usage) usage = parsed.usage;
        }
      }
      const first = tokenTimes[0];
      const last = tokenTimes.at(-1);
      if (first === undefined || last === undefined) {
        throw new BenchError('endpoint', `${session.base}${root}/chat/completions streamed no tokens`);
      }
      // Chunks may carry several tokens; the server's usage count is the truth when it sends one.
      const generated = usage?.completion_tokens ?? tokenTimes.length;
      return {
        promptTokens: usage?.prompt_tokens ?? 0,
        // Time to the first token: the prompt plus one decode step and the network, as a client sees it.
        promptSeconds: usage ? (first - start) / 1000 : null,
        genTokens: Math.max(0, generated - 1),
        genSeconds: (last - first) / 1000,
      };
    },
  };
}

/**
 * Measures a running server: one warm-up request, then `repetitions` requests of about `promptTokens`
 * prompt tokens and `genTokens` generated ones; prompt and generation rates from the server's own timings
 * (llama-server, Ollama) or from the stream's arrival times (OpenAI-compatible servers).
 */
export async function measureEndpoint(
  request: EndpointRequest,
  onRun?: (done: number, total: number) => void,
): Promise<EndpointMeasurement> {
  const session = new EndpointSession(request);
  const kind = request.kind ?? (await detectKind(session));
  const driver =
    kind === 'llama-server'
      ? await llamaServerDriver(session)
      : kind === 'ollama'
        ? await ollamaDriver(session, request.model)
        : await openAiDriver(session, request.model);
  onRun?.(0, request.repetitions);
  await driver.run(request.promptTokens, Math.min(request.genTokens, 16), 0);
  const prefill: number[] = [];
  const decode: number[] = [];
  let last: RunTiming | undefined;
  for (let run = 1; run <= request.repetitions; run++) {
    last = await driver.run(request.promptTokens, request.genTokens, run);
    if (last.promptSeconds !== null && last.promptSeconds > 0 && last.promptTokens > 0)
      prefill.push(last.promptTokens / last.promptSeconds);
    if (last.genSeconds <= 0 || last.genTokens <= 0) {
      throw new BenchError('endpoint', `${session.base} generated no tokens to time (asked for ${request.genTokens})`);
    }
    decode.push(last.genTokens / last.genSeconds);
    onRun?.(run, request.repetitions);
  }
  return {
    kind,
    model: driver.model,
    runtimeVersion: driver.runtimeVersion,
    prefillTokensPerSecond: prefill.length === request.repetitions ? summarizeRates(prefill) : null,
    decodeTokensPerSecond: summarizeRates(decode),
    promptTokens: last?.promptTokens ?? 0,
    genTokens: last?.genTokens ?? 0,
    repetitions: request.repetitions,
    warmupRuns: 1,
  };
}

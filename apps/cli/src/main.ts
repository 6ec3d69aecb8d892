import { cachedDetection, hubOptionsFromEnv, isUserError, userMessage, WEIGHTPLAN_VERSION } from '@weightplan/api';
import { upgradeDatabaseSchema } from '@weightplan/api/postgres';
import { detectHardware } from '@weightplan/hardware/detect';
import { runMcpOverStdio } from '@weightplan/mcp';
import { Command, CommanderError, Option } from 'commander';
import { type Caller, cliCaller } from './caller.js';
import { benchProgressRenderer, runBench, runBenchImport, runBenchInstall } from './commands/bench.js';
import { runCompare } from './commands/compare.js';
import { runDetect } from './commands/detect.js';
import { runEstimate } from './commands/estimate.js';
import { runFinetune } from './commands/finetune.js';
import { runFleetAdd, runFleetList, runFleetPlan, runFleetRemove } from './commands/fleet.js';
import { runGpus } from './commands/gpus.js';
import { runInspect } from './commands/inspect.js';
import { runModels } from './commands/models.js';
import { runModelsRefresh } from './commands/models-refresh.js';
import { runRecommend } from './commands/recommend.js';
import { processShutdownSignal, runServe } from './commands/serve.js';
import { runStoreExport, runStoreImport, runStoreMigrate, storeFor } from './commands/store.js';
import { type DetectFn, hardwareInput, hasHardwareFlags } from './hardware-option.js';
import { type CliIo, printJson, processIo } from './io.js';
import { escapeControlCharacters } from './terminal-text.js';
import { UsageError } from './usage-error.js';

export interface CliDependencies {
  io?: CliIo;
  /** Hardware detection; tests pass a recorded profile. */
  detect?: DetectFn;
  /** When `serve` should stop: SIGTERM or SIGINT by default; tests resolve it themselves. */
  shutdownSignal?: () => Promise<string>;
}

const VERSION = WEIGHTPLAN_VERSION;

function hardwareOptions(command: Command): Command {
  return command
    .option('--gpu <name>', 'plan for this GPU instead of the detected one: "RTX 4090", "2x H100 SXM", "RTX 4090,RTX 3090", or "none"')
    .option('--gpus <n>', 'number of --gpu cards')
    .option('--ram <GiB>', 'system RAM in GiB, as sold: 64 means 64 GiB (unified memory for Apple Silicon)')
    .option('--nodes <n>', 'identical machines joined by a network')
    .option('--memory <config>', 'system memory, e.g. "DDR5-5600 2ch" or "EPYC Genoa" (sets RAM bandwidth)')
    .option('--interconnect <link>', 'GPU link for several GPUs: pcie or nvlink')
    .option('--measure', "measure this machine's memory bandwidth (about 0.3 s)")
    .option('--hardware <file>', 'a profile saved with `weightplan detect --save`');
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function buildProgram(io: CliIo, detect: DetectFn, caller: Caller, shutdownSignal: () => Promise<string>): Command {
  const program = new Command('weightplan')
    .description('Which model can I run here, at what precision, and how fast? Answers from the weights and the hardware.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });

  program
    .command('detect')
    .description("this machine's hardware: CPU, RAM, GPUs, each figure with its source")
    .option('--json', 'one JSON document')
    .option('--save <file>', 'also save the profile, for --hardware on any command')
    .option('--measure', 'also measure memory bandwidth with a short copy benchmark (about 0.3 s)')
    .action(async (options) => runDetect(options, caller, io));

  const models = program.command('models').description('the model catalog, with the models you imported');
  models
    .command('list', { isDefault: true })
    .description('list models (the default)')
    .option('--open', 'open-weight models only (the default)')
    .option('--closed', 'closed API models only')
    .option('--search <text>', 'filter by id, name, family or alias')
    .option('--family <family>', 'filter by family, e.g. llama-3, qwen3, gemma-3')
    .option('--commercial', 'only models whose license allows commercial use')
    .option('--imported', 'only models you added')
    .option('--wide', 'every column at full width, even past the terminal')
    .option('--json', 'one JSON document')
    .action(async (options) => runModels(options, caller, io));
  models
    .command('add')
    .description('read a GGUF, safetensors folder or config.json (or hf:ORG/NAME[:QUANT] from the Hub) and add it to your own catalog')
    .argument('<path>', 'file or folder, or hf:ORG/NAME[:QUANT]')
    .option('--json', 'one JSON document')
    .action(async (path: string, options) => {
      const added = await caller.models.import({ path });
      if (options.json) printJson(io, { added: added.id, name: added.name, parameterCount: added.parameterCount });
      else io.out(`added ${added.id} (${added.name}) to your catalog; use --model ${added.id}`);
    });
  models
    .command('refresh')
    .description("re-read models pinned from the Hub at their repository's current commit: which moved, and what changed")
    .argument('[id]', 'one pinned model (default: every model pinned from the Hub)')
    .option('--json', 'one JSON document')
    .action(async (id: string | undefined, options) => runModelsRefresh(id, options, caller, io));
  models
    .command('remove')
    .description('remove a model you added')
    .argument('<id>', 'its id, e.g. local/my-model')
    .action(async (id: string) => {
      const { removed } = await caller.models.remove({ id });
      if (!removed) throw new UsageError(`no imported model "${id}" (see weightplan models list --imported)`);
      io.out(`removed ${id}`);
    });

  program
    .command('inspect')
    .description('read a .gguf (or split set), .safetensors (or sharded set), model folder or config.json: exact parameters and bytes')
    .argument('<path>', 'file or folder')
    .option('--json', 'one JSON document, with every tensor')
    .action(async (path: string, options) => runInspect(path, options, caller, io));

  program
    .command('gpus')
    .description('the GPU spec database (names accepted by --gpu)')
    .option('--search <text>', 'filter by name')
    .addOption(new Option('--vendor <vendor>', 'filter by vendor').choices(['nvidia', 'amd', 'intel', 'apple']))
    .option('--wide', 'every column at full width, even past the terminal')
    .option('--json', 'one JSON document')
    .action(async (options) => runGpus(options, caller, io));

  hardwareOptions(
    program
      .command('estimate')
      .description('memory, placement and speed of one model at one precision')
      .option('--model <id|path>', 'Hugging Face id or alias (llama-3-8b), an imported model, or a path to weight files')
      .option('--plan-url <link>', 'a planner link ("Copy link" in the app): its model, machine and scenario; other flags override it')
      .option('--precision <p>', 'F16, BF16, Q8_0, Q4_K_M, FP8, AWQ-INT4, ... (default for files: as stored)')
      .option('--context <tokens>', 'tokens in the KV cache, where decode speed is asked (e.g. 8192 or 8k)')
      .option('--prompt-tokens <tokens>', 'prompt length for prefill speed and time to first token')
      .option(
        '--cached-tokens <tokens>',
        'tokens already in the KV cache before the prompt (a long chat): slower prefill, later first token',
      )
      .option('--batch <n>', 'sequences served at once')
      .option('--runtime <runtime>', 'llama.cpp, ollama, vllm, sglang, mlx, transformers')
      .option('--kv-cache-type <type>', 'f16, bf16, fp8, q8_0, q4_0, ...')
      .option('--no-flash-attention', 'assume flash attention is off')
      .option('--cpu-only', 'run every layer on the CPU')
      .option('--gpu-memory-utilization <share>', "vLLM's --gpu-memory-utilization (default 0.9)")
      .option('--draft <id|path>', 'speculative decoding with a smaller draft model of the same tokenizer (llama.cpp -md)')
      .option('--draft-precision <p>', "the draft model's precision (default: the target's)")
      .option('--mtp', "speculative decoding with the model's own multi-token-prediction layer (DeepSeek-V3/R1)")
      .option('--eagle', 'speculative decoding with the published EAGLE head of the model')
      .option('--draft-tokens <k>', 'tokens drafted per verification (default: the fastest for the acceptance rate)')
      .option('--acceptance <rate>', 'probability a drafted token is accepted, 0-1 (default: cited measurements)')
      .option('--task <task>', 'chat or coding: picks the default acceptance rate')
      .option('--json', 'one JSON document'),
  ).action(async (options) => runEstimate(options, hardwareInput(options), caller, io, hasHardwareFlags(options)));

  hardwareOptions(
    program
      .command('recommend')
      .description('the best models and precisions for the hardware, with reasons and rejections')
      .option('--use-case <use>', 'chat, coding, rag or batch: sets the defaults below and how answers rank')
      .option('--context <tokens>', 'context every answer must hold (default 8192)')
      .option('--prompt-tokens <tokens>', 'prompt length the first-token limit is checked for')
      .option('--max-ttft <seconds>', 'longest acceptable wait for the first token')
      .option('--users <n>', 'sequences served at once (each needs its KV cache and the speed floor)')
      .option('--include-closed', 'also list closed APIs that hold the context, best published quality first')
      .option('--max-api-price <USD>', 'with --include-closed: the most an API may charge per 1M output tokens')
      .option('--min-tps <n>', 'slowest acceptable generation speed in tokens/s (default 10)')
      .option('--limit <n>', 'how many answers (default 10)')
      .option('--commercial', 'only models whose license allows commercial use')
      .option('--wide', 'every column at full width, even past the terminal')
      .option('--json', 'one JSON document'),
  ).action(async (options) => runRecommend(options, hardwareInput(options), caller, io));

  hardwareOptions(
    program
      .command('compare')
      .description(
        'open weights on your or rented hardware against closed APIs: cost per month and per 1M tokens, speed, quality, break-even',
      )
      .option(
        '--model <id>',
        'an open or closed model to include (repeatable; default: the best open models here and a range of APIs)',
        collect,
      )
      .option('--precision <p>', 'precision for the open models (default: the best that serves the workload)')
      .option('--tokens-per-month <n>', 'input + output tokens per month, e.g. 250M or 1.5B (default 100M)')
      .option('--input-share <share>', 'share of the tokens that are input (default 0.75)')
      .option('--cached-share <share>', 'share of input tokens that hit an API prompt cache (default 0)')
      .option('--concurrency <n>', 'requests served at once per machine (default 8)')
      .option('--context <tokens>', 'context each request needs (default 8192)')
      .option('--prompt-tokens <tokens>', 'typical prompt length (default 2048)')
      .option('--min-tps <n>', 'slowest acceptable generation speed per user (default 10)')
      .option('--on-prem', 'data must stay on premises: no APIs, no rented cloud')
      .option('--hardware-price <USD>', "what your machine's GPUs cost (default: prices on file)")
      .option('--system-price <USD>', 'the rest of each server: chassis, CPU, RAM (default 0)')
      .option('--electricity <USD/kWh>', 'electricity price (default 0.13, the 2025 US commercial average)')
      .option('--amortisation-months <n>', 'write-off period for bought hardware (default 36)')
      .option('--max-utilisation <share>', 'highest share of the month a machine is kept busy (default 0.6)')
      .option('--ops-per-month <USD>', 'operations cost per machine and month (default 0)')
      .option('--no-cloud', 'leave rented cloud GPUs out')
      .option('--limit <n>', 'rows to show (default 15)')
      .option('--json', 'one JSON document'),
  ).action(async (options) => runCompare(options, hardwareInput(options), caller, io));

  hardwareOptions(
    program
      .command('finetune')
      .description('can this model be fine-tuned here? full, LoRA or QLoRA: memory per GPU, sharding, batch and speed')
      .requiredOption('--model <id|path>', 'Hugging Face id or alias, an imported model, or a path to weight files')
      .option('--method <method>', 'full, lora or qlora (default: all three, best first)')
      .option('--seq <tokens>', 'sequence length (default 2048)')
      .option('--batch <n>', 'micro-batch per GPU (default: the largest that fits)')
      .option('--optimizer <name>', 'adamw or adamw-8bit (default adamw)')
      .option('--lora-rank <r>', 'LoRA rank (default 16)')
      .option('--lora-targets <which>', 'attention-mlp or all-linear (default attention-mlp)')
      .option('--no-checkpointing', 'keep all activations instead of recomputing them')
      .option('--json', 'one JSON document'),
  ).action(async (options) => runFinetune(options, hardwareInput(options), caller, io));

  program
    .command('serve')
    .description('the HTTP API: REST at /api/v1 (OpenAPI at /api/openapi.json), tRPC at /trpc, /healthz; loopback only unless told')
    .option('--host <address>', 'interface to listen on (default 127.0.0.1; anything else needs --api-key)')
    .option('--port <n>', 'TCP port (default 4821; 0 picks a free one)')
    .option('--api-key <key>', 'require Authorization: Bearer <key> (at least 16 characters; or set WEIGHTPLAN_API_KEY)')
    .option('--allow-dir <dir>', 'a folder inspect and model import may read (repeatable; none by default)', collect)
    .option('--cors-origin <origin>', 'a browser origin allowed to call the API, e.g. http://localhost:5173 (repeatable)', collect)
    .option(
      '--allowed-host <name>',
      'a host name clients use besides localhost/127.0.0.1/[::1] (repeatable or comma list; others get 421)',
      collect,
    )
    .option('--rate-limit <n>', 'requests per client per minute (default 600)')
    .option('--max-connections <n>', 'open connections at once (default 256)')
    .option('--max-body-bytes <n>', 'largest request body accepted (default 1048576)')
    .option('--workers <n>', 'worker threads for heavy calls (default: cores - 1, 2 to 4; 0 runs them in the main thread, one at a time)')
    .option('--ui <dir>', 'serve this web build of the UI at /')
    .option('--no-hub', 'never look models up on the Hugging Face Hub (answer from the catalogs only)')
    .option(
      '--database-url <url>',
      'keep plans, machines, imports and fleets in PostgreSQL, shared by every replica (or set WEIGHTPLAN_DATABASE_URL); default: the config directory',
    )
    .action(async (options) => runServe(options, io, cachedDetection(detect), shutdownSignal(), VERSION));

  const backends = ['cpu', 'cuda', 'vulkan', 'metal'];
  const bench = program
    .command('bench')
    .description('measure this machine with llama.cpp (installed on first use) and show measured against predicted')
    .option('--synthetic <model>', 'a catalog or Hub model, measured with a temporary GGUF of its exact shapes (no download)')
    .option('--precision <quant>', 'with --synthetic: the GGUF quantisation, e.g. Q8_0, Q4_K_M, F16')
    .option('--model <path|id>', 'a .gguf file to measure; with --endpoint, the catalog model the server runs')
    .option('--prompt-tokens <n>', 'prompt tokens processed at once (default 512)')
    .option('--gen-tokens <n>', 'tokens generated one by one (default 128)')
    .option('--repetitions <n>', 'runs after the warm-up; the median is reported (default 3)')
    .option('--threads <n>', 'CPU threads (default: the physical cores, as estimates assume)')
    .option('--gpu-layers <n>', "layers on the GPU (default: the estimate's placement)")
    .addOption(new Option('--backend <backend>', 'llama.cpp build to install and run (default from the GPUs found)').choices(backends))
    .option(
      '--endpoint <url>',
      'measure a running llama-server, Ollama or OpenAI-compatible server instead (key: WEIGHTPLAN_ENDPOINT_API_KEY)',
    )
    .addOption(
      new Option('--endpoint-kind <kind>', 'the API the server speaks (default: probed)').choices(['llama-server', 'ollama', 'openai']),
    )
    .option('--endpoint-model <name>', "the server's model name (Ollama, OpenAI-compatible; default: the first it lists)")
    .option('--no-save', 'do not store the measurement')
    .option('--list', 'the stored measurements')
    .option('--forget [id]', 'forget one stored measurement (all without an id)')
    .option('--json', 'one JSON document')
    .action(async (options) => runBench(options, caller, io));
  bench
    .command('install')
    .description("install the bench's llama.cpp runner (node-llama-cpp and this machine's binary package) into the cache")
    .addOption(new Option('--backend <backend>', 'llama.cpp build (default from the GPUs found)').choices(backends))
    .option('--json', 'one JSON document')
    .action(async (options) => runBenchInstall(options, caller, io));
  bench
    .command('import')
    .description('import llama-bench output (-o json, jsonl, csv or md) as measurements of this machine')
    .argument('<file>', 'the saved output')
    .option('--model <id>', 'the model measured, when its parameter count does not name it')
    .option('--precision <quant>', 'its precision, when the model type does not name it')
    .option('--json', 'one JSON document')
    .action(async (file: string, options) => runBenchImport(file, options, caller, io));
  const fleet = program.command('fleet').description('machines planned together: which model runs where for several workloads');
  fleet
    .command('list', { isDefault: true })
    .description('the fleets and their machines')
    .option('--json', 'one JSON document')
    .action(async (options) => runFleetList(options, caller, io));
  hardwareOptions(
    fleet
      .command('add')
      .description('add a machine to a fleet (the fleet is created if new): --hardware FILE from `detect --save`, or --gpu')
      .argument('<name>', 'the fleet')
      .option('--machine <name>', "the machine's name in the fleet (default: the file's name, or the GPU)")
      .option('--json', 'one JSON document'),
  ).action(async (name: string, options) => runFleetAdd(name, options, caller, io));
  fleet
    .command('remove')
    .description('delete a fleet, or with --machine take one machine out')
    .argument('<name>', 'the fleet')
    .option('--machine <name>', 'only this machine')
    .option('--json', 'one JSON document')
    .action(async (name: string, options) => runFleetRemove(name, options, caller, io));
  fleet
    .command('plan')
    .description('place workloads on the fleet: model, precision, runtime and launch command per machine, what is left, what fits nowhere')
    .argument('<name>', 'the fleet')
    .option(
      '--workload <spec>',
      'name=chat,model=llama-3-8b,users=4,context=8192,min-tps=15,tokens-per-month=2e8 (or use-case=coding instead of model); repeatable',
      collect,
    )
    .option(
      '--workloads <file>',
      'a JSON array of workloads ({name, model | useCase, users, contextTokens, minDecodeTokensPerSecond, tokensPerMonth})',
    )
    .option('--wide', 'every column at full width')
    .option('--json', 'one JSON document')
    .action(async (name: string, options) => runFleetPlan(name, options, caller, io));

  const store = program.command('store').description('everything you saved: back it up, restore it, move it into PostgreSQL');
  store
    .command('export')
    .description('the whole store (plans with history, machines, imports, prices, fleets, measurements) as one JSON document')
    .option('--out <file>', 'write it here instead of standard output')
    .option('--database-url <url>', 'export a PostgreSQL store instead of the config directory')
    .action(async (options: { out?: string; databaseUrl?: string }) => {
      const source = await storeFor(options.databaseUrl);
      try {
        await runStoreExport(options, cliCaller(detect, { store: source }), io);
      } finally {
        await source.close();
      }
    });
  store
    .command('import')
    .description('write an export back (revisions and authors kept; records with the same key are replaced)')
    .argument('<file>', 'a file written by `weightplan store export`')
    .option('--database-url <url>', 'import into a PostgreSQL store instead of the config directory')
    .action(async (file: string, options: { databaseUrl?: string }) => {
      const target = await storeFor(options.databaseUrl);
      try {
        await runStoreImport(file, cliCaller(detect, { store: target }), io);
      } finally {
        await target.close();
      }
    });
  store
    .command('upgrade-schema')
    .description("create or upgrade a PostgreSQL store's schema, then exit (the deployment's migration step; servers also do it on start)")
    .option('--database-url <url>', 'the database (default: WEIGHTPLAN_DATABASE_URL)')
    .action(async (options: { databaseUrl?: string }) => {
      const url = options.databaseUrl ?? (process.env.WEIGHTPLAN_DATABASE_URL || undefined);
      if (!url) throw new UsageError('give --database-url postgres://… or set WEIGHTPLAN_DATABASE_URL');
      if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database-url must be a postgres:// or postgresql:// URL');
      const { applied, version } = await upgradeDatabaseSchema(url);
      io.out(
        applied.length
          ? `applied schema steps ${applied.join(', ')}; the schema is at version ${version}`
          : `the schema is up to date (version ${version})`,
      );
    });
  store
    .command('migrate')
    .description('copy the config directory into PostgreSQL (the schema is created or upgraded first); the files stay as they are')
    .requiredOption('--to <url>', 'postgres://user:password@host:5432/weightplan')
    .action(async (options: { to: string }) => {
      const target = await storeFor(options.to);
      try {
        await runStoreMigrate(caller, cliCaller(detect, { store: target }), target.location, io);
      } finally {
        await target.close();
      }
    });

  program
    .command('mcp')
    .description('a Model Context Protocol server on stdin/stdout: estimate, recommend, models and detect as tools for AI assistants')
    .option('--allow-dir <dir>', 'a folder whose weight files the assistant may read (repeatable; none by default)', collect)
    .option('--no-hub', 'never look models up on the Hugging Face Hub (answer from the catalogs only)')
    .action(async (options: { allowDir?: string[]; hub?: boolean }) => {
      await runMcpOverStdio(
        {
          detectHardware: cachedDetection(detect),
          allowedRoots: options.allowDir ?? [],
          ...(options.hub === false ? {} : { hub: hubOptionsFromEnv() }),
        },
        VERSION,
      );
    });

  return program;
}

/** Runs the CLI and returns the exit code: 0 on success, 2 on bad usage or input, 1 on an unexpected failure. */
export async function run(argv: readonly string[], dependencies: CliDependencies = {}): Promise<number> {
  const io = dependencies.io ?? processIo;
  const detect = dependencies.detect ?? ((options) => detectHardware(options));
  const progress = benchProgressRenderer(io, io === processIo && process.stderr.isTTY === true);
  const program = buildProgram(
    io,
    detect,
    cliCaller(detect, { onBenchProgress: progress }),
    dependencies.shutdownSignal ?? processShutdownSignal,
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage mistakes were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    // The router's error map decides what is the user's mistake (exit 2) and what is ours (exit 1).
    // Messages quote names from the files read (tensor names, metadata keys): escaped, never run.
    if (error instanceof UsageError || isUserError(error)) {
      io.err(`weightplan: ${escapeControlCharacters(userMessage(error))}`);
      return 2;
    }
    io.err(`weightplan: unexpected error: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}`);
    if (process.env.WEIGHTPLAN_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

import { basename } from 'node:path';
import { ZodError } from 'zod';
import {
  type ModelArchitecture,
  type ModelArchitectureInput,
  ModelArchitectureSchema,
  type OpenModelSpec,
  OpenModelSpecSchema,
} from '../model-spec.js';
import { type Precision, PrecisionSchema, type Runtime } from '../precision.js';
import { countActiveDecoderParameters, countDecoderParameters } from '../tensor-inventory.js';
import { tensorFromName } from '../tensor-role.js';
import { parseConfigJson } from './config-json.js';
import { readTextInsideRoots } from './file-fence.js';
import { architectureFromGguf } from './gguf-architecture.js';
import { type GgufHeader, readGgufHeader } from './gguf-reader.js';
import { architectureFromHfConfig, ConfigError } from './hf-config.js';
import { ggufNameOf } from './hf-tensor-names.js';
import { locateWeightFiles, type WeightFormat } from './locate-files.js';
import { readSafetensorsHeader, type SafetensorsHeader } from './safetensors-reader.js';
import { WeightFileError } from './weight-file-error.js';

/** One stored type and how much of the model uses it. */
export interface DtypeShare {
  type: string;
  tensors: number;
  parameters: number;
  bytes: number;
}

export interface QuantizationInfo {
  method: string;
  bits?: number;
  groupSize?: number;
}

export interface InspectResult {
  path: string;
  format: WeightFormat;
  files: Array<{ path: string; bytes: number }>;
  /** The model in the catalog's own schema (origin "imported"). */
  spec: OpenModelSpec;
  /** The file's exact tensors as a precision, for estimates; null for a bare config.json. */
  precision: Precision | null;
  parameterCount: number;
  activeParameterCount: number;
  /** Exact bytes of all tensors; null for a bare config.json. */
  weightsBytes: number | null;
  byDtype: DtypeShare[];
  quantization: QuantizationInfo | null;
  tensorCount: number;
  /** A few metadata fields worth showing (GGUF general.*, file type). */
  metadata: Record<string, string | number | boolean>;
  warnings: string[];
  elapsedMilliseconds: number;
}

interface FileTensor {
  name: string;
  shape: number[];
  /** Logical parameters (a packed int4 word holds 8). */
  elements: number;
  type: string;
  bytes: number;
}

async function readJson(file: string, allowedRoots: readonly string[] | undefined): Promise<Record<string, unknown>> {
  return parseConfigJson(await readTextInsideRoots(file, allowedRoots, 16 * 1024 * 1024, 'config'), file);
}

function quantizationOf(config: Record<string, unknown> | undefined): QuantizationInfo | null {
  const q = config?.quantization_config;
  if (typeof q !== 'object' || q === null) return null;
  const fields = q as Record<string, unknown>;
  const method = String(fields.quant_method ?? 'unknown').toLowerCase();
  const bits =
    typeof fields.bits === 'number' ? fields.bits : fields.load_in_4bit === true ? 4 : fields.load_in_8bit === true ? 8 : undefined;
  const groupSize = typeof fields.group_size === 'number' ? fields.group_size : undefined;
  return { method, ...(bits !== undefined ? { bits } : {}), ...(groupSize !== undefined ? { groupSize } : {}) };
}

const QUANT_OVERHEAD =
  /(\.qzeros|\.scales|\.g_idx|\.weight_scale(_inv)?|\.input_scale|\.absmax|\.quant_map|\.quant_state.*|\.nested_absmax|\.nested_quant_map|_scales)$/;

/**
 * Logical parameters a stored safetensors tensor holds: packed int4 words (AWQ/GPTQ qweight) hold 32/bits
 * each, bitsandbytes 4-bit bytes and MXFP4 blocks hold two; scales, zeros and indices are storage overhead,
 * not parameters.
 */
function logicalElements(name: string, dtype: string, elements: number, quantization: QuantizationInfo | null): number {
  if (QUANT_OVERHEAD.test(name)) return 0;
  if (name.endsWith('.qweight')) return elements * (32 / (quantization?.bits ?? 4));
  if (name.endsWith('_blocks') && dtype === 'U8') return elements * 2;
  if (quantization?.method === 'bitsandbytes' && quantization.bits === 4 && dtype === 'U8' && name.endsWith('.weight')) return elements * 2;
  return elements;
}

function summarize(tensors: FileTensor[]): DtypeShare[] {
  const shares = new Map<string, DtypeShare>();
  for (const t of tensors) {
    const share = shares.get(t.type) ?? { type: t.type, tensors: 0, parameters: 0, bytes: 0 };
    share.tensors += 1;
    share.parameters += t.elements;
    share.bytes += t.bytes;
    shares.set(t.type, share);
  }
  return [...shares.values()].sort((a, b) => b.bytes - a.bytes);
}

function slug(text: string): string {
  return (
    text
      .replace(/\.(gguf|safetensors|json)$/i, '')
      .replace(/-\d{5}-of-\d{5}$/, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model'
  );
}

/**
 * What was read from a model's files, wherever they are (a local folder, the Hugging Face Hub): GGUF headers
 * (and, for vision models, their mmproj headers), or safetensors headers with the config.json beside them,
 * or a bare config.json.
 */
export type WeightHeaders =
  | { format: 'gguf'; root: string; headers: GgufHeader[]; multimodalHeaders?: GgufHeader[] }
  | { format: 'safetensors'; root: string; configFile: string; config: Record<string, unknown>; headers: SafetensorsHeader[] }
  | { format: 'config'; root: string; configFile: string; config: Record<string, unknown> };

/** How the described model names itself; a local file gets "local/<name>", a Hub model its repository id. */
export interface SpecIdentity {
  id?: string;
  name?: string;
  aliases?: string[];
  publisher?: string;
  licenseId?: string;
  sourcePath?: string;
  sourceUrl?: string;
  /** Where the exact count came from, when not a local path. */
  parameterCountSource?: string;
}

/**
 * Reads what a path holds (GGUF, safetensors, a model folder or a config.json) from headers only, and
 * describes it in the catalog's own schema with exact parameter count and bytes. Never reads tensor data.
 */
export async function inspectWeights(path: string, options: { allowedRoots?: readonly string[] } = {}): Promise<InspectResult> {
  const started = performance.now();
  const located = await locateWeightFiles(path, options.allowedRoots);
  let read: WeightHeaders;
  if (located.format === 'gguf') {
    const headers = [];
    for (const file of located.files) headers.push(await readGgufHeader(file, { allowedRoots: options.allowedRoots }));
    read = { format: 'gguf', root: located.root, headers };
  } else {
    const configFile = located.configFile;
    const config = configFile ? await readJson(configFile, options.allowedRoots) : undefined;
    if (!config || !configFile)
      throw new WeightFileError(located.root, 'needs a config.json beside the safetensors files to know the architecture');
    if (located.format === 'config') read = { format: 'config', root: located.root, configFile, config };
    else {
      const headers = [];
      for (const file of located.files) headers.push(await readSafetensorsHeader(file, { allowedRoots: options.allowedRoots }));
      read = { format: 'safetensors', root: located.root, configFile, config, headers };
    }
  }
  return describeWeights(read, { sourcePath: located.root }, started);
}

/**
 * Describes a model from its headers in the catalog's own schema: exact parameter count and bytes per
 * tensor, architecture, quantisation. Pure: the caller read the headers (from disk or over HTTP).
 */
export function describeWeights(read: WeightHeaders, identity: SpecIdentity = {}, started = performance.now()): InspectResult {
  try {
    return describeHeaders(read, identity, started);
  } catch (error) {
    // Whatever slips past the field checks still names the file, in one line, as bad input.
    if (error instanceof RangeError) throw new WeightFileError(read.root, `cannot be planned (${firstLine(error.message)})`);
    if (error instanceof ZodError) throw new WeightFileError(read.root, oneLineIssue(error));
    throw error;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}

/** A schema failure as "field.path: message", the first issue only: the reader's errors are one line. */
function oneLineIssue(error: ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'value'}: ${firstLine(issue?.message ?? 'invalid')}`;
}

function parseOrFail<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
  file: string,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new WeightFileError(file, `${what} not understood: ${oneLineIssue(parsed.error)}`);
  return parsed.data;
}

/** The highest decoder layer a tensor names ("blk.N."), plus one: how many layers the files really hold. */
function layersHeld(tensors: readonly FileTensor[]): number {
  let layers = 0;
  for (const t of tensors) {
    const match = /^blk\.(\d{1,7})\./.exec(t.name);
    if (match) layers = Math.max(layers, Number(match[1]) + 1);
  }
  return layers;
}

/** One shard named "-0000k-of-0000n" of a larger set, read alone: it holds only some of the layers. */
const LONE_SHARD = /-\d{5}-of-(\d{5})\.safetensors$/i;

function describeHeaders(read: WeightHeaders, identity: SpecIdentity, started: number): InspectResult {
  const located = { root: read.root, format: read.format };
  const fileCount =
    read.format === 'config' ? 0 : read.headers.length + (read.format === 'gguf' ? (read.multimodalHeaders?.length ?? 0) : 0);
  const warnings: string[] = [];
  const files: Array<{ path: string; bytes: number }> = [];
  const metadata: Record<string, string | number | boolean> = {};
  let tensors: FileTensor[] = [];
  let architectureInput: ModelArchitectureInput;
  let displayName: string | undefined;
  let quantization: QuantizationInfo | null = null;
  let runtimes: Runtime[];
  let format: Precision['format'];

  if (read.format === 'gguf') {
    const headers = read.headers;
    const first = headers[0];
    if (!first) throw new WeightFileError(located.root, 'no GGUF file found');
    for (const header of headers) {
      files.push({ path: header.file, bytes: header.fileSize });
      for (const t of header.tensors) tensors.push({ name: t.name, shape: t.shape, elements: t.elements, type: t.type, bytes: t.bytes });
    }
    // A vision model's projector (mmproj) file: its tensors count as the multimodal part, under "mm.".
    for (const header of read.multimodalHeaders ?? []) {
      files.push({ path: header.file, bytes: header.fileSize });
      for (const t of header.tensors)
        tensors.push({ name: `mm.${t.name}`, shape: t.shape, elements: t.elements, type: t.type, bytes: t.bytes });
    }
    // The architecture reads the first part's metadata and every part's tensors: a split set's output head
    // can sit in a later part, and its absence from the first must not read as tied embeddings.
    ({ architecture: architectureInput, name: displayName } = architectureFromGguf({
      ...first,
      tensors: headers.flatMap((h) => h.tensors),
    }));
    // general.name may be megabytes long in a hostile file: a display name is a line, not a payload.
    displayName = displayName?.slice(0, 200);
    for (const key of [
      'general.name',
      'general.architecture',
      'general.file_type',
      'general.quantization_version',
      'general.license',
      'general.basename',
      'general.size_label',
    ]) {
      const value = first.metadata.get(key);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') metadata[key] = value;
    }
    runtimes = ['llama.cpp', 'ollama'];
    format = 'gguf';
  } else {
    const { configFile, config } = read;
    try {
      architectureInput = architectureFromHfConfig(config);
    } catch (error) {
      if (error instanceof ConfigError) throw new WeightFileError(configFile, error.message);
      throw error;
    }
    quantization = quantizationOf(config);
    displayName =
      typeof config._name_or_path === 'string' && config._name_or_path ? basename(config._name_or_path).slice(0, 200) : undefined;
    for (const header of read.format === 'safetensors' ? read.headers : []) {
      files.push({ path: header.file, bytes: header.fileSize });
      for (const t of header.tensors) {
        tensors.push({
          name: ggufNameOf(t.name),
          shape: t.shape,
          elements: logicalElements(t.name, t.dtype, t.elements, quantization),
          type: t.dtype,
          bytes: t.bytes,
        });
      }
    }
    runtimes = ['vllm', 'sglang', 'transformers'];
    format = 'safetensors';
  }

  const architecture: ModelArchitecture = parseOrFail(ModelArchitectureSchema, architectureInput, located.root, 'architecture');
  if (read.format === 'safetensors') {
    const loneShard = read.headers.length === 1 && Number(LONE_SHARD.exec(read.headers[0]?.file ?? '')?.[1] ?? 1) > 1;
    const held = layersHeld(tensors);
    if (!loneShard && held > 0 && architecture.layers > held) {
      throw new WeightFileError(
        read.configFile,
        `num_hidden_layers must be an integer 1..${held}, got ${architecture.layers} (the safetensors files hold ${held} layers)`,
      );
    }
  }

  let parameterCount: number;
  let activeParameterCount: number;
  let multimodalParameterCount = 0;
  let weightsBytes: number | null = null;
  let precision: Precision | null = null;
  if (located.format === 'config') {
    parameterCount = countDecoderParameters(architecture);
    activeParameterCount = Math.round(countActiveDecoderParameters(architecture));
    warnings.push('config.json only: parameter count computed from the architecture; no file sizes');
  } else {
    const decoder = tensors.filter((t) => !t.name.startsWith('mm.'));
    multimodalParameterCount = tensors.filter((t) => t.name.startsWith('mm.')).reduce((sum, t) => sum + t.elements, 0);
    // A Set, not Array.includes: 100k tensors past the layer count must stay linear.
    const beyond = new Set(
      decoder.filter((t) => {
        const layer = /^blk\.(\d+)\./.exec(t.name)?.[1];
        return layer !== undefined && Number(layer) >= architecture.layers;
      }),
    );
    if (beyond.size > 0)
      warnings.push(
        `${beyond.size} tensors belong to layers past the model's ${architecture.layers} (multi-token prediction); inference does not load them`,
      );
    tensors = tensors.filter((t) => !beyond.has(t));
    const activeShare = architecture.moe ? architecture.moe.activeExperts / architecture.moe.experts : 1;
    parameterCount = tensors.reduce((sum, t) => sum + t.elements, 0);
    // The input embedding is a lookup, not a matrix product: it counts as active only when it doubles as the output head.
    const hasSeparateHead = decoder.some((t) => t.name === 'output.weight');
    activeParameterCount = Math.round(
      decoder
        .filter((t) => !beyond.has(t) && !(hasSeparateHead && t.name === 'token_embd.weight'))
        .reduce(
          (sum, t) =>
            sum + (tensorFromName(t.name, t.shape, t.elements, architecture.layers).routedExperts ? t.elements * activeShare : t.elements),
          0,
        ),
    );
    weightsBytes = tensors.reduce((sum, t) => sum + t.bytes, 0);
    const byType = summarize(tensors);
    const dominantType =
      quantization?.method && quantization.method !== 'unknown' ? quantization.method.toUpperCase() : (byType[0]?.type ?? 'F16');
    precision = parseOrFail(
      PrecisionSchema,
      {
        id: `file:${located.root}`,
        label: `${basename(located.root)} as stored (${byType
          .slice(0, 3)
          .map((s) => s.type)
          .join(', ')})`,
        format,
        dominantType,
        nominalBits: (weightsBytes * 8) / Math.max(1, parameterCount),
        storage: {
          kind: 'file',
          tensors: tensors.map(({ name, shape, elements, type, bytes }) => ({ name, shape, elements, type, bytes })),
        },
        computeFormat: dominantType.startsWith('F8') || dominantType === 'FP8' ? 'fp8' : dominantType === 'BF16' ? 'bf16' : 'fp16',
        runtimes,
        sourceUrl: 'https://github.com/ggml-org/ggml/blob/master/docs/gguf.md',
      },
      located.root,
      'precision',
    );
  }
  const computed = countDecoderParameters(architecture) + multimodalParameterCount;
  if (located.format !== 'config' && Math.abs(computed - parameterCount) / parameterCount > 0.01) {
    warnings.push(`the architecture accounts for ${computed} parameters, the tensors hold ${parameterCount}; figures use the tensors`);
  }

  const base = slug(displayName ?? basename(located.root));
  const spec = parseOrFail(
    OpenModelSpecSchema,
    {
      kind: 'open',
      id: identity.id ?? `local/${base}`,
      aliases: identity.aliases ?? [base],
      name: identity.name ?? displayName ?? base,
      family: architecture.modelType,
      publisher: identity.publisher ?? 'local file',
      parameterCount,
      activeParameterCount: Math.min(activeParameterCount, parameterCount),
      multimodalParameterCount,
      parameterCountSource:
        located.format === 'config'
          ? `computed from ${read.format === 'config' ? read.configFile : located.root}`
          : (identity.parameterCountSource ?? `counted from the tensors of ${fileCount} file(s) at ${located.root}`),
      architecture: architectureInput,
      releasedDtype: precision?.dominantType ?? 'unknown',
      license: {
        id: identity.licenseId ?? (typeof metadata['general.license'] === 'string' ? metadata['general.license'] : 'unknown'),
        commercialUse: false,
      },
      variant: /instruct|chat|-it\b/i.test(displayName ?? base) ? 'instruct' : 'base',
      origin: 'imported',
      ...(identity.sourcePath !== undefined ? { sourcePath: identity.sourcePath } : {}),
      ...(identity.sourceUrl !== undefined ? { sourceUrl: identity.sourceUrl } : {}),
    },
    located.root,
    'model',
  );
  return {
    path: located.root,
    format: located.format,
    files,
    spec,
    precision,
    parameterCount,
    activeParameterCount: spec.activeParameterCount,
    weightsBytes,
    byDtype: summarize(tensors),
    quantization,
    tensorCount: tensors.length,
    metadata,
    warnings,
    elapsedMilliseconds: performance.now() - started,
  };
}

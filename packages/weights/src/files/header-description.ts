import { z } from 'zod';
import { GGUF_LIMITS } from './gguf-header.js';

/**
 * Bounds on a header description (what a browser read from a picked file's headers and sends to be
 * described). The server checks them before any work, so a hand-made request cannot make it allocate or
 * loop beyond them; the web server's 1 MB body cap is tighter still, the desktop's IPC has none.
 */
export const HEADER_DESCRIPTION_LIMITS = {
  /** Parts of a split GGUF or shards of a safetensors set (the largest real sets have a few hundred). */
  maxFiles: 10_000,
  /** Tensors over all files: the GGUF reader's own limit. */
  maxTensors: GGUF_LIMITS.maxTensors,
  /** Real tensor names are under 128 characters. */
  maxNameCharacters: 1024,
  /** A file name, as the picker gives it (no folders). */
  maxFileNameCharacters: 1024,
  /** Metadata entries kept per GGUF file (general.* and <arch>.*; real files have under 100). */
  maxMetadataEntries: 4096,
  maxMetadataKeyCharacters: 256,
  /** Longest metadata string kept (a name, a license id); longer ones are cut. */
  maxMetadataStringCharacters: 4096,
  /** Arrays up to this length are kept as the GGUF reader keeps them; longer ones arrive as their length. */
  maxArrayItems: 64,
  /** A config.json's text: real ones are a few to tens of KB. */
  maxConfigCharacters: 1024 * 1024,
  /** safetensors shapes (the reader's limit); GGUF tensors have at most GGUF_LIMITS.maxDimensions. */
  maxDimensions: 8,
} as const;

const L = HEADER_DESCRIPTION_LIMITS;

const FileNameSchema = z
  .string()
  .min(1)
  .max(L.maxFileNameCharacters, { message: `at most ${L.maxFileNameCharacters} characters (a file name)` });

/** A u64/i64 beyond 2^53, as its decimal digits (JSON has no bigint). */
const BigIntValueSchema = z.strictObject({ bigint: z.string().regex(/^-?\d{1,20}$/) });

/** NaN and the infinities, which JSON cannot carry as numbers (a damaged f32 field). */
const NonFiniteValueSchema = z.strictObject({ nonFinite: z.enum(['NaN', 'Infinity', '-Infinity']) });

/** A long array the reader skipped, kept as its length and item type (tokenizer.ggml.tokens: the vocabulary size). */
const ArraySummarySchema = z.strictObject({
  arrayLength: z.int().min(0).max(GGUF_LIMITS.maxArrayItems),
  itemType: z.int().min(0).max(12),
});

const MetadataScalarSchema = z.union([
  z.string().max(L.maxMetadataStringCharacters),
  z.number(),
  z.boolean(),
  BigIntValueSchema,
  NonFiniteValueSchema,
]);

export const MetadataValueSchema = z.union([MetadataScalarSchema, z.array(MetadataScalarSchema).max(L.maxArrayItems), ArraySummarySchema]);
export type MetadataValueDescription = z.infer<typeof MetadataValueSchema>;

export const TensorDescriptionSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(L.maxNameCharacters, { message: `at most ${L.maxNameCharacters} characters` }),
  /** A GGML type name (GGUF) or a safetensors dtype. */
  type: z.string().min(1).max(16),
  /** As stored: GGUF innermost first, safetensors outermost first. */
  shape: z.array(z.int().min(0).max(Number.MAX_SAFE_INTEGER)).max(L.maxDimensions),
});
export type TensorDescription = z.infer<typeof TensorDescriptionSchema>;

const tensorsSchema = z.array(TensorDescriptionSchema).max(L.maxTensors, { message: `at most ${L.maxTensors} tensors` });

export const GgufFileDescriptionSchema = z.strictObject({
  name: FileNameSchema,
  bytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  version: z.int().min(2).max(3),
  headerBytes: z.int().min(0).max(GGUF_LIMITS.maxHeaderBytes),
  metadata: z
    .record(z.string().max(L.maxMetadataKeyCharacters), MetadataValueSchema)
    .refine((record) => Object.keys(record).length <= L.maxMetadataEntries, {
      message: `at most ${L.maxMetadataEntries} metadata entries`,
    }),
  tensors: tensorsSchema,
});
export type GgufFileDescription = z.infer<typeof GgufFileDescriptionSchema>;

export const SafetensorsFileDescriptionSchema = z.strictObject({
  name: FileNameSchema,
  bytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  headerBytes: z.int().min(0),
  tensors: tensorsSchema,
});
export type SafetensorsFileDescription = z.infer<typeof SafetensorsFileDescriptionSchema>;

const filesSchema = <T extends z.ZodType>(file: T) =>
  z
    .array(file)
    .min(1)
    .max(L.maxFiles, { message: `at most ${L.maxFiles} files` });

const configJsonSchema = z
  .string()
  .max(L.maxConfigCharacters, { message: `at most ${L.maxConfigCharacters} characters (a config.json is tens of KB)` });

/**
 * What a browser read from the headers of the weight files a user picked, compact enough to send: per file
 * its name, size and tensors (name, type, shape), for GGUF the metadata the description needs (general.*,
 * <arch>.* and the vocabulary's length; tokenizer arrays and chat templates are left behind), for
 * safetensors the config.json's text. `name` is what the answer calls the model's path.
 */
export const HeaderDescriptionSchema = z
  .discriminatedUnion('format', [
    z.strictObject({ format: z.literal('gguf'), name: FileNameSchema, files: filesSchema(GgufFileDescriptionSchema) }),
    z.strictObject({
      format: z.literal('safetensors'),
      name: FileNameSchema,
      configName: FileNameSchema,
      configJson: configJsonSchema,
      files: filesSchema(SafetensorsFileDescriptionSchema),
    }),
    z.strictObject({ format: z.literal('config'), name: FileNameSchema, configName: FileNameSchema, configJson: configJsonSchema }),
  ])
  .refine(
    (description) => description.format === 'config' || description.files.reduce((sum, f) => sum + f.tensors.length, 0) <= L.maxTensors,
    { message: `at most ${L.maxTensors} tensors over all files`, path: ['files'] },
  );
export type HeaderDescription = z.infer<typeof HeaderDescriptionSchema>;

import { z } from 'zod';

/**
 * GGML tensor storage types as written in GGUF files. `typeId` is the on-disk enum value; a block of
 * `blockElements` weights occupies `blockBytes` bytes. Sizes follow ggml's type traits
 * (https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml.c, `type_traits`), e.g. Q4_K packs 256
 * weights into 144 bytes: 128 bytes of 4-bit quants, 12 bytes of 6-bit sub-block scales and mins, and
 * two f16 super-block factors.
 */
export const GGML_TYPES = {
  F32: { typeId: 0, blockElements: 1, blockBytes: 4 },
  F16: { typeId: 1, blockElements: 1, blockBytes: 2 },
  Q4_0: { typeId: 2, blockElements: 32, blockBytes: 18 },
  Q4_1: { typeId: 3, blockElements: 32, blockBytes: 20 },
  Q5_0: { typeId: 6, blockElements: 32, blockBytes: 22 },
  Q5_1: { typeId: 7, blockElements: 32, blockBytes: 24 },
  Q8_0: { typeId: 8, blockElements: 32, blockBytes: 34 },
  Q8_1: { typeId: 9, blockElements: 32, blockBytes: 36 },
  Q2_K: { typeId: 10, blockElements: 256, blockBytes: 84 },
  Q3_K: { typeId: 11, blockElements: 256, blockBytes: 110 },
  Q4_K: { typeId: 12, blockElements: 256, blockBytes: 144 },
  Q5_K: { typeId: 13, blockElements: 256, blockBytes: 176 },
  Q6_K: { typeId: 14, blockElements: 256, blockBytes: 210 },
  Q8_K: { typeId: 15, blockElements: 256, blockBytes: 292 },
  IQ2_XXS: { typeId: 16, blockElements: 256, blockBytes: 66 },
  IQ2_XS: { typeId: 17, blockElements: 256, blockBytes: 74 },
  IQ3_XXS: { typeId: 18, blockElements: 256, blockBytes: 98 },
  IQ1_S: { typeId: 19, blockElements: 256, blockBytes: 50 },
  IQ4_NL: { typeId: 20, blockElements: 32, blockBytes: 18 },
  IQ3_S: { typeId: 21, blockElements: 256, blockBytes: 110 },
  IQ2_S: { typeId: 22, blockElements: 256, blockBytes: 82 },
  IQ4_XS: { typeId: 23, blockElements: 256, blockBytes: 136 },
  I8: { typeId: 24, blockElements: 1, blockBytes: 1 },
  I16: { typeId: 25, blockElements: 1, blockBytes: 2 },
  I32: { typeId: 26, blockElements: 1, blockBytes: 4 },
  I64: { typeId: 27, blockElements: 1, blockBytes: 8 },
  F64: { typeId: 28, blockElements: 1, blockBytes: 8 },
  IQ1_M: { typeId: 29, blockElements: 256, blockBytes: 56 },
  BF16: { typeId: 30, blockElements: 1, blockBytes: 2 },
  TQ1_0: { typeId: 34, blockElements: 256, blockBytes: 54 },
  TQ2_0: { typeId: 35, blockElements: 256, blockBytes: 66 },
  MXFP4: { typeId: 39, blockElements: 32, blockBytes: 17 },
} as const satisfies Record<string, { typeId: number; blockElements: number; blockBytes: number }>;

export type GgmlTypeName = keyof typeof GGML_TYPES;

export const GgmlTypeNameSchema = z.enum(Object.keys(GGML_TYPES) as [GgmlTypeName, ...GgmlTypeName[]]);

const GGML_TYPE_BY_ID = new Map<number, GgmlTypeName>(
  (Object.entries(GGML_TYPES) as Array<[GgmlTypeName, (typeof GGML_TYPES)[GgmlTypeName]]>).map(([name, type]) => [type.typeId, name]),
);

/** The GGML type stored under `typeId` in a GGUF tensor info, or undefined for ids this build does not know. */
export function ggmlTypeById(typeId: number): GgmlTypeName | undefined {
  return GGML_TYPE_BY_ID.get(typeId);
}

/** Average storage bits per weight of a GGML type, including its block scales. */
export function ggmlBitsPerWeight(type: GgmlTypeName): number {
  const { blockElements, blockBytes } = GGML_TYPES[type];
  return (blockBytes * 8) / blockElements;
}

/**
 * Exact bytes of a tensor of `elements` weights stored as `type`. GGML quantises whole rows, so a row
 * length that is not a multiple of the block size cannot be stored in that type at all: callers choose a
 * fallback type first (see `ggufFallbackType`). The division is exact for valid tensors.
 */
export function ggmlTensorBytes(type: GgmlTypeName, elements: number): number {
  const { blockElements, blockBytes } = GGML_TYPES[type];
  return Math.ceil(elements / blockElements) * blockBytes;
}

/** Whether a row of `rowElements` weights can be stored in `type` (rows are whole blocks). */
export function ggmlTypeFitsRow(type: GgmlTypeName, rowElements: number): boolean {
  return rowElements % GGML_TYPES[type].blockElements === 0;
}

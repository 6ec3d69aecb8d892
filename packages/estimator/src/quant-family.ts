import type { Precision } from '@weightplan/weights';

/**
 * Precisions grouped by how their kernels behave: dequantisation work per byte read differs between a
 * plain f16 matrix, a 32-weight Q8_0 block, a 256-weight k-quant super-block with 6-bit scales, an
 * i-quant lattice lookup, and Marlin's int4 kernels. Speed constants are calibrated per family, never per
 * precision, so each family needs measurements of at least one member.
 */
export type QuantFamily = 'f32' | 'f16' | 'q8' | 'legacy' | 'kquant' | 'iquant' | 'int4-gpu' | 'fp8' | 'int8' | 'mxfp4' | 'mlx';

export function quantFamily(precision: Precision): QuantFamily {
  const storage = precision.storage;
  switch (storage.kind) {
    case 'float':
      return storage.bytesPerWeight === 4 ? 'f32' : 'f16';
    case 'gguf': {
      const ftype = storage.ftype;
      if (ftype === 'F32') return 'f32';
      if (ftype === 'F16' || ftype === 'BF16') return 'f16';
      if (ftype === 'Q8_0') return 'q8';
      if (ftype === 'MXFP4_MOE') return 'mxfp4';
      if (ftype.startsWith('IQ') || ftype.startsWith('TQ')) return 'iquant';
      if (ftype.includes('_K')) return 'kquant';
      return 'legacy';
    }
    case 'linear':
      if (precision.computeFormat === 'fp8') return 'fp8';
      if (precision.computeFormat === 'int8') return 'int8';
      return storage.bitsPerWeight >= 8 ? 'q8' : 'int4-gpu';
    case 'experts':
      return 'mxfp4';
    case 'mlx':
      return 'mlx';
    case 'file':
      return familyOfType(precision.dominantType ?? '');
  }
}

/** Kernel family of a weight file's dominant storage type (a GGML type, a safetensors dtype or a quantisation method). */
export function familyOfType(type: string): QuantFamily {
  const t = type.toUpperCase();
  if (t === 'F32') return 'f32';
  if (t === 'F16' || t === 'BF16') return 'f16';
  if (t === 'Q8_0' || t === 'I8' || t === 'INT8') return 'q8';
  if (t === 'MXFP4') return 'mxfp4';
  if (t.startsWith('F8') || t === 'FP8') return 'fp8';
  if (t === 'AWQ' || t === 'GPTQ' || t === 'BITSANDBYTES') return 'int4-gpu';
  if (t.startsWith('IQ') || t.startsWith('TQ')) return 'iquant';
  if (t.includes('_K')) return 'kquant';
  return 'legacy';
}

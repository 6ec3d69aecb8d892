import { type FileHandle, open } from 'node:fs/promises';
import { WeightFileError } from './weight-file-error.js';

/** Opens a weight file for reading its header; a file that cannot be opened is a `WeightFileError` with the OS code. */
export async function openWeightFile(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new WeightFileError(file, `cannot open (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

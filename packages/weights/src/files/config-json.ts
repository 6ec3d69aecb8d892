import { WeightFileError } from './weight-file-error.js';

/**
 * A config.json's text as the JSON object it must be, or a one-line `WeightFileError`: the same check for a
 * file read from disk and for one a browser read and sent.
 */
export function parseConfigJson(text: string, file: string): Record<string, unknown> {
  try {
    const json = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
    return json;
  } catch (error) {
    throw new WeightFileError(
      file,
      `is not a JSON object (${error instanceof RangeError ? 'nested too deeply' : (error as Error).message.split('\n')[0]})`,
    );
  }
}

import { join } from 'node:path';
import { type PriceOverlay, PriceOverlaySchema } from '@weightplan/pricing';
import { configDirectory } from './config-dir.js';
import { readJsonFile } from './json-file.js';

export function priceOverlayFile(directory = configDirectory()): string {
  return join(directory, 'prices.json');
}

/**
 * The user's price overlay (`prices.json` in the config directory), if there is one: API, hardware and
 * cloud prices that replace or add to the shipped ones. A malformed file is an error naming the field.
 */
export function loadPriceOverlay(file = priceOverlayFile()): PriceOverlay | undefined {
  return readJsonFile(file, PriceOverlaySchema);
}

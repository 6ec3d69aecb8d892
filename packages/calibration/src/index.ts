export {
  loadGgufSizeRows,
  loadMemoryRows,
  loadServingRows,
  loadThroughputRows,
  loadWeightFileSizeRows,
  parseServingRows,
  parseSize,
} from './load.js';
export { CALIBRATION_MODEL_IDS, calibrationModelId } from './model-names.js';
export { parseCsv } from './parse-csv.js';
export * from './rows.js';

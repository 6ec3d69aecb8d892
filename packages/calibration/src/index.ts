export { loadGgufSizeRows, loadMemoryRows, loadThroughputRows, loadWeightFileSizeRows, parseSize } from './load.js';
export { CALIBRATION_MODEL_IDS, calibrationModelId } from './model-names.js';
export { parseCsv } from './parse-csv.js';
export * from './rows.js';

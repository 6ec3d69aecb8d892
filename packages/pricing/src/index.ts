export * from './cloud-instance.js';
export { CLOUD_INSTANCES } from './cloud-instances.js';
export { HARDWARE_PRICES } from './hardware-prices.js';
export * from './price-overlay.js';

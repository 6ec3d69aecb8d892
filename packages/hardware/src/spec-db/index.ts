import type { GpuSpec } from '../gpu-spec.js';
import { amdGpus } from './amd.js';
import { appleGpus } from './apple.js';
import { intelGpus } from './intel.js';
import { nvidiaConsumerGpus } from './nvidia-consumer.js';
import { nvidiaDatacenterGpus } from './nvidia-datacenter.js';
import { nvidiaWorkstationGpus } from './nvidia-workstation.js';

/** Every GPU and SoC in the spec database. */
export const GPU_SPECS: readonly GpuSpec[] = Object.freeze([
  ...nvidiaConsumerGpus,
  ...nvidiaWorkstationGpus,
  ...nvidiaDatacenterGpus,
  ...amdGpus,
  ...intelGpus,
  ...appleGpus,
]);

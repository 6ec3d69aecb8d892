/**
 * The most GPUs one node may hold. The largest single NVLink domain sold is NVIDIA's GB200 NVL72 rack,
 * 72 GPUs (https://www.nvidia.com/en-us/data-center/gb200-nvl72/); HGX servers hold 8 and the largest
 * PCIe servers 10 to 20. Each GPU adds work to every estimate, so requests stop at what exists.
 */
export const MAX_GPUS_PER_NODE = 72;

/**
 * The most identical nodes a plan may span. DeepSeek-V3's decode deployment unit, among the largest
 * published for serving one model, is 40 nodes of 8 GPUs (https://arxiv.org/abs/2412.19437, section
 * 3.4.2); 64 leaves room above it.
 */
export const MAX_NODES = 64;

/**
 * The most GPUs in all (per node x nodes): eight NVL72 racks, 576 GPUs, the largest NVLink system NVIDIA
 * has announced and above DeepSeek-V3's 320. An estimate lists every device's memory, so its work and size
 * grow with this count: DeepSeek-V3 on 64 nodes of 72 GPUs took 1.6 s and answered 1.3 MB; on 576 GPUs
 * 0.5 s and 165 KB (256 nodes of 1,024 GPUs, once accepted, took 4.8 s).
 */
export const MAX_TOTAL_GPUS = 576;

export const TOTAL_GPUS_MESSAGE = `at most ${MAX_TOTAL_GPUS} GPUs in all, GPUs per node x nodes (eight GB200 NVL72 racks)`;

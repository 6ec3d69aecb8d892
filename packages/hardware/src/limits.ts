/**
 * The most GPUs one node may hold. The largest single NVLink domain sold is NVIDIA's GB200 NVL72 rack,
 * 72 GPUs (https://www.nvidia.com/en-us/data-center/gb200-nvl72/); HGX servers hold 8 and the largest
 * PCIe servers 10 to 20. Each GPU adds work to every estimate, so requests stop at what exists.
 */
export const MAX_GPUS_PER_NODE = 72;

/**
 * The most identical nodes a plan may span. DeepSeek-V3's decode deployment unit, among the largest
 * published for serving one model, is 40 nodes of 8 GPUs (https://arxiv.org/abs/2412.19437, section
 * 3.4.2); 64 leaves room above it. 64 nodes of 72 GPUs take about 70 ms per estimate, where 256 nodes of
 * 1,024 GPUs took 4.8 s and a 600 KB answer.
 */
export const MAX_NODES = 64;

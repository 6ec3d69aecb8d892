// Child process for the inspect benchmark: inspects one path and reports time and peak memory.
import { inspectWeights } from '@weightplan/weights/files';

const started = performance.now();
const result = await inspectWeights(process.argv[2]);
const milliseconds = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    milliseconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    parameters: result.parameterCount,
    bytes: result.weightsBytes,
    fileBytes: result.files.reduce((s, f) => s + f.bytes, 0),
  }),
);

export { awqTensors, ggufFile, type HfTensor, hfDenseTensors, safetensorsFile, shard, tensorBytes, textFile } from './fixture-files.js';
export {
  fixtureRepos,
  fixtureSha,
  gatedLlamaRepo,
  gemma3VisionRepo,
  hangingRepo,
  malformedRepo,
  qwen3AwqRepo,
  qwen3GgufRepo,
  qwen3Repo,
} from './fixtures.js';
export {
  type RecordedRequest,
  type StandInFile,
  type StandInHub,
  type StandInHubOptions,
  type StandInRepo,
  startStandInHub,
} from './stand-in-hub.js';

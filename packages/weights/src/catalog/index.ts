import type { OpenModelSpec } from '../model-spec.js';
import { deepseekModels } from './deepseek.js';
import { gemmaModels } from './gemma.js';
import { glmModels } from './glm.js';
import { gptOssModels } from './gpt-oss.js';
import { graniteModels } from './granite.js';
import { kimiModels } from './kimi.js';
import { llamaModels } from './llama.js';
import { llama2Models } from './llama2.js';
import { minimaxModels } from './minimax.js';
import { mistralModels } from './mistral.js';
import { nvidiaModels } from './nvidia.js';
import { phiModels } from './phi.js';
import { qwenModels } from './qwen.js';
import { smallModels } from './small.js';

/** Every open-weight model Weightplan knows without reading a file, by family. */
export const OPEN_MODELS: readonly OpenModelSpec[] = Object.freeze([
  ...llama2Models,
  ...llamaModels,
  ...qwenModels,
  ...mistralModels,
  ...gemmaModels,
  ...phiModels,
  ...deepseekModels,
  ...gptOssModels,
  ...smallModels,
  ...glmModels,
  ...kimiModels,
  ...minimaxModels,
  ...nvidiaModels,
  ...graniteModels,
]);

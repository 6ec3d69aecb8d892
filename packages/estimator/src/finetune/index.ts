export {
  activationBytesPerTokenPerLayer,
  type FinetuneMemory,
  FinetuneMemorySchema,
  type FinetuneMethod,
  FinetuneMethodSchema,
  type FinetuneSetup,
  finetuneMemory,
  LoraTargetsSchema,
  loraParameters,
  OptimizerSchema,
  ShardingSchema,
} from './finetune-memory.js';
export {
  type FinetuneOption,
  FinetuneOptionSchema,
  type FinetunePlan,
  FinetunePlanSchema,
  type FinetuneRequest,
  FinetuneRequestSchema,
  planFinetune,
} from './finetune-plan.js';

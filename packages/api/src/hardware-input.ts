import {
  HardwareInputSchema as BaseHardwareInputSchema,
  type HardwareProfile,
  resolveHardwareInput as resolveInput,
} from '@weightplan/hardware';
import type { z } from 'zod';
import type { ApiContext } from './context.js';

export { WhatIfHardwareSchema } from '@weightplan/hardware';

/** Hardware in a request; absent means the host's own machine. */
export const HardwareInputSchema = BaseHardwareInputSchema.optional();

export type HardwareInput = z.infer<typeof HardwareInputSchema>;

export function resolveHardwareInput(input: HardwareInput, ctx: ApiContext): Promise<HardwareProfile> {
  return resolveInput(input, (options) => ctx.detectHardware(options));
}

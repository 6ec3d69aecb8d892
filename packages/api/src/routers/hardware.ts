import { GPU_SPECS, GpuSpecSchema, HardwareProfileSchema } from '@weightplan/hardware';
import { nameDistance } from '@weightplan/match';
import { z } from 'zod';
import { resolveHardwareInput, WhatIfHardwareSchema } from '../hardware-input.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';

export const hardwareRouter = router({
  detect: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/hardware',
        tags: ['hardware'],
        summary: "The host's own hardware: CPU, RAM, GPUs, each figure with its provenance",
      },
    })
    .input(strictInput({ measure: z.boolean().optional().describe('also measure memory bandwidth (about 0.3 s)') }).optional())
    .output(HardwareProfileSchema)
    .query(({ input, ctx }) => ctx.detectHardware({ measure: input?.measure ?? false })),

  gpus: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/gpus', tags: ['hardware'], summary: 'The GPU spec database (every entry cited)' } })
    .input(
      strictInput({ search: z.string().max(200).optional(), vendor: z.enum(['nvidia', 'amd', 'intel', 'apple']).optional() }).optional(),
    )
    .output(z.array(GpuSpecSchema))
    .query(({ input }) =>
      GPU_SPECS.filter(
        (gpu) =>
          (!input?.vendor || gpu.vendor === input.vendor) &&
          (!input?.search || [gpu.name, ...gpu.aliases].some((n) => nameDistance(input.search ?? '', n) < 2)),
      ),
    ),

  profile: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/hardware/profile',
        tags: ['hardware'],
        summary: 'A hardware profile for a machine described by name (what-if)',
      },
    })
    .input(WhatIfHardwareSchema)
    .output(HardwareProfileSchema)
    .mutation(({ input, ctx }) => resolveHardwareInput({ whatIf: input }, ctx)),
});

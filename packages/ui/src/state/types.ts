import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@weightplan/api';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type HardwareInput = NonNullable<RouterInputs['estimate']['hardware']>;
export type WhatIfHardware = Extract<HardwareInput, { whatIf: unknown }>['whatIf'];
export type HardwareProfile = RouterOutputs['hardware']['detect'];
export type Estimate = RouterOutputs['estimate'];
export type Scenario = RouterOutputs['scenario'];
export type FitMatrix = RouterOutputs['fitMatrix'];
export type Plan = RouterOutputs['plans']['get'];
export type ModelList = RouterOutputs['models']['list'];
export type OpenModel = ModelList['open'][number];
export type ClosedModel = ModelList['closed'][number];
export type KvCacheType = NonNullable<RouterInputs['estimate']['kvCacheType']>;
export type Runtime = NonNullable<RouterInputs['estimate']['runtime']>;

import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Views compute real estimates (the fit matrix is 1,300 of them for 109 models); on a busy CI machine, with
// every package's tests running at once on two cores, that takes many seconds. Timeouts catch hangs only.
configure({ asyncUtilTimeout: 40_000 });

afterEach(() => cleanup());

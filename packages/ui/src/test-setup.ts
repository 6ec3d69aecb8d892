import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Views compute real estimates (the fit matrix is 700+ of them); on a busy CI machine that takes seconds.
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => cleanup());

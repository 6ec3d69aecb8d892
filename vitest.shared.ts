import { defaultServerConditions, type UserConfig } from 'vite';

// Workspace packages export their TypeScript sources under the "@weightplan/source" condition, so tests
// run against src/ without building dependencies first (and see source-mapped stack traces).
const conditions = ['@weightplan/source', ...defaultServerConditions];

export const sourceConditions: UserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
};

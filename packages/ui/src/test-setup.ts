import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';

// Views compute real estimates (the fit matrix is 1,300 of them for 109 models); on a busy CI machine, with
// every package's tests running at once on two cores, that takes many seconds. Timeouts catch hangs only.
configure({ asyncUtilTimeout: 40_000 });

// Test files share one page per worker (vitest.shared.ts, sharedModules): each file starts on a blank one, as
// it would in a page of its own. The planner reads its scenario from the address (App tests leave theirs
// behind), the API key lives in sessionStorage, and the Hub tests lift the same-origin rule.
beforeAll(() => {
  window.history.replaceState(null, '', '/');
  window.sessionStorage.clear();
  window.localStorage.clear();
  (
    window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }
  ).happyDOM.settings.fetch.disableSameOriginPolicy = false;
});

afterEach(() => cleanup());

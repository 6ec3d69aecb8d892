import { createContext, type ReactNode, useContext } from 'react';
import type { RouterOutputs } from './types.js';

export type HostInfo = RouterOutputs['app']['info'];

const HostContext = createContext<HostInfo>({ version: '', host: 'server', readsFiles: false, fileDialogs: false, hubLookUps: false });

export function HostProvider({ info, children }: { info: HostInfo; children: ReactNode }) {
  return <HostContext.Provider value={info}>{children}</HostContext.Provider>;
}

/** What the host offers: native file dialogs (desktop) or none (web), and whether it reads weight files. */
export function useHost(): HostInfo {
  return useContext(HostContext);
}

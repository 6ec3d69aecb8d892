import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createApiClient } from './api-client.js';
import { createApiKeyStore } from './api-key.js';
import { ApiKeyGate } from './components/ApiKeyGate.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const keys = createApiKeyStore(window.sessionStorage);
createRoot(root).render(
  <StrictMode>
    <ApiKeyGate keys={keys}>
      <App api={createApiClient(keys)} />
    </ApiKeyGate>
  </StrictMode>,
);

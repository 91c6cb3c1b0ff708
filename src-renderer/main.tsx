import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { chooseDeskBridge } from './bridge/choose-desk-bridge';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html is missing the #root element');

createRoot(container).render(
  <StrictMode>
    <App bridge={chooseDeskBridge()} />
  </StrictMode>,
);

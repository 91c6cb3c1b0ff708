import type { DeskBridge } from '../src-shared/bridge/desk-bridge';

declare global {
  interface Window {
    /**
     * Exposed by the preload (src-main/preload). Absent when the renderer is opened in a
     * plain browser, e.g. a Vite preview, so callers must handle `undefined`.
     */
    readonly studioDesk?: DeskBridge;
  }
}

import { DESK_HTTP, type DeskBridge } from '../../src-shared/bridge/desk-bridge';
import { createHttpDeskBridge } from './http-desk-bridge';

const STORAGE_KEY = 'studio-desk.secret';

/**
 * The bridge for this page: Electron's preload when present, else browser mode's loopback
 * client. The launch URL's fragment carries the secret; it is moved to session storage
 * and removed from the address bar so it is not left in history or screenshots.
 */
export function chooseDeskBridge(): DeskBridge | undefined {
  if (window.studioDesk) return window.studioDesk;
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get(DESK_HTTP.secretFragmentKey);
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const secret = fromUrl ?? sessionStorage.getItem(STORAGE_KEY);
  return secret ? createHttpDeskBridge(secret) : undefined;
}

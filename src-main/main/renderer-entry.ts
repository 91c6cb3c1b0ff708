import path from 'node:path';

/**
 * The privileged scheme the built renderer is served from (`app://desk/index.html`, see
 * app-protocol.ts). A real origin instead of file:// lets the `grantFileProtocolExtraPrivileges`
 * fuse stay off and gives the CSP's `'self'` a meaning narrower than "any local file".
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';

/**
 * Where the renderer is loaded from, and so which URLs count as the app's own: the
 * Vite dev server during development, the built renderer on the app scheme otherwise.
 */
export type RendererEntry =
  | { readonly kind: 'dev-server'; readonly origin: string; readonly url: string }
  | { readonly kind: 'bundled'; readonly rendererDir: string; readonly url: string };

/**
 * Picks the renderer entry. The dev-server URL from electron-vite is honoured only in
 * an unpackaged app, so an environment variable cannot point a shipped desk elsewhere.
 */
export function resolveRendererEntry(options: {
  readonly isPackaged: boolean;
  readonly devServerUrl: string | undefined;
  readonly mainDir: string;
}): RendererEntry {
  if (!options.isPackaged && options.devServerUrl) {
    const url = new URL(options.devServerUrl);
    return { kind: 'dev-server', origin: url.origin, url: url.href };
  }
  return {
    kind: 'bundled',
    rendererDir: path.join(options.mainDir, '../renderer'),
    url: `${APP_SCHEME}://${APP_HOST}/index.html`,
  };
}

/** True when `candidate` is a page of this app (its dev server or its own scheme and host). */
export function isAppUrl(entry: RendererEntry, candidate: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return false;
  }
  if (entry.kind === 'dev-server') return parsed.origin === entry.origin;
  // Node gives non-special schemes an opaque origin ("null"), so compare the parts.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

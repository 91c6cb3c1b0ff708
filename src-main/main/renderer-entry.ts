import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the renderer is loaded from, and so which URLs count as the app's own: the
 * Vite dev server during development, the built `index.html` otherwise.
 */
export type RendererEntry =
  | { readonly kind: 'dev-server'; readonly origin: string; readonly url: string }
  | { readonly kind: 'file'; readonly filePath: string; readonly url: string };

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
  const filePath = path.join(options.mainDir, '../renderer/index.html');
  return { kind: 'file', filePath, url: pathToFileURL(filePath).href };
}

/** True when `candidate` is a page of this app (ignoring query and fragment). */
export function isAppUrl(entry: RendererEntry, candidate: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return false;
  }
  if (entry.kind === 'dev-server') return parsed.origin === entry.origin;
  parsed.search = '';
  parsed.hash = '';
  return parsed.href === entry.url;
}

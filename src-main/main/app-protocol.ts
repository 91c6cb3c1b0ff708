import path from 'node:path';
import { rendererContentType } from '../loopback/static-files';
import { APP_HOST, APP_SCHEME } from './renderer-entry';

/**
 * Maps an `app://desk/...` request to a file of the built renderer, or `undefined` for
 * anything else: another host, an encoded `..` or separator that would leave the
 * renderer folder, a NUL byte. Only the renderer's own files are ever served.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (relative.includes('\0') || relative.includes('\\')) return undefined;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return file;
}

/**
 * The `protocol.handle(APP_SCHEME, ...)` handler: the renderer's files with their content
 * types, 404 for everything else. `readFile` reads inside app.asar in a packaged app.
 */
export function createAppSchemeHandler(
  rendererDir: string,
  readFile: (file: string) => Promise<Uint8Array>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (file === undefined || request.method !== 'GET') {
      return new Response('Not found', { status: 404 });
    }
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    return new Response(body, {
      status: 200,
      headers: { 'content-type': rendererContentType(file), 'x-content-type-options': 'nosniff' },
    });
  };
}

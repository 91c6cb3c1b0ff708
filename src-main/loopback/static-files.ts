import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Content types for what the renderer build contains, for browser mode's loopback server
 * and Electron's app:// scheme alike; anything else is served as bytes.
 */
export function rendererContentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Reads a file of the built renderer for a URL path; undefined when there is none. Paths
 * that would leave the folder (`..`, encoded or not) are never read.
 */
export async function readRendererFile(
  rendererDir: string,
  urlPath: string,
): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const root = resolve(rendererDir);
  const relative = decoded === '/' ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
  const path = resolve(join(root, relative));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return {
      body: await readFile(path),
      contentType: rendererContentType(path),
    };
  } catch {
    return undefined;
  }
}

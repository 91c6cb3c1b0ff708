// The app:// scheme that serves the built renderer: its files only, nothing around them.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppSchemeHandler, resolveAppFile } from '../../src-main/main/app-protocol';

let base: string;
let rendererDir: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'app-scheme-'));
  rendererDir = path.join(base, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  await writeFile(path.join(rendererDir, 'assets/index-abc.js'), 'export const desk = 1;');
  await writeFile(path.join(base, 'desk.sqlite'), 'SECRET MEMBER DATA');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveAppFile', () => {
  it("maps the app's URLs to files inside the renderer folder", () => {
    expect(resolveAppFile(rendererDir, 'app://desk/')).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppFile(rendererDir, 'app://desk/assets/index-abc.js?v=1#x')).toBe(
      path.join(rendererDir, 'assets/index-abc.js'),
    );
  });

  it('refuses other hosts, schemes and every way out of the folder', () => {
    for (const url of [
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://desk/index.html',
      'app://desk/assets/%2e%2e%2f%2e%2e%2fdesk.sqlite',
      'app://desk/..%5cdesk.sqlite',
      'app://desk/index.html%00.js',
      'app://desk/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppFile(rendererDir, url), url).toBeUndefined();
    }
    // A literal or encoded `..` segment is resolved by the URL parser itself, so it
    // stays inside the folder.
    for (const url of ['app://desk/../desk.sqlite', 'app://desk/%2e%2e/desk.sqlite']) {
      expect(resolveAppFile(rendererDir, url), url).toBe(path.join(rendererDir, 'desk.sqlite'));
    }
  });
});

describe('app scheme handler', () => {
  const handler = () => createAppSchemeHandler(rendererDir, (file) => readFile(file));

  it('serves renderer files with their content type', async () => {
    const page = await handler()(new Request('app://desk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>desk</title>');
    const script = await handler()(new Request('app://desk/assets/index-abc.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for missing files, escapes and non-GET requests', async () => {
    const missing = await handler()(new Request('app://desk/nope.js'));
    expect(missing.status).toBe(404);
    const escape = await handler()(new Request('app://desk/assets/%2e%2e%2f%2e%2e%2fdesk.sqlite'));
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('SECRET');
    const post = await handler()(new Request('app://desk/index.html', { method: 'POST' }));
    expect(post.status).toBe(404);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { CONTENT_TYPES } from '../core/util/renderer-serving';
import { APP_SCHEME, RENDERER_CSP } from './security';


/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);
}

/** Serves the built renderer from `rootDir` with a strict CSP; nothing outside it is reachable. */
export function serveRenderer(rootDir: string): void {
  const root = path.resolve(rootDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(file);
      const ext = path.extname(file);
      const headers: Record<string, string> = { 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' };
      if (ext === '.html') headers['content-security-policy'] = RENDERER_CSP;
      return new Response(body, { status: 200, headers });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

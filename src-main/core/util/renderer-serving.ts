/** What both hosts of the renderer (the web host and Electron's app:// scheme) send with its files. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The renderer's Content-Security-Policy; `connectSrc` is where it may open connections (the web host's socket). */
export function rendererCsp(connectSrc: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // antd injects its generated CSS as <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

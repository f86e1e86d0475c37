import type { ServerResponse } from 'node:http';
import expressStaticGzip from 'express-static-gzip';

/**
 * Files whose name carries a hash of their content (the build's assets/) never change: cached
 * for a year, immutable. HTML names those files, so it is never taken from a cache unchecked.
 * Anything else (favicon, logos, icons) for a day.
 */
function cacheHeaders(res: ServerResponse, filePath: string): void {
  const file = filePath.replace(/\.(br|gz)$/, '');
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (/[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.(js|css)$/.test(file))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'public, max-age=86400');
}

/**
 * A built page (the tab, the add-in). The build writes Brotli and gzip copies beside each file
 * (vite-plugin-compression2, best quality once); express-static-gzip sends the one the browser
 * accepts (Brotli first), with Vary: Accept-Encoding, and the file itself to anyone else.
 */
export function staticSite(dir: string) {
  return expressStaticGzip(dir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: 'index.html',
    serveStatic: { setHeaders: cacheHeaders },
  });
}

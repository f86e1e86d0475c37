// CORS for the pages that call the sandbox from a browser: the Pathways tab and add-in
// (served by the service, on another port) fetch personas and tokens. Only those pages'
// origins and the sandbox's own are answered, and never with credentials: the sandbox
// sets no cookies, so no other site's page may read its state or mint its tokens.
import type { NextFunction, Request, Response } from 'express';

export function pageCors(
  allowedOrigins: () => readonly string[],
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    const allowed = origin !== undefined && allowedOrigins().includes(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After, request-id, Location, ETag');
    }
    if (req.method === 'OPTIONS' && origin !== undefined) {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}

/** An origin's spellings on this machine: a browser may open localhost or 127.0.0.1. */
export function originsOf(url: string): string[] {
  const u = new URL(url);
  const local = ['localhost', '127.0.0.1', '[::1]'];
  if (!local.includes(u.hostname)) return [u.origin];
  return local.map((host) => `${u.protocol}//${host}${u.port ? `:${u.port}` : ''}`);
}

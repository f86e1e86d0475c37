import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** An error answer in the API's one shape: `{ error: { code, message } }`. */
export function problem(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** An async route handler whose failures (a rejected promise) go to Express's error handler. */
export const asyncRoute =
  (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

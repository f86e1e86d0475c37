// Microsoft Graph error bodies: { error: { code, message, innerError } }.
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

export function sendGraphError(res: Response, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  res
    .status(status)
    .setHeader('request-id', requestId)
    .json({
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': requestId },
      },
    });
}

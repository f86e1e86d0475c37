// Bot Framework error bodies: { error: { code, message } }.
import type { Response } from 'express';

export function sendConnectorError(
  res: Response,
  status: number,
  code: string,
  message: string,
): void {
  res.status(status).json({ error: { code, message } });
}

// Identifiers shaped like the ones Graph hands out, so clients that store or log them
// see realistic lengths and alphabets.
import { randomBytes } from 'node:crypto';

/** Outlook item ids (messages, events) are long base64 strings starting "AAMk". */
export function outlookId(): string {
  return `AAMkAGI2${randomBytes(48).toString('base64url')}`;
}

/** Exchange change keys: a short base64 string that changes with every update. */
export function changeKey(): string {
  return randomBytes(12).toString('base64');
}

/** Planner ids are 28 url-safe characters. */
export function plannerId(): string {
  return randomBytes(21).toString('base64url');
}

export function internetMessageId(domain: string): string {
  return `<${randomBytes(12).toString('hex')}@${domain}>`;
}

/** Graph writes dateTime values with seven fractional digits. */
export function graphDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}.0000000`;
}

// Fault mode: a share of Graph requests is answered 429 or 503 (with Retry-After), answered
// slowly, or (kind 'lost') carried out and then answered 504, as when a response is lost on
// the way back. Seeded, the same sequence of requests meets the same faults every run.
import type { NextFunction, Request, Response } from 'express';
import { sendGraphError } from './graphErrors';

export type FaultKind = '429' | '503' | 'slow' | 'lost';

export interface SandboxFaults {
  /** Share of Graph requests (0 to 1) that meet a fault. */
  rate: number;
  /** With a seed the faults are deterministic; without one they are random. */
  seed?: number;
  /** Default ['429', '503', 'slow']. */
  kinds?: FaultKind[];
  /** Retry-After on injected 429 and 503, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** How long a 'slow' response waits before it is handled, in ms. Default 1500. */
  slowMs?: number;
}

const DEFAULT_KINDS: FaultKind[] = ['429', '503', 'slow'];

/** mulberry32: a small, well-known seeded generator (uniform in [0, 1)). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Reads the SANDBOX_FAULTS setting: `off`, or `rate=0.3,seed=42,kinds=429+503+slow+lost,
 * retryAfter=1,slowMs=1500`. Throws a plain message on anything else.
 */
export function parseSandboxFaults(text: string | undefined): SandboxFaults | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '' || trimmed === 'off') return undefined;
  const faults: SandboxFaults = { rate: NaN };
  for (const part of trimmed.split(',')) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    if (key === 'rate') faults.rate = Number(value);
    else if (key === 'seed') faults.seed = Number(value);
    else if (key === 'retryAfter') faults.retryAfterSeconds = Number(value);
    else if (key === 'slowMs') faults.slowMs = Number(value);
    else if (key === 'kinds') faults.kinds = value.split('+') as FaultKind[];
    else throw new Error(`Unknown sandbox fault setting '${key}'.`);
  }
  validateFaults(faults);
  return faults;
}

export function validateFaults(faults: SandboxFaults): void {
  if (!(faults.rate >= 0 && faults.rate <= 1)) {
    throw new Error('The sandbox fault rate must be a number from 0 to 1.');
  }
  for (const kind of faults.kinds ?? []) {
    if (!['429', '503', 'slow', 'lost'].includes(kind)) {
      throw new Error(`Unknown sandbox fault kind '${kind}'. Use 429, 503, slow or lost.`);
    }
  }
  for (const n of [faults.seed, faults.retryAfterSeconds, faults.slowMs]) {
    if (n !== undefined && !Number.isFinite(n)) {
      throw new Error('Sandbox fault seed, retryAfter and slowMs must be numbers.');
    }
  }
}

export class FaultInjector {
  private faults: SandboxFaults | undefined;
  private random: () => number = Math.random;
  /** Faults injected so far, by kind (tests read it to know faults really happened). */
  readonly injected: Record<FaultKind, number> = { '429': 0, '503': 0, slow: 0, lost: 0 };

  constructor(faults?: SandboxFaults) {
    this.set(faults);
  }

  set(faults: SandboxFaults | undefined): void {
    if (faults) validateFaults(faults);
    this.faults = faults;
    this.random = faults?.seed !== undefined ? seededRandom(faults.seed) : Math.random;
  }

  /** Express middleware for /v1.0, after authentication. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const faults = this.faults;
      if (!faults || faults.rate <= 0 || this.random() >= faults.rate) return next();
      const kinds = faults.kinds?.length ? faults.kinds : DEFAULT_KINDS;
      const kind = kinds[Math.floor(this.random() * kinds.length)] as FaultKind;
      this.injected[kind]++;
      const retryAfter = String(faults.retryAfterSeconds ?? 1);
      if (kind === '429') {
        res.setHeader('Retry-After', retryAfter);
        return sendGraphError(
          res,
          429,
          'TooManyRequests',
          'Too many requests. Retry after the time given in Retry-After.',
        );
      }
      if (kind === '503') {
        res.setHeader('Retry-After', retryAfter);
        return sendGraphError(
          res,
          503,
          'serviceNotAvailable',
          'The service is temporarily unavailable. Retry after the time given in Retry-After.',
        );
      }
      if (kind === 'slow') {
        setTimeout(next, faults.slowMs ?? 1500);
        return;
      }
      loseResponse(res);
      next();
    };
  }
}

/** Lets the handler run to the end, then answers 504 instead of what it wrote. */
function loseResponse(res: Response): void {
  const original = {
    status: res.status,
    setHeader: res.setHeader,
    json: res.json,
    send: res.send,
    end: res.end,
  };
  let lost = false;
  const lose = () => {
    if (lost) return res;
    lost = true;
    Object.assign(res, original);
    sendGraphError(
      res,
      504,
      'UnknownError',
      'The gateway timed out. The request may or may not have been carried out.',
    );
    return res;
  };
  Object.assign(res, {
    status: () => res,
    setHeader: () => res,
    json: lose,
    send: lose,
    end: lose,
  });
}

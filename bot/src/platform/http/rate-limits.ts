import type { Request, RequestHandler } from 'express';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema';

/**
 * An express-rate-limit store in the service's own PostgreSQL (or PGlite), so
 * every instance counts against the same limit. One upsert per request: a
 * window starts on the first hit and the count restarts once it has passed.
 */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private increments = 0;

  constructor(
    private readonly db: Kysely<Tables>,
    readonly prefix: string,
  ) {}

  init(options: Options) {
    this.windowMs = options.windowMs;
  }

  async increment(key: string) {
    const { rows } = await sql<{ hits: number; reset_at: Date }>`
      INSERT INTO rate_limit_hits AS r (key, hits, reset_at)
      VALUES (${this.prefix + key}, 1, now() + make_interval(secs => ${this.windowMs / 1000}))
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
        reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
      RETURNING hits, reset_at`.execute(this.db);
    // Now and then, forget windows long past (any instance may do it).
    this.increments += 1;
    if (this.increments % 1000 === 0) {
      await sql`DELETE FROM rate_limit_hits WHERE reset_at < now() - interval '1 hour'`.execute(
        this.db,
      );
    }
    return { totalHits: rows[0]!.hits, resetTime: rows[0]!.reset_at };
  }

  async decrement(key: string) {
    await sql`UPDATE rate_limit_hits SET hits = greatest(hits - 1, 0)
      WHERE key = ${this.prefix + key}`.execute(this.db);
  }

  async resetKey(key: string) {
    await sql`DELETE FROM rate_limit_hits WHERE key = ${this.prefix + key}`.execute(this.db);
  }
}

/** The client's address without a port (App Service's X-Forwarded-For carries one). */
export function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return /^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip) ? ip.replace(/:\d+$/, '') : ip;
}

function limiter(
  db: Kysely<Tables>,
  prefix: string,
  perMinute: number,
  key: (req: Request) => string,
  message: string,
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(db, prefix),
    keyGenerator: key,
    // A database hiccup must not lock everyone out; the request meets the database next anyway.
    passOnStoreError: true,
    // Our key generator strips ports itself; proxies are configured by TRUST_PROXY.
    validate: {
      ip: false,
      trustProxy: false,
      xForwardedForHeader: false,
      keyGeneratorIpFallback: false,
    },
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'TooManyRequests', message } });
    },
  });
}

/** /api/* (except the bot endpoint): per client address. */
export function apiRateLimit(db: Kysely<Tables>, perMinute: number): RequestHandler {
  return limiter(
    db,
    'api:',
    perMinute,
    clientAddress,
    'Too many requests from your network just now. Please wait a minute and try again.',
  );
}

/**
 * /api/messages: every request comes from Microsoft's Bot Connector, so the
 * address says nothing; the conversation does (one chat or channel flooding
 * the bot cannot slow the others).
 */
export function botRateLimit(db: Kysely<Tables>, perMinute: number): RequestHandler {
  return limiter(
    db,
    'bot:',
    perMinute,
    (req) => {
      const body = req.body as { conversation?: { id?: unknown } } | undefined;
      const conversation = body?.conversation?.id;
      // With the address too: a stranger naming someone's conversation fills only their own bucket.
      return `${clientAddress(req)}|${typeof conversation === 'string' ? conversation : ''}`;
    },
    'Too many messages in this conversation just now. Please wait a minute.',
  );
}

import pino, { type DestinationStream } from 'pino';

/**
 * Logs carry ids and outcomes, never content: no message text, names, emails
 * or children's details. Redaction is the safety net, not the plan:
 *
 * - fields whose names say they hold a person's details (names, emails,
 *   dates of birth, NHS numbers, addresses, postcodes, phone numbers, free
 *   text) are replaced wherever they are nested;
 * - in every other string, and in the message itself, anything shaped like an
 *   email address, an NHS number (ten digits, spaced or not) or a UK postcode
 *   is replaced, because error messages quote the values they choke on.
 *
 * A person's name in a free-text field or a message cannot be recognised by
 * its shape: log ids, and keep messages constant.
 */
const SENSITIVE_KEY =
  /name|e-?mail|upn|userprincipal|birth|dob|nhs|address|post_?code|phone|mobile|^text$|^body$|^from$|^message$|content|values|narrative|outline/i;
// Inside an error, `name` is its class and `message` is needed (its values are scrubbed below).
const ERROR_KEYS = new Set(['err', 'error']);

const CENSOR = '[redacted]';
const PATTERNS: RegExp[] = [
  /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi,
  /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g,
  /\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/gi,
];

export function scrubText(value: string): string {
  return PATTERNS.reduce((text, pattern) => text.replace(pattern, CENSOR), value);
}

function scrubError(error: Error) {
  return { name: scrubText(error.name), message: scrubText(error.message) };
}

function scrub(
  value: unknown,
  key: string | undefined,
  parent: string | undefined,
  depth: number,
): unknown {
  const inError = parent !== undefined && ERROR_KEYS.has(parent);
  const allowed = inError && (key === 'name' || key === 'message');
  if (key !== undefined && !allowed && SENSITIVE_KEY.test(key)) return CENSOR;
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'number') return /^\d{10}$/.test(String(value)) ? CENSOR : value;
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return scrubError(value);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, undefined, key, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, scrub(v, k, key, depth + 1)]),
  );
}

export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      formatters: {
        log: (object) => scrub(object, undefined, undefined, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // logger.error(error) would take its message unscrubbed as the log message.
          const first: unknown = args[0];
          const lead =
            first instanceof Error
              ? [{ err: scrubError(first) }, ...(typeof args[1] === 'string' ? [] : ['error'])]
              : [first];
          const scrubbed = [...lead, ...args.slice(1)].map((a) =>
            typeof a === 'string' ? scrubText(a) : a,
          );
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
        censor: CENSOR,
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;

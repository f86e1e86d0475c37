import pino from 'pino';

/**
 * Logs carry ids and outcomes, never content: no message text, names, emails
 * or children's details. Redaction is the safety net, not the plan.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        '*.text',
        '*.from',
        '*.email',
        '*.displayName',
        '*.userPrincipalName',
        'req.headers.authorization',
        '*.body',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;

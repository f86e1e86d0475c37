import { Writable } from 'node:stream';
import { createLogger } from './logging';

// Made-up details of the kinds the suite holds (no real person).
const NAME = 'Jaydenne Quibbleworth';
const EMAIL = 'jaydenne.q@example.org';
const NHS_NUMBERS = ['943 476 5919', '9434765919', '943-476-5919'] as const;
const BIRTH_DATES = ['2016-03-14', '14/03/2016'] as const;
const POSTCODES = ['TS24 7BT', 'ts247bt', 'SK1 3XE'] as const;
const SECRETS = [
  NAME,
  'Jaydenne',
  'Quibbleworth',
  EMAIL,
  ...NHS_NUMBERS,
  ...BIRTH_DATES,
  ...POSTCODES,
];

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('trace', stream), output: () => lines.join('') };
}

describe('logging', () => {
  it('when personal details sit in log fields of any name or depth, then none reaches the output', () => {
    const { logger, output } = capture();
    logger.info(
      {
        child: {
          name: NAME,
          firstName: 'Jaydenne',
          lastName: 'Quibbleworth',
          dateOfBirth: BIRTH_DATES[0],
          dob: BIRTH_DATES[1],
          nhsNumber: NHS_NUMBERS[0],
          address: { line1: '1 Somewhere Street', postcode: POSTCODES[0] },
        },
        referrer: { displayName: NAME, email: EMAIL, userPrincipalName: EMAIL },
        from: { name: NAME, aadObjectId: '00000000-0000-4000-8000-000000000009' },
        actorId: '00000000-0000-4000-8000-000000000001',
        text: `Concern about ${NAME}, NHS ${NHS_NUMBERS[1]}`,
        values: { childName: NAME, childDob: BIRTH_DATES[0] },
        message: `Email from ${EMAIL}`,
        list: [{ contactEmail: EMAIL }, NHS_NUMBERS[2], Number(NHS_NUMBERS[1])],
        req: { headers: { authorization: 'Bearer secret-token' } },
      },
      'kloe received',
    );
    const out = output();
    for (const secret of [...SECRETS, 'secret-token', '1 Somewhere Street']) {
      expect(out).not.toContain(secret);
      expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    // What is needed to work with the log stays.
    expect(out).toContain('00000000-0000-4000-8000-000000000001');
    expect(out).toContain('kloe received');
  });

  it('when an error message quotes an email, NHS number or postcode, then those are scrubbed and the error kept', () => {
    const { logger, output } = capture();
    const error = new Error(
      `duplicate key (email)=(${EMAIL}) for ${NHS_NUMBERS[0]} at ${POSTCODES[2]}`,
    );
    logger.error({ err: { name: error.name, message: error.message } }, 'request failed');
    logger.error(error);
    logger.warn(error, `failed for ${EMAIL}`);
    const out = output();
    for (const secret of [EMAIL, NHS_NUMBERS[0], POSTCODES[2]]) expect(out).not.toContain(secret);
    expect(out).toContain('duplicate key');
    expect(out).toContain('"name":"Error"');
  });

  it('when the log message itself holds an email, NHS number or postcode, then they are scrubbed', () => {
    const { logger, output } = capture();
    logger.info(`sent to ${EMAIL} about ${NHS_NUMBERS[1]} in ${POSTCODES[1]}`);
    const out = output();
    for (const secret of [EMAIL, NHS_NUMBERS[1], POSTCODES[1]]) {
      expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(out).toContain('sent to [redacted]');
  });

  it('when ordinary ids, counts and timestamps are logged, then they come through', () => {
    const { logger, output } = capture();
    logger.info(
      { applied: ['0005_audit_chain'], jobId: 'a1b2', count: 42, reference: 'KLOE-2025-0007' },
      'ok',
    );
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(line).toMatchObject({
      applied: ['0005_audit_chain'],
      jobId: 'a1b2',
      count: 42,
      reference: 'KLOE-2025-0007',
    });
  });
});

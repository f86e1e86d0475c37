import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/database';
import { auditLog } from '../db/repositories';
import { openTestDatabase } from '../db/test-database';
import { verifyAuditChain } from './audit-chain';
import {
  describeSignatureReport,
  loadAuditSigner,
  signAuditHeads,
  signerFromKey,
  verifyAuditSignatures,
  type AuditSigner,
} from './audit-signing';

const newKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('the signed audit head', () => {
  let database: Database;
  let signer: AuditSigner;
  let p: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    signer = signerFromKey(newKey());
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(() => {
    p = `p-${randomUUID()}`;
  });

  async function record(count: number) {
    for (let n = 1; n <= count; n += 1) {
      await auditLog(database.db).record({
        partnershipId: p,
        actorId: `actor-${n}`,
        action: 'consideration.read',
        subjectType: 'consideration',
        subjectId: `CR-${n}`,
        detail: { n },
      });
    }
  }
  const verify = (options: { now?: Date } = {}) =>
    verifyAuditSignatures(database.db, signer.publicKey, { partnershipId: p, ...options });

  /** What the database's owner can do: triggers off, rewrite, every hash recomputed, head moved. */
  async function rewriteHistoryAsOwner() {
    await database.executeSql('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await database.executeSql(`DO $$
      DECLARE r record; prev text;
      BEGIN
        SELECT hash INTO prev FROM audit_events WHERE partnership_id = '${p}' AND seq = 1;
        FOR r IN SELECT id, seq FROM audit_events WHERE partnership_id = '${p}' AND seq >= 2 ORDER BY seq LOOP
          UPDATE audit_events SET
            actor_id = CASE WHEN seq = 2 THEN 'someone-else' ELSE actor_id END,
            prev_hash = prev,
            hash = audit_event_hash(prev, seq, at, partnership_id,
              CASE WHEN seq = 2 THEN 'someone-else' ELSE actor_id END,
              action, subject_type, subject_id, detail)
          WHERE id = r.id RETURNING hash INTO prev;
        END LOOP;
        UPDATE audit_chain_heads SET last_hash = prev WHERE partnership_id = '${p}';
      END $$`);
    await database.executeSql('ALTER TABLE audit_events ENABLE TRIGGER USER');
  }

  it('when heads are signed, then every signature holds and no event is left unsigned', async () => {
    await record(3);
    expect(await signAuditHeads(database.db, signer)).toBeGreaterThanOrEqual(1);
    await record(2);
    await signAuditHeads(database.db, signer);
    // Signing again with nothing new adds nothing.
    await signAuditHeads(database.db, signer);
    const report = await verify();
    expect(report).toMatchObject({
      ok: true,
      chains: [{ partnershipId: p, signatures: 2, lastSignedSeq: 5, unsignedEvents: 0 }],
    });
    expect(describeSignatureReport(report, signer.keyId)).toContain(
      `${p}: 2 signed heads hold (key ${signer.keyId}); the last covers event 5`,
    );
  });

  it('when the owner rewrites history and recomputes every hash, then the chain verifies but the signed head does not', async () => {
    await record(4);
    await signAuditHeads(database.db, signer);
    await rewriteHistoryAsOwner();
    expect((await verifyAuditChain(database.db, { partnershipId: p })).ok).toBe(true);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({
      partnershipId: p,
      seq: 4,
      problem: expect.stringMatching(/history was rewritten/),
    });
    expect(describeSignatureReport(report, signer.keyId)).toMatch(/SIGNED HEAD BROKEN at event 4/);
  });

  it('when the owner also changes the signed head to match, then its signature does not verify', async () => {
    await record(3);
    await signAuditHeads(database.db, signer);
    await rewriteHistoryAsOwner();
    await database.executeSql('ALTER TABLE audit_head_signatures DISABLE TRIGGER USER');
    await database.executeSql(
      `UPDATE audit_head_signatures SET head_hash = (SELECT last_hash FROM audit_chain_heads WHERE partnership_id = '${p}') WHERE partnership_id = '${p}'`,
    );
    await database.executeSql('ALTER TABLE audit_head_signatures ENABLE TRIGGER USER');
    expect((await verify()).firstProblem).toMatchObject({
      seq: 3,
      problem: expect.stringMatching(/signature does not verify/),
    });
  });

  it('when the owner re-signs with a key of their own, then only signatures made with the service’s key count', async () => {
    await record(2);
    const rogue = signerFromKey(newKey());
    await signAuditHeads(database.db, rogue);
    const later = new Date(Date.now() + 60 * 60_000);
    expect(await verify({ now: later })).toMatchObject({
      ok: false,
      chains: [{ signatures: 0, unsignedEvents: 2 }],
      firstProblem: { seq: 1, problem: expect.stringMatching(/no signed head covers it/) },
    });
  });

  it('when signatures are removed, then events older than the signing interval are reported unsigned', async () => {
    await record(2);
    await signAuditHeads(database.db, signer);
    await database.executeSql('ALTER TABLE audit_head_signatures DISABLE TRIGGER USER');
    await database.executeSql(`DELETE FROM audit_head_signatures WHERE partnership_id = '${p}'`);
    await database.executeSql('ALTER TABLE audit_head_signatures ENABLE TRIGGER USER');
    expect((await verify()).ok).toBe(true); // just written: the next signing would cover them
    expect((await verify({ now: new Date(Date.now() + 60 * 60_000) })).ok).toBe(false);
  });

  it('when anyone changes or removes a signature, then the database refuses it', async () => {
    await record(1);
    await signAuditHeads(database.db, signer);
    for (const statement of [
      `UPDATE audit_head_signatures SET signature = 'x' WHERE partnership_id = '${p}'`,
      `DELETE FROM audit_head_signatures WHERE partnership_id = '${p}'`,
      'TRUNCATE audit_head_signatures',
    ]) {
      await expect(database.executeSql(statement)).rejects.toThrow(/append-only/);
    }
  });
});

describe('the audit signing key', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'pathways-audit-key-'));

  it('when no key is configured in development, then one is made in a file only its user can read, and reused', () => {
    const file = join(dir(), 'audit-signing-key.pem');
    const first = loadAuditSigner({ key: undefined, file, create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(loadAuditSigner({ key: undefined, file, create: true }).keyId).toBe(first.keyId);
  });

  it('when the key file is missing where none may be made, then it refuses to start', () => {
    expect(() =>
      loadAuditSigner({ key: undefined, file: join(dir(), 'missing.pem'), create: false }),
    ).toThrow(/does not exist/);
  });

  it('when the key comes from Key Vault as one line, then it is read the same as the PEM', () => {
    const pem = newKey();
    expect(signerFromKey(pem.replace(/\n/g, '\\n')).keyId).toBe(signerFromKey(pem).keyId);
  });

  it('when the key is not Ed25519, then it is refused', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => signerFromKey(rsa)).toThrow(/Ed25519/);
  });
});

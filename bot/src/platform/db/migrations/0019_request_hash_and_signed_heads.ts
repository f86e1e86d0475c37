import { sql, type Kysely } from 'kysely';

/**
 * - `kloes.request_hash`: SHA-256 of the REST request that raised a KLOE, kept
 *   with its Idempotency-Key, so the key reused for a different request is
 *   refused (422) rather than answered with the first KLOE.
 * - `audit_head_signatures`: the audit chain's head, signed (Ed25519) with a key
 *   the database never holds (bot/src/audit/audit-signing.ts). Append-only for
 *   everyone; the service may add rows. Rewriting history, even as the owner,
 *   then breaks a signature that only the key's holder could make again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE kloes ADD COLUMN request_hash text`.execute(db);

  await sql`CREATE TABLE audit_head_signatures (
    id bigserial PRIMARY KEY,
    partnership_id text NOT NULL,
    seq bigint NOT NULL,
    head_hash text NOT NULL,
    signed_at timestamptz NOT NULL,
    key_id text NOT NULL,
    signature text NOT NULL,
    UNIQUE (partnership_id, seq, key_id)
  )`.execute(db);
  await sql`CREATE TRIGGER audit_head_signatures_append_only
    BEFORE UPDATE OR DELETE ON audit_head_signatures
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_head_signatures_no_truncate BEFORE TRUNCATE ON audit_head_signatures
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_head_signatures FROM pathways_app;
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pathways_app privileges not narrowed: %', SQLERRM;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_head_signatures`.execute(db);
  await sql`ALTER TABLE kloes DROP COLUMN request_hash`.execute(db);
}

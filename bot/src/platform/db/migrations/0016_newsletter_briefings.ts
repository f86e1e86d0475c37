import { sql, type Kysely } from 'kysely';

/**
 * The quarterly newsletter sent as a briefing (issue 8): a briefing of kind
 * 'newsletter' remembers which quarter's newsletter it carries and which
 * saved version of it. A quarter's newsletter goes out once: the unique
 * constraint keeps a second press of "Send as briefing" (or two at once) from
 * making a second briefing. Briefing notes leave the columns empty, and
 * PostgreSQL's NULLs never clash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE briefings
    ADD COLUMN newsletter_year integer,
    ADD COLUMN newsletter_quarter integer CHECK (newsletter_quarter BETWEEN 1 AND 4),
    ADD COLUMN newsletter_version integer CHECK (newsletter_version >= 1),
    ADD CONSTRAINT briefings_newsletter_once UNIQUE (partnership_id, newsletter_year, newsletter_quarter)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE briefings
    DROP CONSTRAINT briefings_newsletter_once,
    DROP COLUMN newsletter_version,
    DROP COLUMN newsletter_quarter,
    DROP COLUMN newsletter_year`.execute(db);
}

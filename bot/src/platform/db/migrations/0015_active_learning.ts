import { sql, type Kysely } from 'kysely';

/**
 * Active Learning Sets (from an Engine Room plan): the agencies invited to
 * nominate, their leads (asked by Teams card and email), the nominations,
 * the meeting and attendance; and invitations to attend the Engine Room.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE active_learning_sets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id text NOT NULL,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    activity_id uuid,
    theme text NOT NULL,
    kind text NOT NULL,
    description text NOT NULL,
    planned_from date NOT NULL,
    planned_to date NOT NULL,
    nominations_by date NOT NULL,
    status text NOT NULL DEFAULT 'inviting',
    created_by_id text NOT NULL,
    created_by_name text NOT NULL,
    created_at timestamptz NOT NULL,
    meeting_start timestamptz,
    meeting_end timestamptz,
    meeting_effect_id uuid,
    attendance_recorded_at timestamptz,
    CHECK (planned_to >= planned_from)
  )`.execute(db);
  await sql`CREATE INDEX active_learning_sets_partnership ON active_learning_sets (partnership_id, created_at DESC)`.execute(
    db,
  );

  await sql`CREATE TABLE active_learning_agencies (
    set_id uuid NOT NULL REFERENCES active_learning_sets (id),
    agency text NOT NULL,
    status text NOT NULL,
    last_chased_at timestamptz,
    chases integer NOT NULL DEFAULT 0,
    PRIMARY KEY (set_id, agency)
  )`.execute(db);

  await sql`CREATE TABLE active_learning_leads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    set_id uuid NOT NULL REFERENCES active_learning_sets (id),
    agency text NOT NULL,
    lead_id text NOT NULL,
    lead_name text NOT NULL,
    lead_mail text,
    cards_sent integer NOT NULL DEFAULT 0,
    card_conversation_id text,
    card_activity_id text,
    UNIQUE (set_id, lead_id)
  )`.execute(db);
  await sql`CREATE INDEX active_learning_leads_lead ON active_learning_leads (lead_id)`.execute(db);

  await sql`CREATE TABLE active_learning_nominations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    set_id uuid NOT NULL REFERENCES active_learning_sets (id),
    agency text NOT NULL,
    person_id text NOT NULL,
    person_name text NOT NULL,
    person_mail text,
    nominated_by_id text NOT NULL,
    nominated_by_name text NOT NULL,
    nominated_at timestamptz NOT NULL,
    note text,
    UNIQUE (set_id, person_id)
  )`.execute(db);

  await sql`CREATE TABLE active_learning_attendance (
    nomination_id uuid PRIMARY KEY REFERENCES active_learning_nominations (id),
    set_id uuid NOT NULL REFERENCES active_learning_sets (id),
    attended boolean NOT NULL,
    recorded_by_id text NOT NULL,
    recorded_at timestamptz NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE engine_room_invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id text NOT NULL,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    agency text NOT NULL,
    person_id text NOT NULL,
    person_name text NOT NULL,
    meeting_date date NOT NULL,
    note text,
    status text NOT NULL DEFAULT 'invited',
    answer_note text,
    answered_at timestamptz,
    invited_by_id text NOT NULL,
    invited_by_name text NOT NULL,
    invited_at timestamptz NOT NULL,
    card_conversation_id text,
    card_activity_id text
  )`.execute(db);
  await sql`CREATE INDEX engine_room_invitations_record ON engine_room_invitations (record_type, record_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'engine_room_invitations',
    'active_learning_attendance',
    'active_learning_nominations',
    'active_learning_leads',
    'active_learning_agencies',
    'active_learning_sets',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}

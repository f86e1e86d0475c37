import type { RetentionRule } from '@pathways/core';
import type { Tables } from '../platform/db/schema';
import { RECORD_KINDS, RECORD_KIND_LIST } from '../records/record-kinds';

/**
 * Every table Pathways keeps, and what it holds about people: whether a
 * person's export (GET /api/people/:personId/export) includes it, and which
 * retention rule (partnership configuration, `retention`) removes it. The
 * type makes a table added to schema.ts fail to compile until it is declared
 * here; personal-data.db.test.ts fails when a column that looks like a
 * person's (`*_by_id`, `user_id`, `person_id`...) is not declared.
 */

type TableName = keyof Tables;
type Column<T extends TableName> = keyof Tables[T] & string;

/** Where a person's export lists the records of a kind they submitted. */
const submissions = (kind: keyof typeof RECORD_KINDS) =>
  `submissions.${RECORD_KINDS[kind].submissions.section}`;

/** How the export finds the rows of one partnership. */
export type Scope<T extends TableName> =
  /** The table's own partnership column. */
  | { column: Column<T> }
  /** A parent row, by its `id`, that holds `partnership_id`. */
  | { parent: TableName; on: Column<T> }
  /** A record (record_type, record_id) with a line in the partnership's queue. */
  | { record: true };

export interface PersonalTable<T extends TableName> {
  /** Why this is personal data: whose, and in what capacity. */
  about: string;
  /** Columns holding a person's Entra object id. */
  people: Column<T>[];
  /** Columns naming or contacting a person, or holding what they wrote (removed with the ids). */
  details?: Column<T>[];
  export:
    | {
        /** A section of the export built for this table (person-export.ts). */
        section: string;
        /** The people columns that section matches on. */
        by: Column<T>[];
        /** Why the other people columns need no match of their own. */
        rest?: string;
      }
    | {
        /** Exported as its rows under `records.<table>`: every people column is matched. */
        scope: Scope<T>;
        /** Columns left out, and why in `about`. */
        omit?: Column<T>[];
        /** Rows about the person through another table (attendance through a nomination). */
        via?: { column: Column<T>; table: TableName; people: string[] };
      }
    | { not: string };
  retention:
    | {
        /** The partnership's rules that remove it (or delete it with its record). */
        rules: RetentionRule[];
        does: string;
      }
    | { kept: string };
}

export interface NoPersonalData {
  none: string;
}

export type Coverage = { [T in TableName]: PersonalTable<T> | NoPersonalData };

export const PERSONAL_DATA: Coverage = {
  activity_receipts: {
    none: 'ids of Bot Framework activities already handled, to drop a retried one; names no one',
  },
  conversation_partnerships: {
    about: 'which partnership a person in several chose for a chat with Pathways',
    people: ['person_id'],
    export: {
      not: 'ids only, in no partnership (the export is a partnership’s); the person sees the choice in their chat',
    },
    retention: { kept: 'one row per chat, replaced when the person switches partnership' },
  },
  conversation_references: {
    about: 'how the bot reaches a person in a one-to-one chat',
    people: ['user_aad_id'],
    details: ['reference'],
    export: { section: 'chats', by: ['user_aad_id'] },
    retention: {
      kept: 'replaced with each message the person sends; needed to send their receipts and reminders',
    },
  },
  audit_events: {
    about: 'who did what (actor), and whom an export was of (subject "person")',
    people: ['actor_id'],
    export: { section: 'auditEntries', by: ['actor_id'] },
    retention: {
      kept: 'append-only and hash-chained; the service cannot change it; it names records and fields, never their contents',
    },
  },
  rate_limit_hits: {
    none: 'a counter per caller for one rate window; deleted within an hour of its reset',
  },
  pacing_slots: {
    none: 'when sends to a conversation or mailbox were made, under a digest of its id; gone after the longest limit window (a day)',
  },
  pacing_leases: {
    none: 'requests in flight to a mailbox, under a digest of its address; gone when answered',
  },
  teams_post_attempts: {
    none: 'a marker naming a Teams post by record id and when it was first attempted; names no one',
  },
  audit_chain_heads: { none: 'the last hash of each partnership’s audit chain' },
  audit_head_signatures: {
    none: 'each partnership’s audit chain head, signed with a key kept outside the database',
  },
  reference_counters: { none: 'the last reference number given, per year' },
  kloes: {
    about:
      'the practitioner who raised the KLOE (and its contact officer); the last Business Unit officer to act',
    people: ['submitted_by_id', 'last_change_by_id'],
    details: ['submitted_by_name', 'last_change_by_name', 'values', 'receipt_reference'],
    export: {
      section: submissions('kloe'),
      by: ['submitted_by_id'],
      rest: 'last_change_by_*: a copy of the latest kloe_events row, exported as triageActions.kloeActions',
    },
    retention: {
      rules: ['kloes'],
      does: 'who raised it and the contact officer become "Removed"; the KLOE stays',
    },
  },
  kloe_questions: {
    about: 'the Business Unit officer who asked the submitter a question',
    people: ['asked_by_id'],
    details: ['asked_by_name'],
    export: { section: 'triageActions.questionsAsked', by: ['asked_by_id'] },
    retention: { kept: 'staff acting for the partnership, kept with the KLOE' },
  },
  kloe_links: {
    about: 'who linked two KLOEs',
    people: ['created_by_id'],
    export: { scope: { parent: 'kloes', on: 'kloe_id' } },
    retention: { kept: 'staff acting for the partnership, kept with the KLOE' },
  },
  kloe_events: {
    about: 'who did what to a KLOE: its submitter and Business Unit officers',
    people: ['actor_id'],
    details: ['actor_name'],
    export: { section: 'triageActions.kloeActions', by: ['actor_id'] },
    retention: {
      rules: ['kloes'],
      does: 'the submitter’s entries become "Removed"; Business Unit officers’ stay with the KLOE',
    },
  },
  queue_items: {
    about: 'a copy of the record’s submitter, for My submissions',
    people: ['submitted_by_id'],
    export: { not: 'a copy: the record itself is exported with its submitter' },
    retention: {
      rules: RECORD_KIND_LIST.map((kind) => kind.submitterRemovedBy),
      does: 'follows its record: anonymised or deleted with it',
    },
  },
  record_events: {
    about: 'who did what to a consideration request or challenge',
    people: ['actor_id'],
    details: ['actor_name'],
    export: { section: 'triageActions.recordActions', by: ['actor_id'] },
    retention: {
      rules: ['considerationRequests', 'professionalChallenges'],
      does: 'deleted with a request; a challenge’s recorder becomes "Removed"',
    },
  },
  record_lifecycle: {
    about: 'who took each step of a record’s lifecycle: its submitter and staff',
    people: ['actor_id'],
    details: ['actor_name'],
    export: { scope: { record: true } },
    retention: {
      rules: RECORD_KIND_LIST.map((kind) => kind.submitterRemovedBy),
      does: 'deleted with a request; the submitter’s step becomes "Removed"; staff’s stay',
    },
  },
  record_evidence: {
    about: 'who added a piece of evidence in the Engine Room',
    people: ['added_by_id'],
    details: ['added_by_name'],
    export: { section: 'triageActions.evidenceAdded', by: ['added_by_id'] },
    retention: { rules: ['considerationRequests'], does: 'deleted with its request' },
  },
  record_activities: {
    about: 'who planned an Engine Room activity (its owner is free text that may name someone)',
    people: ['added_by_id'],
    details: ['owner'],
    export: { scope: { record: true } },
    retention: {
      rules: ['considerationRequests'],
      does: 'deleted with its request; otherwise kept with the record',
    },
  },
  record_recommendations: {
    about: 'who made, owns and impact-tested a recommendation',
    people: ['created_by_id', 'assignee_id', 'impact_recorded_by_id'],
    details: ['assignee_name'],
    // Planner's bookkeeping is not about anyone.
    export: { scope: { column: 'partnership_id' }, omit: ['planner_etag', 'planner_synced'] },
    retention: {
      rules: ['considerationRequests'],
      does: 'deleted with its request; otherwise kept: the partnership’s action plan',
    },
  },
  recommendation_events: {
    about: 'who changed a recommendation (in Pathways or Planner)',
    people: ['actor_id'],
    details: ['actor_name'],
    export: { scope: { parent: 'record_recommendations', on: 'recommendation_id' } },
    retention: { rules: ['considerationRequests'], does: 'deleted with its recommendation' },
  },
  planner_buckets: { none: 'the Planner bucket for each kind of recommendation' },
  record_outcomes: {
    about: 'who recorded a record’s outcome',
    people: ['recorded_by_id'],
    export: { scope: { column: 'partnership_id' } },
    retention: {
      rules: ['considerationRequests'],
      does: 'deleted with its request; otherwise kept with the record',
    },
  },
  graph_side_effects: {
    about: 'outgoing mail, cards and notifications: their payload holds recipients and text',
    people: [],
    details: ['payload'],
    export: {
      not: 'each message’s content and recipients are exported from the record it carried',
    },
    retention: {
      rules: ['briefingLeads'],
      does: 'a briefing’s sent messages and reminders are cleared with its leads',
    },
  },
  serious_cases: {
    about: 'the referrer; the child and family (child_details, never in a referrer’s export)',
    people: ['submitted_by_id'],
    details: ['submitted_by_name', 'values', 'child_details'],
    export: { section: submissions('consideration'), by: ['submitted_by_id'] },
    retention: {
      rules: ['considerationChildDetails', 'considerationRequests'],
      does: 'the child’s details removed, then the whole request deleted',
    },
  },
  form_drafts: {
    about: 'answers given so far to a consideration request asked in steps, by whom',
    people: ['owner_id'],
    details: ['values'],
    export: {
      not: 'unfinished, and holds the child’s details, which are never in a referrer’s export; the person sees it in their chat',
    },
    retention: {
      kept: 'deleted when the request is sent, when the local authority has not been told, or 30 days after it was last touched',
    },
  },
  serious_case_reminders: { none: 'deadline reminders of a request; names no one' },
  professional_challenges: {
    about: 'who recorded the challenge',
    people: ['submitted_by_id'],
    details: ['submitted_by_name'],
    export: { section: submissions('challenge'), by: ['submitted_by_id'] },
    retention: { rules: ['professionalChallenges'], does: 'the recorder becomes "Removed"' },
  },
  briefings: {
    about: 'the Business Unit officer who wrote and sent the note',
    people: ['created_by_id', 'send_requested_by_id'],
    details: ['created_by_name'],
    export: { scope: { column: 'partnership_id' } },
    retention: { kept: 'staff acting for the partnership, kept with the note (its leads are not)' },
  },
  briefing_messages: { none: 'which Graph message carried which chunk of recipients' },
  briefing_recipients: {
    about: 'each agency lead a briefing was sent to: name and email address',
    people: ['user_id'],
    details: ['name', 'address'],
    export: { scope: { parent: 'briefings', on: 'briefing_id' } },
    retention: { rules: ['briefingLeads'], does: 'becomes "Removed"; agency and counts kept' },
  },
  briefing_acknowledgements: {
    about: 'which lead acknowledged a briefing, and when',
    people: ['user_id'],
    details: ['name'],
    export: { scope: { parent: 'briefings', on: 'briefing_id' } },
    retention: { rules: ['briefingLeads'], does: 'becomes "Removed"; the date kept' },
  },
  briefing_cascades: {
    about: 'which lead recorded a cascade inside their agency',
    people: ['recorded_by_id'],
    details: ['recorded_by_name'],
    export: { scope: { parent: 'briefings', on: 'briefing_id' } },
    retention: { rules: ['briefingLeads'], does: 'the recorder becomes "Removed"; method kept' },
  },
  briefing_impact_reports: {
    about: 'which lead reported impact',
    people: ['recorded_by_id'],
    details: ['recorded_by_name'],
    export: { scope: { parent: 'briefings', on: 'briefing_id' } },
    retention: { rules: ['briefingLeads'], does: 'the recorder becomes "Removed"; the text kept' },
  },
  briefing_reminders: {
    about: 'which lead was reminded, and when',
    people: ['user_id'],
    export: { scope: { parent: 'briefings', on: 'briefing_id' } },
    retention: { rules: ['briefingLeads'], does: 'becomes "Removed"' },
  },
  active_learning_sets: {
    about: 'who planned the set (Engine Room or Business Unit)',
    people: ['created_by_id'],
    details: ['created_by_name'],
    export: { scope: { column: 'partnership_id' } },
    retention: {
      rules: ['considerationRequests'],
      does: 'deleted with the request it was planned from; otherwise kept, its planner with it',
    },
  },
  active_learning_agencies: { none: 'each agency’s state in a set; names no one' },
  active_learning_leads: {
    about: 'each agency lead asked to nominate: name and email address',
    people: ['lead_id'],
    details: ['lead_name', 'lead_mail'],
    export: { scope: { parent: 'active_learning_sets', on: 'set_id' } },
    retention: {
      rules: ['activeLearningPeople', 'considerationRequests'],
      does: 'becomes "Removed"',
    },
  },
  active_learning_nominations: {
    about: 'who was nominated to attend, and the lead who nominated them',
    people: ['person_id', 'nominated_by_id'],
    details: ['person_name', 'person_mail', 'nominated_by_name', 'note'],
    export: { scope: { parent: 'active_learning_sets', on: 'set_id' } },
    retention: {
      rules: ['activeLearningPeople', 'considerationRequests'],
      does: 'becomes "Removed"; the agency kept',
    },
  },
  active_learning_attendance: {
    about: 'whether a nominee attended (about them, through the nomination); who recorded it',
    people: ['recorded_by_id'],
    export: {
      scope: { parent: 'active_learning_sets', on: 'set_id' },
      via: { column: 'nomination_id', table: 'active_learning_nominations', people: ['person_id'] },
    },
    retention: {
      rules: ['activeLearningPeople', 'considerationRequests'],
      does: 'kept as a count: its nomination no longer names anyone',
    },
  },
  engine_room_invitations: {
    about: 'who was invited to attend the Engine Room, their answer, and who invited them',
    people: ['person_id', 'invited_by_id'],
    details: ['person_name', 'invited_by_name', 'answer_note'],
    export: { scope: { column: 'partnership_id' } },
    retention: {
      rules: ['engineRoomInvitations', 'considerationRequests'],
      does: 'the invitee and their note become "Removed"; who invited them stays with the record',
    },
  },
  partnership_events: {
    about: 'who recorded a partnership meeting or event',
    people: ['recorded_by_id'],
    details: ['recorded_by_name'],
    export: { scope: { column: 'partnership_id' } },
    retention: { kept: 'staff acting for the partnership; the circulation plan counts from it' },
  },
  circulation_done: {
    about: 'who recorded that an item of the circulation plan was done',
    people: ['recorded_by_id'],
    details: ['recorded_by_name'],
    export: { scope: { column: 'partnership_id' } },
    retention: { kept: 'staff acting for the partnership; append-only record of the plan' },
  },
  newsletter_drafts: {
    about: 'who saved a version of a quarter’s newsletter (its content is about no one)',
    people: ['saved_by_id'],
    details: ['saved_by_name'],
    export: { scope: { column: 'partnership_id' }, omit: ['content'] },
    retention: { kept: 'staff acting for the partnership, kept with the newsletter' },
  },
};

export function isPersonal<T extends TableName>(
  entry: PersonalTable<T> | NoPersonalData,
): entry is PersonalTable<T> {
  return !('none' in entry);
}

/** The tables exported as `records.<table>`, with how each is found. */
export function genericallyExported() {
  return (Object.keys(PERSONAL_DATA) as TableName[]).flatMap((table) => {
    const entry = PERSONAL_DATA[table] as PersonalTable<TableName> | NoPersonalData;
    if (!isPersonal(entry) || !('scope' in entry.export)) return [];
    return [{ table, people: entry.people as string[], ...entry.export }];
  });
}

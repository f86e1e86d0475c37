/**
 * Active Learning and Engine Room invitations: the REST API's shapes, shared
 * by the service, the tab and the Outlook add-in (types only).
 *
 * GET  /api/active-learning -> ActiveLearningSummary[]   (Business Unit, Engine Room, Development Manager)
 * POST /api/active-learning  body: NewActiveLearning -> ActiveLearningDetail (Business Unit)
 *        From an Engine Room plan: the record and its planned activity. Every
 *        agency's leads (from the directory) get a Teams card and an email.
 * GET  /api/active-learning/:id -> ActiveLearningDetail (same readers)
 * POST /api/active-learning/:id/chase -> ChaseResult (Business Unit): agencies
 *        that have not nominated, at most once per ACTIVE_LEARNING_CHASE_HOURS
 * GET  /api/active-learning/:id/proposed-times?from=YYYY-MM-DD&to=YYYY-MM-DD&minutes=120
 *        -> ProposedTimes (Business Unit): times when nominees and organisers are free
 * POST /api/active-learning/:id/meeting  body: { start, end } (ISO, UTC) -> ActiveLearningDetail
 *        (Business Unit): the Teams meeting, created once, nominees invited
 * POST /api/active-learning/:id/attendance body: { attended: nominationId[] } -> ActiveLearningDetail
 *
 * For agency leads (the Teams card, and the Outlook add-in):
 * GET  /api/active-learning/nominations/mine -> NominationRequest[]  (Agency lead; newest first,
 *        held ones too, marked `open: false`)
 * POST /api/active-learning/:id/nominations  body: nomination form values
 *        { nominee1, nominee2?, note? } -> NominationRequest (Agency lead); 422 FormProblem.
 *        Both nominees are saved together or not at all.
 * GET  /api/people?agency=&q= -> PersonChoice[]: the directory lookup behind the add-in's
 *        people picker; an agency lead may look up only an agency they were asked to nominate for.
 *
 * How a lead's add-in finds the request: the invitation email (and each reminder) carries the
 * set's id in the internet message header `x-pathways-nomination` (NOMINATION_HEADER), as a
 * briefing carries `x-pathways-briefing`. The lead is recognised from their token: anyone not
 * asked finds no such request in /nominations/mine.
 *
 * Engine Room invitations:
 * GET  /api/people?agency=&q= -> PersonChoice[] (Business Unit, Engine Room: any agency)
 * POST /api/records/:type/:id/invitations body: invitation form values -> RecordDetail
 */
/** The internet message header each invitation to nominate carries: the set's id. */
export const NOMINATION_HEADER = 'x-pathways-nomination';

export interface PersonChoice {
  value: string;
  title: string;
}

export interface NewActiveLearning {
  /** The Engine Room plan it comes from. */
  plan: {
    recordType: 'kloe' | 'consideration' | 'challenge';
    recordId: string;
    activityId?: string;
  };
  /** Agencies (the partnership's list) whose leads are invited. */
  agencies: string[];
  /** The set form's values: theme, kind, description, plannedFrom, plannedTo, nominationsBy. */
  values: Record<string, string>;
  confirmChecked?: 'true';
}

export type ActiveLearningStatus = 'inviting' | 'meeting-requested' | 'meeting-created' | 'held';

export interface ActiveLearningSummary {
  id: string;
  theme: string;
  kind: string;
  kindTitle: string;
  description: string;
  plannedFrom: string;
  plannedTo: string;
  nominationsBy: string;
  status: ActiveLearningStatus;
  statusText: string;
  createdAt: string;
  plan: { recordType: string; recordId: string; reference: string; activityId: string | null };
  agenciesInvited: number;
  agenciesNominated: number;
}

export interface Nomination {
  id: string;
  agency: string;
  personId: string;
  name: string;
  nominatedBy: string;
  nominatedAt: string;
  /** Recorded after the set is held; null before. */
  attended: boolean | null;
}

export interface AgencyInvitation {
  agency: string;
  /** `no-lead`: nobody in the directory leads for it; nobody could be asked. */
  status: 'invited' | 'nominated' | 'no-lead';
  leads: string[];
  lastChasedAt: string | null;
  chases: number;
  nominations: Nomination[];
}

export interface ActiveLearningDetail extends ActiveLearningSummary {
  agencies: AgencyInvitation[];
  meeting: {
    start: string;
    end: string;
    state: 'requested' | 'created';
    joinUrl: string | null;
    attendanceRecorded: boolean;
  } | null;
}

export interface ChaseResult {
  chased: string[];
  notChased: { agency: string; reason: string }[];
}

export interface ProposedTimes {
  /** Whose calendars were read (display names), organisers first. */
  people: string[];
  times: { start: string; end: string }[];
}

/** What a lead is asked, and what they have nominated so far. */
export interface NominationRequest {
  setId: string;
  theme: string;
  kindTitle: string;
  description: string;
  plannedFrom: string;
  plannedTo: string;
  nominationsBy: string;
  agency: string;
  /** False once the set has been held: nominations are closed. */
  open: boolean;
  nominated: { personId: string; name: string }[];
  /** People in the lead's organisation the form offers first. */
  people: PersonChoice[];
}

export interface EngineRoomInvitation {
  id: string;
  agency: string;
  personName: string;
  meetingDate: string;
  note: string | null;
  status: 'invited' | 'accepted' | 'declined';
  statusText: string;
  answerNote: string | null;
  invitedBy: string;
  invitedAt: string;
  answeredAt: string | null;
}

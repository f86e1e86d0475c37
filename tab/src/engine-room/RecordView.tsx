import { Button, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { FormDescription, RecordDetail, RecordType } from '@pathways/core';
import {
  ApiError,
  messageOf,
  type SignedIn,
  DeclaredForm,
  Empty,
  Loading,
  Problem,
} from '@pathways/ui-shell';
import { recordHash } from '../router';
import {
  addToRecord,
  formIdFor,
  getCaseDetails,
  getForm,
  getRecord,
  type CaseDetails,
  triageRecord,
  type RecordPart,
} from './api';
import { canReadChildDetails, canReadQueue, canTriage, canWriteRecords } from './access';
import { formatDate, formatDateTime, recordTypeNames } from './format';
import { lastQueueHash, updateRemembered } from './useQueue';
import { inviteToEngineRoom, peopleIn } from '../active-learning/api';
import { canPlanActiveLearning } from '../active-learning/ActiveLearningView';

const useStyles = makeStyles({
  back: { marginBlockEnd: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    marginBlockEnd: tokens.spacingVerticalL,
    // The title is what someone typed: a long unbroken word wraps.
    overflowWrap: 'anywhere',
    '& h2, & p': { margin: 0 },
  },
  section: {
    maxWidth: '64rem',
    marginBlockEnd: tokens.spacingVerticalXXL,
    '& h2': { marginBlockEnd: tokens.spacingVerticalS },
  },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'minmax(10rem, 16rem) 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
    // Narrow (Teams on a phone, or zoomed in): each label above its answer.
    '@media (max-width: 40em)': {
      gridTemplateColumns: 'minmax(0, 1fr)',
      rowGap: tokens.spacingVerticalXXS,
      '& dd': { marginBlockEnd: tokens.spacingVerticalS },
    },
  },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    // Fixed columns that wrap, so a narrow screen never scrolls sideways.
    tableLayout: 'fixed',
    overflowWrap: 'anywhere',
    '& th:nth-child(1)': { width: '28%' },
    '& th:nth-child(2)': { width: '24%' },
    '& th, & td': {
      textAlign: 'start',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& th': { fontWeight: tokens.fontWeightSemibold },
  },
  items: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    '& > li': {
      display: 'flex',
      flexDirection: 'column',
      gap: tokens.spacingVerticalXXS,
      padding: `${tokens.spacingVerticalS} 0`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& p': { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  },
  subtle: { color: tokens.colorNeutralForeground2 },
  done: { marginBlock: tokens.spacingVerticalS },
});

function RecordSection({
  title,
  headingId,
  children,
}: {
  title: string;
  /** Set when focus may be moved to the heading. */
  headingId?: string;
  children: ReactNode;
}) {
  const styles = useStyles();
  const generated = useId();
  const id = headingId ?? generated;
  return (
    <section aria-labelledby={id} className={styles.section}>
      <h2 id={id} tabIndex={headingId ? -1 : undefined}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** What a section lets a writer add: a button that opens a declared form. */
interface Addition {
  /** The declared form. */
  formId: string;
  /** The button that opens the form, e.g. "Add evidence". */
  label: string;
  /** Said once it is saved, e.g. "Evidence added." (empty: said elsewhere). */
  saved: string;
  /** Sends the form's values; answers the record as it now is. */
  send: (values: Record<string, string>) => Promise<RecordDetail>;
  /** The form's `personId` field offers the people of the agency chosen in it. */
  peopleOfAgency?: boolean;
}

/** A button that opens a declared form; once saved, the form closes and says so. */
function AddToRecord({
  session,
  addition,
  onSaved,
}: {
  session: SignedIn;
  addition: Addition;
  onSaved: (record: RecordDetail) => void;
}) {
  const styles = useStyles();
  const regionId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<FormDescription>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [agency, setAgency] = useState('');
  const [people, setPeople] = useState<{ value: string; title: string }[]>();
  const { formId } = addition;

  useEffect(() => {
    if (!open || form) return;
    let live = true;
    setError(undefined);
    getForm(session.api, formId).then(
      (f) => live && setForm(f),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [open, form, session.api, formId, attempt]);

  useEffect(() => {
    setPeople(undefined);
    if (!agency) return;
    let live = true;
    peopleIn(session.api, agency).then(
      (p) => live && setPeople(p),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [agency, session.api]);

  const close = () => {
    setOpen(false);
    setAgency('');
    toggle.current?.focus();
  };

  return (
    <div>
      <div role="status" className={styles.done}>
        {done ? <Text>{done}</Text> : null}
      </div>
      <Button
        ref={toggle}
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => {
          setDone(undefined);
          setOpen((o) => !o);
        }}
      >
        {addition.label}
      </Button>
      <div id={regionId}>
        {open && !form && !error ? <Loading label="Loading the form…" /> : null}
        {open && error ? (
          <Problem
            message={`The form could not be loaded. ${error}`}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        ) : null}
        {open && form ? (
          <DeclaredForm
            description={form}
            people={addition.peopleOfAgency ? { personId: people } : undefined}
            onValuesChange={
              addition.peopleOfAgency
                ? (values) => {
                    if ((values.agency ?? '') !== agency) setAgency(values.agency ?? '');
                  }
                : undefined
            }
            onCancel={close}
            onSubmit={async (values) => {
              const next = await addition.send(values);
              setDone(addition.saved || undefined);
              close();
              onSaved(next);
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

/** A part of the record the Engine Room works on: what it holds, and what may be added. */
interface PartOfRecord {
  title: string;
  /** What the record holds; undefined when there is nothing yet, and `empty` says so. */
  shown: ReactNode | undefined;
  empty: string;
  /** What may be added here (undefined: nothing, or nothing more). */
  addition?: Addition | undefined;
  /** The saved form gives way to what it added: the keyboard goes to the section's heading. */
  focusOnSave?: boolean;
}

function PartSection({
  session,
  part,
  onSaved,
}: {
  session: SignedIn;
  part: PartOfRecord;
  onSaved: (record: RecordDetail) => void;
}) {
  const headingId = useId();
  return (
    <RecordSection title={part.title} headingId={part.focusOnSave ? headingId : undefined}>
      {part.shown ?? <Text as="p">{part.empty}</Text>}
      {part.addition ? (
        <AddToRecord
          session={session}
          addition={part.addition}
          onSaved={(next) => {
            onSaved(next);
            if (part.focusOnSave)
              requestAnimationFrame(() => document.getElementById(headingId)?.focus());
          }}
        />
      ) : null}
    </RecordSection>
  );
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const shownValue = (value: string) => (isoDate.test(value) ? formatDate(value) : value);

/**
 * A consideration request's child details, for the Business Unit and the Engine Room: read only
 * when asked for, through the audited details route (each open is an audit entry), held in this
 * component's memory while shown and never in browser storage, so they go when the person hides
 * them or leaves the record.
 */
function ChildDetails({ session, record }: { session: SignedIn; record: RecordDetail }) {
  const styles = useStyles();
  const regionId = useId();
  const [details, setDetails] = useState<CaseDetails['fields']>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const open = () => {
    setLoading(true);
    setError(undefined);
    getCaseDetails(session.api, record.id).then(
      (d) => {
        if (!live.current) return;
        // What the record already shows is not repeated: only the answers held apart.
        const shown = new Set(record.fields.map((f) => f.id));
        setDetails(d.fields.filter((f) => !shown.has(f.id)));
        setLoading(false);
      },
      (e: unknown) => {
        if (!live.current) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
  };

  return (
    <RecordSection title="The child’s details">
      <Text as="p">
        Only the Business Unit and Engine Room members can see these. Each time they are shown, it
        is recorded who saw them and when.
      </Text>
      <div className={styles.done}>
        <Button
          aria-expanded={details !== undefined}
          aria-controls={regionId}
          disabledFocusable={loading}
          onClick={() => (details ? setDetails(undefined) : open())}
        >
          {details ? 'Hide the child’s details' : 'Show the child’s details'}
        </Button>
      </div>
      <div id={regionId}>
        {loading ? <Loading label="Loading the child’s details…" /> : null}
        {error ? (
          <Problem message={`The child’s details could not be shown. ${error}`} onRetry={open} />
        ) : null}
        {details ? (
          details.length === 0 ? (
            <Text as="p">No details about the child were sent with this request.</Text>
          ) : (
            <dl className={styles.fields}>
              {details.map((f) => (
                <div key={f.id} style={{ display: 'contents' }}>
                  <dt>{f.label}</dt>
                  <dd>{shownValue(f.value)}</dd>
                </div>
              ))}
            </dl>
          )
        ) : null}
      </div>
    </RecordSection>
  );
}

/**
 * The Business Unit's triage, with the channel card's forms, use case and rules: what one
 * decides the other shows. What the service said of the decision stays after the forms change.
 */
function TriageSection({
  session,
  record,
  onSaved,
}: {
  session: SignedIn;
  record: RecordDetail;
  onSaved: (record: RecordDetail) => void;
}) {
  const styles = useStyles();
  const [decided, setDecided] = useState<string>();
  if (!canTriage(session.me)) {
    return (
      <RecordSection title="Triage">
        <Text as="p">
          The Business Unit triages this record, here or on its card in the Business Unit’s channel.
        </Text>
      </RecordSection>
    );
  }
  return (
    <RecordSection title="Triage">
      <Text as="p">
        Decide here or on the KLOE’s card in the Business Unit’s channel: each shows the other’s
        decision.
      </Text>
      <div role="status" className={styles.done}>
        {decided ? <Text>{decided}</Text> : null}
      </div>
      {record.triage.map((t) => (
        <AddToRecord
          key={t.formId}
          session={session}
          addition={{
            formId: t.formId,
            label: t.title,
            saved: '',
            send: async (values) => {
              const done = await triageRecord(
                session.api,
                record.id,
                t.formId,
                values,
                record.version,
              );
              setDecided(done.message);
              return getRecord(session.api, record.type, record.id);
            },
          }}
          onSaved={onSaved}
        />
      ))}
    </RecordSection>
  );
}

/** One record: what was sent, its history and links, and the Engine Room's work on it. */
export function RecordView({
  session,
  type,
  id,
}: {
  session: SignedIn;
  type: RecordType;
  id: string;
}) {
  const styles = useStyles();
  const [record, setRecord] = useState<RecordDetail>();
  const [error, setError] = useState<{ message: string; status?: number | undefined }>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setRecord(undefined);
    setError(undefined);
    getRecord(session.api, type, id).then(
      (r) => live && setRecord(r),
      (e: unknown) =>
        live &&
        setError({ message: messageOf(e), status: e instanceof ApiError ? e.status : undefined }),
    );
    return () => {
      live = false;
    };
  }, [session.api, type, id, attempt]);

  useEffect(() => {
    if (record) document.title = `${record.reference} – Engine Room – Pathways`;
  }, [record]);

  // From one record to a linked one the page heading stays the same, so the shell does not move
  // the keyboard: put it on the new record's heading once it is shown.
  const titleRef = useRef<HTMLHeadingElement>(null);
  const shownId = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!record) return;
    const key = `${record.type}/${record.id}`;
    if (shownId.current !== undefined && shownId.current !== key) titleRef.current?.focus();
    shownId.current = key;
  }, [record]);

  const back = (
    <Text as="p" className={styles.back}>
      <Link href={lastQueueHash()}>Back to the queue</Link>
    </Text>
  );

  if (!canReadQueue(session.me)) {
    return (
      <Empty title="Engine Room records are not open to you">
        <Text as="p">
          They are for the Business Unit, Engine Room members and the Development Manager.{' '}
          <Link href="#/personal">See the forms you have sent</Link>.
        </Text>
      </Empty>
    );
  }
  if (error) {
    return (
      <>
        {back}
        {error.status === 404 ? (
          <Empty title="There is no record at this address">
            <Text as="p">
              The link may be wrong, or the record may have been removed. Go back to the queue and
              search for it by its reference.
            </Text>
          </Empty>
        ) : (
          <Problem
            message={`The record could not be loaded. ${error.message}`}
            onRetry={error.status === 403 ? undefined : () => setAttempt((n) => n + 1)}
          />
        )}
      </>
    );
  }
  if (!record) {
    return (
      <>
        {back}
        <Loading label="Loading the record…" />
      </>
    );
  }

  const writer = canWriteRecords(session.me);
  const saved = (next: RecordDetail) => {
    setRecord(next);
    updateRemembered(next);
  };
  const add = (part: RecordPart, label: string, done: string): Addition | undefined =>
    writer
      ? {
          formId: formIdFor[part],
          label,
          saved: done,
          send: (values) => addToRecord(session.api, record.type, record.id, part, values),
        }
      : undefined;
  const listOf = <T,>(items: T[], key: (item: T) => string, show: (item: T) => ReactNode) =>
    items.length === 0 ? undefined : (
      <ul className={styles.items}>
        {items.map((item) => (
          <li key={key(item)}>{show(item)}</li>
        ))}
      </ul>
    );
  const parts: PartOfRecord[] = [
    {
      title: 'Linked records',
      shown: listOf(
        record.links,
        (l) => `${l.type}/${l.id}`,
        (l) => (
          <Text>
            {l.relation}: <Link href={recordHash(l.type, l.id)}>{l.reference}</Link>
          </Text>
        ),
      ),
      empty: 'No other records are linked to this one.',
    },
    {
      title: 'Evidence for triangulation',
      shown: listOf(
        record.evidence,
        (e) => e.id,
        (e) => (
          <>
            <Text as="p">{e.summary}</Text>
            <Text as="p" className={styles.subtle}>
              Source: {e.source}, dated {formatDate(e.sourceDate)}. Added by {e.addedBy} on{' '}
              {formatDate(e.addedAt)}.
            </Text>
          </>
        ),
      ),
      empty: "No evidence yet: other KLOEs, audit findings or a partner's data.",
      addition: add('evidence', 'Add evidence', 'Evidence added.'),
    },
    {
      title: 'Planned investigative activity',
      shown: listOf(
        record.activities,
        (a) => a.id,
        (a) => (
          <>
            <Text as="p" weight="semibold">
              {a.kindTitle}
            </Text>
            <Text as="p">{a.description}</Text>
            <Text as="p" className={styles.subtle}>
              Owner: {a.owner}. From {formatDate(a.startDate)} to {formatDate(a.endDate)}.
            </Text>
            {canPlanActiveLearning(session.me) ? (
              <Text as="p">
                <Link
                  href={`#/active-learning/new?type=${record.type}&id=${encodeURIComponent(record.id)}&activity=${encodeURIComponent(a.id)}`}
                >
                  Plan Active Learning from this {a.kindTitle.toLowerCase()}
                </Link>
              </Text>
            ) : null}
          </>
        ),
      ),
      empty: 'No activity planned yet.',
      addition: add('activities', 'Plan activity', 'Activity added to the plan.'),
    },
    {
      title: 'Invitations to attend the Engine Room',
      shown: listOf(
        record.invitations,
        (i) => i.id,
        (i) => (
          <>
            <Text as="p">
              <Text weight="semibold">{i.personName}</Text> ({i.agency}), for the meeting on{' '}
              {formatDate(i.meetingDate)}: <Text weight="semibold">{i.statusText}</Text>
            </Text>
            {i.answerNote ? <Text as="p">Their note: {i.answerNote}</Text> : null}
            <Text as="p" className={styles.subtle}>
              Invited by {i.invitedBy} on {formatDate(i.invitedAt)}
              {i.answeredAt ? `; answered on ${formatDate(i.answeredAt)}` : ''}.
            </Text>
          </>
        ),
      ),
      empty: 'Nobody has been invited to attend about this record.',
      // An agency's representative: the declared invitation form, with that agency's people.
      addition: writer
        ? {
            formId: 'engine-room.invitation',
            label: 'Invite a representative',
            saved: 'Invitation sent. Their answer will show here.',
            send: (values) => inviteToEngineRoom(session.api, record.type, record.id, values),
            peopleOfAgency: true,
          }
        : undefined,
    },
    {
      title: 'Recommendations',
      shown: listOf(
        record.recommendations,
        (r) => r.id,
        (r) => (
          <>
            <Text as="p">{r.text}</Text>
            <Text as="p" className={styles.subtle}>
              <Link href={`#/recommendations?ref=${encodeURIComponent(r.reference)}`}>
                {r.reference}
              </Link>
              . Owned by {r.owningAgency}. Due {formatDate(r.dueDate)}. Status: {r.statusText}.
            </Text>
          </>
        ),
      ),
      empty: 'No recommendations yet.',
      addition: add('recommendations', 'Record recommendation', 'Recommendation recorded.'),
    },
    {
      title: 'Outcome',
      shown: record.outcome ? (
        <dl className={styles.fields}>
          <dt>Decision</dt>
          <dd>{record.outcome.decisionTitle}</dd>
          <dt>Learning identified</dt>
          <dd>{record.outcome.learning}</dd>
        </dl>
      ) : undefined,
      empty: 'No outcome recorded yet.',
      // Once recorded, the outcome stands: nothing more is added.
      addition: record.outcome
        ? undefined
        : add('outcome', 'Record the outcome', 'Outcome recorded.'),
      // The outcome form gives way to the outcome itself: the keyboard goes to its heading.
      focusOnSave: true,
    },
  ];

  return (
    <>
      {back}
      <div className={styles.header}>
        <h2 ref={titleRef} tabIndex={-1}>
          {record.reference}: {record.title}
        </h2>
        <Text as="p">
          {recordTypeNames[record.type]} · Status:{' '}
          <Text weight="semibold">{record.statusText}</Text>
        </Text>
        {writer ? null : (
          <Text as="p" className={styles.subtle}>
            You can read this record. Engine Room members and the Business Unit add to it.
          </Text>
        )}
      </div>

      <RecordSection title="Progress">
        <Text as="p">
          Every record goes through the same steps: received, triaged, being explored by the Engine
          Room, outcome recorded, closed.
          {record.type === 'kloe'
            ? ' The KLOE’s card in the Business Unit’s channel shows the same.'
            : ''}
        </Text>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Who</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {record.lifecycle.map((step, i) => (
              <tr key={`${step.stage}-${i}`}>
                <td>{step.text}</td>
                <td>{step.by}</td>
                <td>
                  <time dateTime={step.at}>{formatDateTime(step.at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </RecordSection>

      {record.triage.length > 0 ? (
        <TriageSection session={session} record={record} onSaved={saved} />
      ) : null}

      <RecordSection title="What was sent">
        {record.fields.length === 0 ? (
          <Text as="p">Nothing you may see was sent with this record.</Text>
        ) : (
          <dl className={styles.fields}>
            {record.fields.map((f) => (
              <div key={f.id} style={{ display: 'contents' }}>
                <dt>{f.label}</dt>
                <dd>{shownValue(f.value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </RecordSection>

      {record.type === 'consideration' && canReadChildDetails(session.me) ? (
        // Keyed by record: moving to another record never carries one child's details over.
        <ChildDetails key={record.id} session={session} record={record} />
      ) : null}

      <RecordSection title="History">
        {record.history.length === 0 ? (
          <Text as="p">No changes have been recorded yet.</Text>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {record.history.map((h, i) => (
                <tr key={`${h.at}-${i}`}>
                  <td>
                    <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                  </td>
                  <td>{h.by}</td>
                  <td>{h.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </RecordSection>

      {parts.map((part) => (
        <PartSection key={part.title} session={session} part={part} onSaved={saved} />
      ))}
    </>
  );
}

import {
  Button,
  Checkbox,
  Field,
  Input,
  Link,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type {
  ActiveLearningDetail,
  ActiveLearningSummary,
  FormDescription,
  ProposedTimes,
  QueueFacets,
  RecordDetail,
  RecordType,
} from '@pathways/core';
import {
  ApiError,
  messageOf,
  type Me,
  type SignedIn,
  DeclaredForm,
  Empty,
  Loading,
  Problem,
} from '@pathways/ui-shell';
import { recordHash } from '../router';
import { getFacets, getForm, getRecord } from '../engine-room/api';
import { canReadQueue } from '../engine-room/access';
import { formatDate, formatDateTime, plural, todayInEngland } from '../engine-room/format';
import {
  arrangeMeeting,
  chaseAgencies,
  createActiveLearning,
  getActiveLearning,
  listActiveLearning,
  proposeTimes,
  recordAttendance,
} from './api';

/** Only the Business Unit plans, chases and schedules; the others may look. */
export const canPlanActiveLearning = (me: Me) => me.roles.includes('BusinessUnit');

const useStyles = makeStyles({
  section: {
    maxWidth: '64rem',
    marginBlockEnd: tokens.spacingVerticalXXL,
    '& h2': { marginBlockEnd: tokens.spacingVerticalS },
    '& p': { display: 'block', marginBlock: tokens.spacingVerticalXS },
  },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    tableLayout: 'fixed',
    overflowWrap: 'anywhere',
    '& th, & td': {
      textAlign: 'start',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& th': { fontWeight: tokens.fontWeightSemibold },
    '& ul': { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  },
  agencies: {
    display: 'flex',
    flexDirection: 'column',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    margin: 0,
    '& legend': {
      fontWeight: tokens.fontWeightSemibold,
      paddingInline: tokens.spacingHorizontalXS,
    },
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    marginBlock: tokens.spacingVerticalS,
  },
  subtle: { color: tokens.colorNeutralForeground2 },
});

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  const id = useId();
  return (
    <section aria-labelledby={id} className={styles.section}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function NotForYou() {
  return (
    <Empty title="Active Learning is not open to you">
      <Text as="p">
        It is for the Business Unit, Engine Room members and the Development Manager. Agency leads
        nominate from the card Pathways sends them in Teams.
      </Text>
    </Empty>
  );
}

/** Every Active Learning, newest first. */
export function ActiveLearningList({ session }: { session: SignedIn }) {
  const styles = useStyles();
  const [sets, setSets] = useState<ActiveLearningSummary[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!canReadQueue(session.me)) return;
    let live = true;
    setError(undefined);
    listActiveLearning(session.api).then(
      (s) => live && setSets(s),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [session, attempt]);
  useEffect(() => {
    document.title = 'Active Learning – Pathways';
  }, []);

  if (!canReadQueue(session.me)) return <NotForYou />;
  if (error)
    return (
      <Problem
        message={`Active Learning could not be loaded. ${error}`}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  if (!sets) return <Loading label="Loading Active Learning…" />;
  if (sets.length === 0)
    return (
      <Empty title="No Active Learning yet">
        <Text as="p">
          Plan it from a record in the <Link href="#/engine-room">Engine Room</Link>: open the
          record, and under its planned investigative activity choose &ldquo;Plan Active Learning
          from this&rdquo;.
        </Text>
      </Empty>
    );
  return (
    <Section title="Active Learning">
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Theme and activity</th>
            <th scope="col">Planned</th>
            <th scope="col">Status</th>
            <th scope="col">Agencies nominated</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`#/active-learning/${encodeURIComponent(s.id)}`}>
                  {s.theme}: {s.kindTitle}
                </Link>
                <br />
                <Text size={200} className={styles.subtle}>
                  From {s.plan.reference}
                </Text>
              </td>
              <td>
                {formatDate(s.plannedFrom)} to {formatDate(s.plannedTo)}
              </td>
              <td>{s.statusText}</td>
              <td>
                {s.agenciesNominated} of {s.agenciesInvited}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** Plan Active Learning from a record's planned activity, and choose the agencies to ask. */
export function NewActiveLearning({
  session,
  query,
}: {
  session: SignedIn;
  query: URLSearchParams;
}) {
  const styles = useStyles();
  const type = (query.get('type') ?? '') as RecordType;
  const recordId = query.get('id') ?? '';
  const activityId = query.get('activity') ?? undefined;
  const [record, setRecord] = useState<RecordDetail>();
  const [form, setForm] = useState<FormDescription>();
  const [facets, setFacets] = useState<QueueFacets>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [agencies, setAgencies] = useState<string[]>([]);
  const allowed = canPlanActiveLearning(session.me);

  useEffect(() => {
    document.title = 'Plan Active Learning – Pathways';
  }, []);
  useEffect(() => {
    if (!allowed || !recordId) return;
    let live = true;
    setError(undefined);
    Promise.all([
      getRecord(session.api, type, recordId),
      getForm(session.api, 'active-learning.set'),
      getFacets(session.api),
    ]).then(
      ([r, f, a]) => {
        if (!live) return;
        setRecord(r);
        setForm(f);
        setFacets(a);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [session, type, recordId, allowed, attempt]);

  if (!allowed)
    return (
      <Empty title="Only the Business Unit plans Active Learning">
        <Text as="p">
          You can see what is planned in <Link href="#/active-learning">Active Learning</Link>.
        </Text>
      </Empty>
    );
  if (!recordId)
    return (
      <Empty title="Start from a record">
        <Text as="p">
          Active Learning follows on from an Engine Room plan. Open a record in the{' '}
          <Link href="#/engine-room">Engine Room</Link> and choose &ldquo;Plan Active Learning from
          this&rdquo; under its planned activity.
        </Text>
      </Empty>
    );
  if (error)
    return (
      <Problem
        message={`The form could not be loaded. ${error}`}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  if (!record || !form || !facets) return <Loading label="Loading the form…" />;
  const activity = record.activities.find((a) => a.id === activityId);
  const initial: Record<string, string> = activity
    ? {
        kind: activity.kind,
        description: activity.description,
        plannedFrom: activity.startDate,
        plannedTo: activity.endDate,
      }
    : {};
  const toggle = (agency: string, on: boolean) =>
    setAgencies((list) => (on ? [...list, agency] : list.filter((a) => a !== agency)));

  return (
    <Section title={`From ${record.reference}: ${record.title}`}>
      <Text as="p">
        <Link href={recordHash(record.type, record.id)}>Back to {record.reference}</Link>
      </Text>
      {activity ? (
        <Text as="p">
          Following on from the planned {activity.kindTitle.toLowerCase()},{' '}
          {formatDate(activity.startDate)} to {formatDate(activity.endDate)}.
        </Text>
      ) : null}
      <DeclaredForm
        description={form}
        initial={initial}
        onSubmit={async (values) => {
          if (agencies.length === 0)
            throw new ApiError('Choose agencies', 422, 'Invalid', {
              errors: { agencies: 'Choose at least one agency to ask for nominations' },
            });
          const { confirmChecked, ...answers } = values;
          const created = await createActiveLearning(session.api, {
            plan: {
              recordType: record.type,
              recordId: record.id,
              ...(activity ? { activityId: activity.id } : {}),
            },
            agencies,
            values: answers,
            ...(confirmChecked === 'true' ? { confirmChecked: 'true' as const } : {}),
          });
          window.location.hash = `#/active-learning/${encodeURIComponent(created.id)}`;
        }}
        onCancel={() => {
          window.location.hash = recordHash(record.type, record.id);
        }}
      >
        <fieldset className={styles.agencies} data-field="agencies">
          <legend>Agencies to ask for nominations</legend>
          <Text as="p" size={200} className={styles.subtle}>
            Their leads get a Teams card and an email.{' '}
            {plural(agencies.length, 'agency', 'agencies')} chosen.
          </Text>
          <Checkbox
            label="Every agency"
            checked={
              agencies.length === facets.agencies.length
                ? true
                : agencies.length === 0
                  ? false
                  : 'mixed'
            }
            onChange={(_, d) => setAgencies(d.checked === true ? [...facets.agencies] : [])}
          />
          {facets.agencies.map((a) => (
            <Checkbox
              key={a}
              label={a}
              checked={agencies.includes(a)}
              onChange={(_, d) => toggle(a, d.checked === true)}
            />
          ))}
        </fieldset>
      </DeclaredForm>
    </Section>
  );
}

const statusWords: Record<string, string> = {
  invited: 'Asked: no nominations yet',
  nominated: 'Nominated',
  'no-lead': 'No lead in the directory: not asked',
};

/** One Active Learning: nominations per agency, chasing, the meeting, attendance. */
export function ActiveLearningSetView({ session, id }: { session: SignedIn; id: string }) {
  const styles = useStyles();
  const [set, setSet] = useState<ActiveLearningDetail>();
  const [error, setError] = useState<{ message: string; status?: number | undefined }>();
  const [attempt, setAttempt] = useState(0);
  const [chaseSaid, setChaseSaid] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const planner = canPlanActiveLearning(session.me);

  useEffect(() => {
    if (!canReadQueue(session.me)) return;
    let live = true;
    setError(undefined);
    getActiveLearning(session.api, id).then(
      (s) => live && setSet(s),
      (e: unknown) =>
        live &&
        setError({ message: messageOf(e), status: e instanceof ApiError ? e.status : undefined }),
    );
    return () => {
      live = false;
    };
  }, [session, id, attempt]);
  useEffect(() => {
    if (set) document.title = `Active Learning: ${set.theme} – Pathways`;
  }, [set]);
  // A meeting being made in Outlook: look again shortly, until it is there.
  useEffect(() => {
    if (set?.meeting?.state !== 'requested') return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), 2000);
    return () => clearTimeout(timer);
  }, [set]);

  if (!canReadQueue(session.me)) return <NotForYou />;
  const back = (
    <Text as="p">
      <Link href="#/active-learning">All Active Learning</Link>
    </Text>
  );
  if (error)
    return (
      <>
        {back}
        {error.status === 404 ? (
          <Empty title="There is no Active Learning at this address" />
        ) : (
          <Problem
            message={`It could not be loaded. ${error.message}`}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
      </>
    );
  if (!set)
    return (
      <>
        {back}
        <Loading label="Loading Active Learning…" />
      </>
    );

  const chase = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      const result = await chaseAgencies(session.api, set.id);
      setChaseSaid(
        result.chased.length > 0
          ? `Chased ${result.chased.join(', ')}.`
          : 'Nobody was chased: every agency has nominated, has no lead, or was chased recently.',
      );
      setAttempt((n) => n + 1);
    } catch (e) {
      setActionError(`Nobody was chased. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const waiting = set.agencies.filter((a) => a.status === 'invited');
  const nominees = set.agencies.flatMap((a) => a.nominations);

  return (
    <>
      {back}
      <Section title={`${set.theme}: ${set.kindTitle}`}>
        <Text as="p">
          Status: <Text weight="semibold">{set.statusText}</Text>. Planned{' '}
          {formatDate(set.plannedFrom)} to {formatDate(set.plannedTo)}; nominations by{' '}
          {formatDate(set.nominationsBy)}.
        </Text>
        <Text as="p">{set.description}</Text>
        <Text as="p">
          From{' '}
          <Link href={recordHash(set.plan.recordType as RecordType, set.plan.recordId)}>
            {set.plan.reference}
          </Link>
          .
        </Text>
      </Section>

      <Section title="Nominations by agency">
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Asked</th>
              <th scope="col">Nominated</th>
            </tr>
          </thead>
          <tbody>
            {set.agencies.map((a) => (
              <tr key={a.agency}>
                <th scope="row">{a.agency}</th>
                <td>
                  {statusWords[a.status] ?? a.status}
                  {a.leads.length > 0 ? <> ({a.leads.join(', ')})</> : null}
                  {a.lastChasedAt ? (
                    <>
                      <br />
                      Chased {plural(a.chases, 'time')}, last on {formatDateTime(a.lastChasedAt)}
                    </>
                  ) : null}
                </td>
                <td>
                  {a.nominations.length === 0 ? (
                    'Nobody yet'
                  ) : (
                    <ul>
                      {a.nominations.map((n) => (
                        <li key={n.id}>
                          {n.name} (by {n.nominatedBy})
                          {n.attended === null
                            ? null
                            : n.attended
                              ? ': attended'
                              : ': did not attend'}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {planner && set.status !== 'held' ? (
          waiting.length > 0 ? (
            <div className={styles.row}>
              {/* Not disabled while it works (a second press is ignored): the button keeps its contrast. */}
              <Button onClick={() => (busy ? undefined : void chase())}>
                Chase the {plural(waiting.length, 'agency', 'agencies')} yet to nominate
              </Button>
            </div>
          ) : (
            <Text as="p">Every agency that was asked has nominated.</Text>
          )
        ) : null}
        <div role="status">{chaseSaid ? <Text>{chaseSaid}</Text> : null}</div>
        {actionError ? <Problem message={actionError} /> : null}
      </Section>

      <Section title="Meeting">
        {set.meeting ? (
          <>
            <Text as="p">
              {formatDateTime(set.meeting.start)} to {formatDateTime(set.meeting.end)}.{' '}
              {set.meeting.state === 'created'
                ? 'The Teams meeting is in the nominees\u2019 calendars.'
                : 'The Teams meeting is being made in Outlook…'}
            </Text>
            {set.meeting.joinUrl ? (
              <Text as="p">
                <Link href={set.meeting.joinUrl} target="_blank" rel="noreferrer">
                  Join the Teams meeting (opens in a new window)
                </Link>
              </Text>
            ) : null}
          </>
        ) : planner ? (
          <Scheduler
            session={session}
            set={set}
            nominees={nominees.length}
            onArranged={(next) => setSet(next)}
          />
        ) : (
          <Text as="p">No meeting has been arranged yet.</Text>
        )}
      </Section>

      {set.meeting ? (
        <Section title="Attendance">
          {set.meeting.attendanceRecorded ? (
            <Text as="p">
              {plural(nominees.filter((n) => n.attended).length, 'person', 'people')} of{' '}
              {nominees.length} attended (shown beside each nominee above).
            </Text>
          ) : planner ? (
            <Attendance session={session} set={set} onRecorded={(next) => setSet(next)} />
          ) : (
            <Text as="p">Attendance has not been recorded yet.</Text>
          )}
        </Section>
      ) : null}
    </>
  );
}

function Scheduler({
  session,
  set,
  nominees,
  onArranged,
}: {
  session: SignedIn;
  set: ActiveLearningDetail;
  nominees: number;
  onArranged: (set: ActiveLearningDetail) => void;
}) {
  const styles = useStyles();
  const today = todayInEngland();
  const [from, setFrom] = useState(set.plannedFrom < today ? today : set.plannedFrom);
  const [to, setTo] = useState(set.plannedTo < today ? today : set.plannedTo);
  const [minutes, setMinutes] = useState('120');
  const [proposed, setProposed] = useState<ProposedTimes>();
  const [chosen, setChosen] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const timesHeading = useRef<HTMLHeadingElement>(null);

  if (nominees === 0)
    return (
      <Text as="p">
        Nobody has been nominated yet. Once agencies nominate, find a time that suits them here.
      </Text>
    );

  const find = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await proposeTimes(session.api, set.id, {
        from,
        to,
        minutes: Number(minutes),
      });
      setProposed(result);
      setChosen(result.times[0]?.start);
      requestAnimationFrame(() => timesHeading.current?.focus());
    } catch (e) {
      setProblem(`No times could be found. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const arrange = async () => {
    const slot = proposed?.times.find((t) => t.start === chosen);
    if (!slot) return;
    setBusy(true);
    setProblem(undefined);
    try {
      onArranged(await arrangeMeeting(session.api, set.id, slot));
    } catch (e) {
      setProblem(`The meeting was not made. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Text as="p">
        Pathways reads the calendars of the nominees, the Business Unit&apos;s and yours, and offers
        times when everyone is free (working days, 9:30am to 4:30pm).
      </Text>
      <div className={styles.row}>
        <Field label="From">
          <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
        </Field>
        <Field label="To">
          <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
        </Field>
        <Field label="Length">
          <Select value={minutes} onChange={(_, d) => setMinutes(d.value)}>
            <option value="60">1 hour</option>
            <option value="90">1 hour 30 minutes</option>
            <option value="120">2 hours</option>
            <option value="180">3 hours</option>
          </Select>
        </Field>
        <Button onClick={() => void find()} disabledFocusable={busy}>
          Find times
        </Button>
      </div>
      {problem ? <Problem message={problem} /> : null}
      {proposed ? (
        <>
          <h3 ref={timesHeading} tabIndex={-1}>
            {proposed.times.length === 0
              ? 'No time suits everyone in those dates'
              : 'Times that suit everyone'}
          </h3>
          <Text as="p" size={200} className={styles.subtle}>
            Calendars read: {proposed.people.join(', ')}.
          </Text>
          {proposed.times.length > 0 ? (
            <>
              <Field label="Choose a time">
                <RadioGroup value={chosen ?? ''} onChange={(_, d) => setChosen(d.value)}>
                  {proposed.times.map((t) => (
                    <Radio
                      key={t.start}
                      value={t.start}
                      label={`${formatDateTime(t.start)} to ${formatDateTime(t.end)}`}
                    />
                  ))}
                </RadioGroup>
              </Field>
              <div className={styles.row}>
                <Button
                  appearance="primary"
                  onClick={() => void arrange()}
                  disabledFocusable={busy}
                >
                  Create the Teams meeting and invite the nominees
                </Button>
              </div>
            </>
          ) : (
            <Text as="p">Try a wider window of dates, or a shorter meeting.</Text>
          )}
        </>
      ) : null}
    </>
  );
}

function Attendance({
  session,
  set,
  onRecorded,
}: {
  session: SignedIn;
  set: ActiveLearningDetail;
  onRecorded: (set: ActiveLearningDetail) => void;
}) {
  const styles = useStyles();
  const nominees = set.agencies.flatMap((a) => a.nominations);
  const [attended, setAttended] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const save = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      onRecorded(await recordAttendance(session.api, set.id, attended));
    } catch (e) {
      setProblem(`Attendance was not recorded. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <fieldset className={styles.agencies}>
        <legend>Who attended</legend>
        {nominees.map((n) => (
          <Checkbox
            key={n.id}
            label={`${n.name} (${n.agency})`}
            checked={attended.includes(n.id)}
            onChange={(_, d) =>
              setAttended((list) =>
                d.checked === true ? [...list, n.id] : list.filter((x) => x !== n.id),
              )
            }
          />
        ))}
      </fieldset>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void save()} disabledFocusable={busy}>
          Record attendance
        </Button>
      </div>
      {problem ? <Problem message={problem} /> : null}
    </>
  );
}

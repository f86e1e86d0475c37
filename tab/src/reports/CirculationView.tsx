import {
  Button,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CirculationView as View, DueItem } from '@pathways/core';
import { messageOf, type SignedIn, Empty, Loading, Problem } from '@pathways/ui-shell';
import { hashWithQuery, replaceHash } from '../router';
import { canReadReports } from '../engine-room/access';
import { formProblemOf } from '../engine-room/api';
import { formatDate, todayInEngland } from '../engine-room/format';
import { getCirculation, markDone, recordEvent } from './api';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '60rem',
    '& h2, & h3, & p': { margin: 0 },
  },
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
  },
  list: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  overdue: {
    borderInlineStartWidth: '6px',
    borderInlineStartColor: tokens.colorStatusDangerBorder2,
  },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(0, max-content) minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '32rem',
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

const statusWords: Record<DueItem['status'], string> = {
  overdue: 'Overdue',
  due: 'Due now',
  upcoming: 'Coming up',
  done: 'Done',
};

function when(d: DueItem): string {
  const due = d.dueBy ? `due by ${formatDate(d.dueBy)}` : 'no deadline given';
  if (d.status === 'done') return `Done on ${formatDate(d.doneOn!)} (${due})`;
  if (d.status === 'upcoming')
    return `${statusWords.upcoming}: from ${formatDate(d.opensOn)}, ${due}`;
  return `${statusWords[d.status]}: ${due}`;
}

/**
 * The circulation plan: what the partnership communicates, to whom, how, by whom and when,
 * against the meetings and events recorded, with what is due and overdue first.
 */
export function CirculationView({ session, query }: { session: SignedIn; query: URLSearchParams }) {
  const styles = useStyles();
  const range = useMemo(() => {
    const valid = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
    return { from: valid(query.get('from')), to: valid(query.get('to')) };
  }, [query]);
  const [view, setView] = useState<View>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [markError, setMarkError] = useState<string>();
  const allowed = canReadReports(session.me);
  const canRecord = session.me.roles.includes('BusinessUnit');

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    setError(undefined);
    getCirculation(session.api, range).then(
      (v) => live && setView(v),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [allowed, session.api, range, attempt]);

  if (!allowed) {
    return (
      <Empty title="The circulation plan is not open to you">
        <Text as="p">
          It is for the Business Unit, the Engine Room, the Development Manager and the Executive.
        </Text>
      </Empty>
    );
  }
  if (error)
    return (
      <Problem
        message={`The circulation plan could not be loaded. ${error}`}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  if (!view) return <Loading label="Loading the circulation plan…" />;

  const setWindow = (next: { from?: string; to?: string }) =>
    replaceHash(hashWithQuery('circulation', { from: view.from, to: view.to, ...next }));

  /** Records the day it was actually done; a refused date's reason is shown beside it. */
  const done = async (d: DueItem, doneOn: string): Promise<string | undefined> => {
    setNotice(undefined);
    setMarkError(undefined);
    try {
      await markDone(session.api, { itemId: d.itemId, occurrence: d.occurrence, doneOn });
      setNotice(`Marked done on ${formatDate(doneOn)}: ${d.what}, ${d.occurrenceTitle}.`);
      setAttempt((n) => n + 1);
      return undefined;
    } catch (e) {
      const problem = formProblemOf(e);
      if (problem?.errors.doneOn) return problem.errors.doneOn;
      setMarkError(`It was not marked done. ${messageOf(e)}`);
      return undefined;
    }
  };

  const open = view.due.filter((d) => d.status !== 'done');
  const counts = {
    overdue: view.due.filter((d) => d.status === 'overdue').length,
    due: view.due.filter((d) => d.status === 'due').length,
  };

  return (
    <div className={styles.page}>
      <section aria-labelledby="due-heading">
        <h2 id="due-heading">What is due</h2>
        <Text as="p">
          From {view.source}. {counts.overdue} overdue, {counts.due} due now.
        </Text>
        <div className={styles.controls}>
          <Field label="From">
            <Input
              type="date"
              value={view.from}
              onChange={(_, d) => d.value && setWindow({ from: d.value })}
            />
          </Field>
          <Field label="To">
            <Input
              type="date"
              value={view.to}
              onChange={(_, d) => d.value && setWindow({ to: d.value })}
            />
          </Field>
        </div>
        <div role="status">{notice ? <Text as="p">{notice}</Text> : null}</div>
        {markError ? <Problem message={markError} /> : null}
        {view.due.length === 0 ? (
          <Empty title="Nothing is due in these dates">
            <Text as="p">Record a meeting or event below, or choose other dates.</Text>
          </Empty>
        ) : (
          <ul
            className={styles.list}
            aria-label={`${open.length} to do, ${view.due.length - open.length} done`}
          >
            {view.due.map((d) => (
              <li
                key={`${d.itemId}|${d.occurrence}`}
                className={
                  d.status === 'overdue' ? `${styles.item} ${styles.overdue}` : styles.item
                }
              >
                <h3>{d.what}</h3>
                <Text weight="semibold">{when(d)}</Text>
                <dl className={styles.facts}>
                  <dt>For</dt>
                  <dd>{d.occurrenceTitle}</dd>
                  <dt>To whom</dt>
                  <dd>{d.toWhom.join('; ')}</dd>
                  <dt>How</dt>
                  <dd>{d.how.join('; ')}</dd>
                  <dt>By whom</dt>
                  <dd>{d.byWhom.join('; ')}</dd>
                  <dt>The plan says</dt>
                  <dd>{d.when}</dd>
                </dl>
                {canRecord && d.status !== 'done' && d.status !== 'upcoming' ? (
                  <MarkDone item={d} onDone={(on) => done(d, on)} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {canRecord ? (
        <RecordEvent
          view={view}
          session={session}
          onRecorded={(title) => {
            setNotice(`Recorded: ${title}.`);
            setAttempt((n) => n + 1);
          }}
        />
      ) : null}

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Meetings and events in these dates</h2>
        {view.events.length === 0 ? (
          <Text as="p">None recorded.</Text>
        ) : (
          <ul>
            {view.events.map((e) => (
              <li key={e.id}>
                {formatDate(e.on)}: {e.title} (
                {view.eventKinds.find((k) => k.id === e.kind)?.title ?? e.kind})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="standing-heading">
        <h2 id="standing-heading">Communicated as needed</h2>
        <Text as="p">The plan gives no date for these; they are standing instructions.</Text>
        <ul className={styles.list}>
          {view.standing.map((s) => (
            <li key={s.id} className={styles.item}>
              <h3>{s.what}</h3>
              <dl className={styles.facts}>
                <dt>To whom</dt>
                <dd>{s.toWhom.join('; ')}</dd>
                <dt>How</dt>
                <dd>{s.how.join('; ')}</dd>
                <dt>By whom</dt>
                <dd>{s.byWhom.join('; ')}</dd>
                <dt>When</dt>
                <dd>{s.when}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function RecordEvent({
  view,
  session,
  onRecorded,
}: {
  view: View;
  session: SignedIn;
  onRecorded: (title: string) => void;
}) {
  const styles = useStyles();
  const [kind, setKind] = useState('');
  const [title, setTitle] = useState('');
  const [on, setOn] = useState('');
  const [delivery, setDelivery] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const training = view.eventKinds.find((k) => k.id === kind)?.training ?? false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const chosenTitle = title.trim() || view.eventKinds.find((k) => k.id === kind)?.title || '';
      await recordEvent(session.api, {
        kind,
        title: chosenTitle,
        on,
        ...(training ? { delivery } : {}),
      });
      setKind('');
      setTitle('');
      setOn('');
      setDelivery('');
      setErrors({});
      onRecorded(chosenTitle);
    } catch (e) {
      const problem = formProblemOf(e);
      if (problem) {
        setErrors(problem.errors);
        const first = ['kind', 'title', 'on', 'delivery'].find((f) => problem.errors[f]);
        requestAnimationFrame(() =>
          formRef.current
            ?.querySelector<HTMLElement>(`[data-field="${first}"] :is(input, select)`)
            ?.focus(),
        );
      } else setFailure(`Nothing was saved. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const props = (id: string) =>
    errors[id]
      ? { validationState: 'error' as const, validationMessage: errors[id] }
      : { validationState: 'none' as const };

  return (
    <form
      ref={formRef}
      className={styles.form}
      aria-labelledby="record-event-heading"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2 id="record-event-heading">Record a meeting or event</h2>
      <Text as="p">What the plan counts from: a meeting, a publication, a training session.</Text>
      {failure ? <Problem message={failure} /> : null}
      <div data-field="kind">
        <Field label="What it is" required {...props('kind')}>
          <Select value={kind} onChange={(_, d) => setKind(d.value)}>
            <option value="">Choose one</option>
            {view.eventKinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.title}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div data-field="title">
        <Field label="Title" hint="Leave empty to use the kind of event." {...props('title')}>
          <Input value={title} onChange={(_, d) => setTitle(d.value)} />
        </Field>
      </div>
      <div data-field="on">
        <Field label="Date" required {...props('on')}>
          <Input type="date" value={on} onChange={(_, d) => setOn(d.value)} />
        </Field>
      </div>
      {training ? (
        <div data-field="delivery">
          <Field label="How it was delivered" required {...props('delivery')}>
            <RadioGroup value={delivery} onChange={(_, d) => setDelivery(d.value)}>
              <Radio value="in-person" label="Face to face" />
              <Radio value="virtual" label="Virtual" />
              <Radio value="hybrid" label="Hybrid" />
            </RadioGroup>
          </Field>
        </div>
      ) : null}
      <div>
        <Button type="submit" appearance="primary" disabledFocusable={busy}>
          {busy ? 'Recording…' : 'Record it'}
        </Button>
      </div>
    </form>
  );
}

/** The date it was actually done (today unless changed), and the button. */
function MarkDone({
  item,
  onDone,
}: {
  item: DueItem;
  /** Resolves to the reason a date was refused, if it was. */
  onDone: (doneOn: string) => Promise<string | undefined>;
}) {
  const styles = useStyles();
  const today = todayInEngland();
  const [on, setOn] = useState(today);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    // Said beside the field at once; the service checks the same.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) {
      setError('Enter the date it was done, for example 3 March 2026');
      input.current?.focus();
      return;
    }
    if (on > today) {
      setError('The date it was done cannot be in the future');
      input.current?.focus();
      return;
    }
    setBusy(true);
    const refused = await onDone(on);
    setBusy(false);
    setError(refused);
    if (refused) input.current?.focus();
  };
  return (
    <form
      className={styles.controls}
      aria-label={`Mark done: ${item.what}, ${item.occurrenceTitle}`}
      // The reason a date is refused is said beside it, in words, not by the browser.
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <Field
        label={`Date it was done: ${item.what}, ${item.occurrenceTitle}`}
        validationState={error ? 'error' : 'none'}
        validationMessage={error}
      >
        <Input ref={input} type="date" max={today} value={on} onChange={(_, d) => setOn(d.value)} />
      </Field>
      <div>
        <Button type="submit" disabledFocusable={busy}>
          {busy ? 'Marking done…' : `Mark done: ${item.what}, ${item.occurrenceTitle}`}
        </Button>
      </div>
    </form>
  );
}

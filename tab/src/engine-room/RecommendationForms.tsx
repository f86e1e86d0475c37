import { Button, Field, Input, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { FormDescription, RecommendationView } from '@pathways/core';
import {
  formProblemOf,
  messageOf,
  type SignedIn,
  DeclaredForm,
  useFocusAfterRender,
  Loading,
  Problem,
} from '@pathways/ui-shell';
import {
  changeRecommendation,
  getForm,
  getRecommendation,
  IMPACT_FORM_ID,
  recordImpact,
} from './api';
import {
  afterReload,
  answersOf,
  conflictOf,
  progressChanges,
  reloadedConflict,
  type ProgressAnswers,
} from './recommendation-changes';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: tokens.spacingVerticalM,
    maxWidth: '32rem',
    marginBlock: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    '& h2, & p': { margin: 0 },
  },
  box: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    '& p': { margin: 0 },
    '& ul': { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  },
  problem: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusDangerBorder2}`,
    borderInlineStartWidth: '6px',
    backgroundColor: tokens.colorStatusDangerBackground1,
  },
  conflict: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusWarningBorder2}`,
    borderInlineStartWidth: '6px',
    backgroundColor: tokens.colorStatusWarningBackground1,
  },
  note: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderInlineStartWidth: '6px',
  },
  summaryLink: {
    display: 'inline-block',
    minHeight: '24px',
    lineHeight: '24px',
    '@media (forced-colors: active)': { forcedColorAdjust: 'auto', color: 'LinkText' },
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  short: { maxWidth: '12rem' },
});

const fields = [
  { id: 'percentComplete', label: 'Progress (% done)' },
  { id: 'dueDate', label: 'Due date' },
] as const;

/**
 * The Development Manager changes a recommendation's progress or due date. The change is
 * made against the version the form was opened on: if Planner or someone else changed it
 * since, the service answers 409 and the form says so plainly, with a reload that shows
 * what it holds now beside what was typed.
 */
export function ProgressForm({
  session,
  recommendation,
  onSaved,
  onReloaded,
  onCancel,
}: {
  session: SignedIn;
  recommendation: RecommendationView;
  onSaved: (next: RecommendationView) => void;
  onReloaded: (now: RecommendationView) => void;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLDivElement>(null);
  const focusLater = useFocusAfterRender();
  // The version the change is made against: the one opened, or the one reloaded.
  const [opened, setOpened] = useState(recommendation);
  const [answers, setAnswers] = useState<ProgressAnswers>(() => answersOf(recommendation));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<string>();
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);

  const control = (id: string) =>
    formRef.current?.querySelector<HTMLElement>(`[data-field="${id}"] input`);
  const fieldErrors = fields.filter((f) => errors[f.id]);
  const otherErrors = Object.entries(errors).filter(([id]) => !fields.some((f) => f.id === id));
  const closed = opened.status === 'closed';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setFailure(undefined);
    setConflict(undefined);
    const changes = progressChanges(opened, answers);
    if (!changes) {
      setFailure('Nothing has changed. Change the progress or the due date, or cancel.');
      focusLater(() => problemRef.current);
      return;
    }
    setBusy(true);
    try {
      onSaved(await changeRecommendation(session.api, opened.id, changes));
    } catch (error) {
      const stale = conflictOf(error);
      const problem = formProblemOf(error);
      if (stale) {
        setConflict(stale);
        focusLater(() => conflictRef.current);
      } else if (problem) {
        setErrors(problem.errors);
        const first = fields.find((f) => problem.errors[f.id]);
        focusLater(() => (first ? control(first.id) : problemRef.current));
      } else {
        setFailure(`Nothing was saved. ${messageOf(error)}`);
        focusLater(() => problemRef.current);
      }
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    setBusy(true);
    try {
      const now = await getRecommendation(session.api, opened.id);
      setNote(afterReload(now, answers));
      setOpened(now);
      setAnswers(answersOf(now));
      setConflict(undefined);
      setErrors({});
      onReloaded(now);
      focusLater(() => noteRef.current);
    } catch (error) {
      setFailure(`It could not be reloaded. ${messageOf(error)}`);
      focusLater(() => problemRef.current);
    } finally {
      setBusy(false);
    }
  };

  const summaryCount = fieldErrors.length + otherErrors.length;
  return (
    <form
      ref={formRef}
      className={styles.form}
      aria-labelledby={headingId}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2 id={headingId}>Change progress or due date: {opened.reference}</h2>
      <Text as="p">
        The change goes to the task in Planner. At 100% the action is done, and the Engine
        Room&rsquo;s impact test is scheduled.
      </Text>
      {note ? (
        <div ref={noteRef} tabIndex={-1} className={`${styles.box} ${styles.note}`}>
          <Text as="p">{note}</Text>
        </div>
      ) : null}
      {conflict ? (
        <div ref={conflictRef} tabIndex={-1} className={`${styles.box} ${styles.conflict}`}>
          <Text as="p" weight="semibold">
            Not saved: someone else changed it first
          </Text>
          <Text as="p">{conflict}</Text>
          <Text as="p">
            Reloading shows what it holds now beside what you entered, so you can decide whether
            your change still applies.
          </Text>
          <Button appearance="primary" disabledFocusable={busy} onClick={() => void reload()}>
            Reload the recommendation
          </Button>
        </div>
      ) : null}
      {failure || summaryCount > 0 ? (
        <div ref={problemRef} tabIndex={-1} className={`${styles.box} ${styles.problem}`}>
          <Text as="p" weight="semibold">
            {failure
              ? 'Problem'
              : summaryCount === 1
                ? 'There is a problem: one answer needs changing.'
                : `There is a problem: ${summaryCount} answers need changing.`}
          </Text>
          {failure ? <Text as="p">{failure}</Text> : null}
          {summaryCount > 0 ? (
            <ul>
              {fieldErrors.map((f) => (
                <li key={f.id}>
                  <Link
                    className={styles.summaryLink}
                    href={`#${f.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      control(f.id)?.focus();
                    }}
                  >
                    {f.label}: {errors[f.id]}
                  </Link>
                </li>
              ))}
              {otherErrors.map(([id, message]) => (
                <li key={id}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {closed ? null : (
        <>
          <div data-field="percentComplete">
            <Field
              label={fields[0].label}
              hint="A whole number from 0 to 100."
              validationState={errors.percentComplete ? 'error' : 'none'}
              {...(errors.percentComplete ? { validationMessage: errors.percentComplete } : {})}
            >
              <Input
                className={styles.short}
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                value={answers.progress}
                onChange={(_, d) => setAnswers((a) => ({ ...a, progress: d.value }))}
              />
            </Field>
          </div>
          <div data-field="dueDate">
            <Field
              label={fields[1].label}
              validationState={errors.dueDate ? 'error' : 'none'}
              {...(errors.dueDate ? { validationMessage: errors.dueDate } : {})}
            >
              <Input
                className={styles.short}
                type="date"
                value={answers.dueDate}
                onChange={(_, d) => setAnswers((a) => ({ ...a, dueDate: d.value }))}
              />
            </Field>
          </div>
        </>
      )}
      <div className={styles.buttons}>
        {closed ? null : (
          <Button type="submit" appearance="primary" disabledFocusable={busy}>
            {busy ? 'Saving…' : 'Save changes'}
          </Button>
        )}
        <Button type="button" onClick={onCancel} disabledFocusable={busy}>
          {closed ? 'Close' : 'Cancel'}
        </Button>
      </div>
    </form>
  );
}

/**
 * The Engine Room records the impact test of a completed recommendation with the form
 * declared in core (impactResultForm, served at GET /api/forms/recommendation.impact): the
 * service validates against the same declaration, and warns of identifying details.
 */
export function ImpactForm({
  session,
  recommendation,
  onRecorded,
  onChanged,
  onCancel,
}: {
  session: SignedIn;
  recommendation: RecommendationView;
  onRecorded: (next: RecommendationView) => void;
  /** Someone else recorded it first (409): the list takes what it holds now. */
  onChanged: (now: RecommendationView) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<FormDescription>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(undefined);
    getForm(session.api, IMPACT_FORM_ID).then(
      (f) => live && setForm(f),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [session.api, attempt]);

  if (error)
    return (
      <Problem
        message={`The form could not be loaded. ${error}`}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  if (!form) return <Loading label="Loading the form…" />;
  return (
    <DeclaredForm
      description={form}
      headingLevel={2}
      notice={<Text as="p">For {recommendation.reference}.</Text>}
      onCancel={onCancel}
      onSubmit={async (values) => {
        try {
          onRecorded(await recordImpact(session.api, recommendation.id, values));
        } catch (failure) {
          const stale = conflictOf(failure);
          if (!stale) throw failure;
          const now = await getRecommendation(session.api, recommendation.id).catch(
            () => undefined,
          );
          if (!now) throw failure;
          onChanged(now);
          throw new Error(reloadedConflict(stale), { cause: failure });
        }
      }}
    />
  );
}

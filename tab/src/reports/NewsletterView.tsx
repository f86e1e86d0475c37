import {
  Button,
  Field,
  Input,
  Link,
  makeStyles,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type {
  NewsletterContent,
  NewsletterVersion,
  NewsletterView as View,
  SendConfirmation,
} from '@pathways/core';
import { ApiError, Empty, Loading, messageOf, Problem, type SignedIn } from '@pathways/ui-shell';
import { hashWithQuery, replaceHash } from '../router';
import { canReadReports } from '../engine-room/access';
import { formProblemOf } from '../engine-room/api';
import { financialQuarter, formatDateTime } from '../engine-room/format';
import { chosen, quarterNames } from '../engine-room/QuarterlyReportView';
import { ConfirmSend, UndoSend } from '../briefings/SendToEveryLead';
import {
  getFreshNewsletter,
  getNewsletter,
  getNewsletterVersion,
  saveNewsletter,
  sendNewsletterAsBriefing,
} from './api';

const useStyles = makeStyles({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    marginBlockEnd: tokens.spacingVerticalL,
  },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '48rem',
    '& h2, & h3, & p': { margin: 0 },
  },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  figures: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(0, max-content) auto',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    '& dd': { margin: 0, fontVariantNumeric: 'tabular-nums' },
  },
  summary: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusDangerBorder2}`,
    borderInlineStartWidth: '6px',
    borderRadius: tokens.borderRadiusMedium,
    '& ul': { marginBlock: tokens.spacingVerticalXS },
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    '&:focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  article: { maxWidth: '48rem', '& ul': { paddingInlineStart: tokens.spacingHorizontalXL } },
});

const editorRoles = ['BusinessUnit', 'DevelopmentManager'];
/** Only the Business Unit sends briefings (the Development Manager may edit the words). */
const senderRoles = ['BusinessUnit'];

/** Paragraphs split by a blank line; "- " lines are a list. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => {
          const lines = p.split('\n');
          return lines.every((l) => l.startsWith('- ')) ? (
            <ul key={i}>
              {lines.map((l, j) => (
                <li key={j}>{l.slice(2)}</li>
              ))}
            </ul>
          ) : (
            <p key={i}>{p}</p>
          );
        })}
    </>
  );
}

/**
 * The partners' quarterly newsletter: drafted by Pathways from the quarter's records, edited
 * here by the Business Unit or the Development Manager, each save a new version.
 */
export function NewsletterView({ session, query }: { session: SignedIn; query: URLSearchParams }) {
  const styles = useStyles();
  const { year, quarter } = useMemo(() => chosen(query), [query]);
  const [view, setView] = useState<View>();
  const [content, setContent] = useState<NewsletterContent>();
  const [loadedFrom, setLoadedFrom] = useState<string>('');
  const [fromRecords, setFromRecords] = useState(false);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const allowed = canReadReports(session.me);
  const canEdit = session.me.roles.some((r) => editorRoles.includes(r));
  const canSend = session.me.roles.some((r) => senderRoles.includes(r));
  const [confirming, setConfirming] = useState(false);
  /** The send just made, while it can still be cancelled. */
  const [undo, setUndo] = useState<{ briefingId: string; until: string }>();
  const [sendProblem, setSendProblem] = useState<string>();
  const sendRef = useRef<HTMLDivElement>(null);
  // Focus moves once the summary is on the page (an effect runs after React commits it; a
  // frame callback could run before).
  const [focusSummary, setFocusSummary] = useState(0);
  useEffect(() => {
    if (focusSummary > 0) summaryRef.current?.focus();
  }, [focusSummary]);

  const describe = (v: NewsletterVersion) =>
    v.version === 0
      ? 'A new draft from the records for this quarter. It is not saved yet.'
      : `Version ${v.version}, saved by ${v.savedBy} on ${formatDateTime(v.savedAt!)}.`;

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    setView(undefined);
    setError(undefined);
    setErrors({});
    setFailure(undefined);
    setConfirming(false);
    setSendProblem(undefined);
    getNewsletter(session.api, year, quarter).then(
      (v) => {
        if (!live) return;
        setView(v);
        setContent(v.current.content);
        setFromRecords(false);
        setLoadedFrom(describe(v.current));
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [allowed, session.api, year, quarter, attempt]);

  if (!allowed) {
    return (
      <Empty title="The newsletter is not open to you">
        <Text as="p">
          It is drafted by the Business Unit for the partners. Ask the Business Unit for a copy.
        </Text>
      </Empty>
    );
  }

  const choose = (next: { year?: number; quarter?: number }) =>
    replaceHash(
      hashWithQuery('newsletter', {
        year: String(next.year ?? year),
        quarter: String(next.quarter ?? quarter),
      }),
    );
  const current = financialQuarter().year;
  const years = Array.from({ length: 6 }, (_, i) => current - i).filter((y) => y >= 2020);
  if (!years.includes(year)) years.push(year);

  const load = async (which: 'fresh' | number) => {
    setSaved(undefined);
    setFailure(undefined);
    try {
      const v =
        which === 'fresh'
          ? await getFreshNewsletter(session.api, year, quarter)
          : await getNewsletterVersion(session.api, year, quarter, which);
      setContent(v.content);
      setFromRecords(which === 'fresh');
      setErrors({});
      setLoadedFrom(
        which === 'fresh'
          ? 'Started again from the records. Saving makes a new version.'
          : `Copied from version ${which}. Saving makes a new version.`,
      );
    } catch (e) {
      setFailure(`That could not be loaded. ${messageOf(e)}`);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!view || !content || busy) return;
    setBusy(true);
    setSaved(undefined);
    setFailure(undefined);
    try {
      const v = await saveNewsletter(session.api, year, quarter, {
        expectedVersion: view.current.version,
        fromRecords,
        content: {
          title: content.title,
          greeting: content.greeting,
          intro: content.intro,
          closing: content.closing,
          sections: content.sections.map(({ id, heading, text }) => ({ id, heading, text })),
        },
      });
      setErrors({});
      setSaved(`Saved as version ${v.version}.`);
      setView({
        current: v,
        versions: [
          { version: v.version, savedBy: v.savedBy!, savedAt: v.savedAt! },
          ...view.versions,
        ],
        sentAs: view.sentAs,
      });
      setContent(v.content);
      setFromRecords(false);
      setLoadedFrom(describe(v));
    } catch (e) {
      const problem = formProblemOf(e);
      if (problem) {
        setErrors(problem.errors);
        setFocusSummary((n) => n + 1);
      } else {
        setFailure(
          e instanceof ApiError && e.status === 409
            ? messageOf(e)
            : `Nothing was saved. ${messageOf(e)}`,
        );
        setFocusSummary((n) => n + 1);
      }
    } finally {
      setBusy(false);
    }
  };

  /** The page as the service now has it: which version went, when and by whom. */
  const reloadSent = async () => {
    const fresh = await getNewsletter(session.api, year, quarter);
    setView((v) => v && { ...v, sentAs: fresh.sentAs, versions: fresh.versions });
  };

  // Errors are shown by ConfirmSend, beside its button.
  const send = async (confirmed: SendConfirmation) => {
    if (!view) return;
    const sent = await sendNewsletterAsBriefing(session.api, {
      ...confirmed,
      year,
      quarter,
      version: view.current.version,
    });
    setUndo(
      sent.cancellableUntil ? { briefingId: sent.id, until: sent.cancellableUntil } : undefined,
    );
    await reloadSent();
    setConfirming(false);
    requestAnimationFrame(() => sendRef.current?.focus());
  };

  const set = (patch: Partial<NewsletterContent>) => setContent((c) => c && { ...c, ...patch });
  const setSection = (i: number, patch: { heading?: string; text?: string }) =>
    setContent(
      (c) => c && { ...c, sections: c.sections.map((s, j) => (j === i ? { ...s, ...patch } : s)) },
    );
  const fieldProps = (path: string) =>
    errors[path]
      ? { validationState: 'error' as const, validationMessage: errors[path] }
      : { validationState: 'none' as const };
  const labelOf = (path: string) => {
    const m = /^content\.sections\.(\d+)\.(\w+)$/.exec(path);
    if (m && content) {
      const s = content.sections[Number(m[1])];
      return `${s?.heading ?? 'Section'}: ${m[2] === 'text' ? 'text' : 'heading'}`;
    }
    return (
      {
        'content.title': 'Title',
        'content.greeting': 'Greeting',
        'content.intro': 'Introduction',
        'content.closing': 'Closing',
      }[path] ?? 'The newsletter'
    );
  };
  const errorCount = Object.keys(errors).length;
  const unsaved =
    !!view &&
    !!content &&
    (fromRecords || JSON.stringify(content) !== JSON.stringify(view.current.content));

  return (
    <>
      <div className={styles.controls}>
        <Field label="Financial year">
          <Select value={String(year)} onChange={(_, d) => choose({ year: Number(d.value) })}>
            {years.map((y) => (
              <option key={y} value={y}>
                April {y} to March {y + 1}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Quarter">
          <Select value={String(quarter)} onChange={(_, d) => choose({ quarter: Number(d.value) })}>
            {([1, 2, 3, 4] as const).map((q) => (
              <option key={q} value={q}>
                Quarter {q}: {quarterNames[q]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {error ? (
        <Problem
          message={`The newsletter could not be loaded. ${error}`}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : !view || !content ? (
        <Loading label="Drafting the newsletter from the records…" />
      ) : !canEdit ? (
        <article className={styles.article} aria-labelledby="newsletter-title">
          <h2 id="newsletter-title">{content.title}</h2>
          <Text as="p">{describe(view.current)}</Text>
          {view.sentAs ? (
            <Text as="p">
              Sent to every agency&rsquo;s leads as {view.sentAs.reference} on{' '}
              {formatDateTime(view.sentAs.sentAt)} (version {view.sentAs.version}).
            </Text>
          ) : null}
          <p>{content.greeting}</p>
          <Paragraphs text={content.intro} />
          {content.sections.map((s) => (
            <section key={s.id} aria-labelledby={`read-${s.id}`}>
              <h3 id={`read-${s.id}`}>{s.heading}</h3>
              <Paragraphs text={s.text} />
            </section>
          ))}
          <Paragraphs text={content.closing} />
        </article>
      ) : (
        <form
          ref={formRef}
          className={styles.form}
          aria-labelledby="newsletter-heading"
          onSubmit={(e) => void save(e)}
          noValidate
        >
          <h2 id="newsletter-heading">Newsletter for partners: {view.current.period}</h2>
          <Text as="p">
            Pathways drafts it from the quarter&rsquo;s records. Change the words as you need; the
            figures beside each section are what the records said. It goes to every agency, so it
            must not identify a child, family or colleague.
          </Text>
          <Text as="p" role="status">
            {saved ?? loadedFrom}
          </Text>
          {failure || errorCount > 0 ? (
            <div ref={summaryRef} tabIndex={-1} className={styles.summary}>
              <Text as="p" weight="semibold">
                {failure
                  ? 'Problem'
                  : errorCount === 1
                    ? 'There is a problem: one part needs changing.'
                    : `There is a problem: ${errorCount} parts need changing.`}
              </Text>
              {failure ? <Text as="p">{failure}</Text> : null}
              {errorCount > 0 ? (
                <ul>
                  {Object.entries(errors).map(([path, message]) => (
                    <li key={path}>
                      <Link
                        href={`#${path}`}
                        onClick={(e) => {
                          e.preventDefault();
                          formRef.current
                            ?.querySelector<HTMLElement>(
                              `[data-path="${path}"] :is(input, textarea)`,
                            )
                            ?.focus();
                        }}
                      >
                        {labelOf(path)}: {message}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <div data-path="content.title">
            <Field label="Title" required {...fieldProps('content.title')}>
              <Input value={content.title} onChange={(_, d) => set({ title: d.value })} />
            </Field>
          </div>
          <div data-path="content.greeting">
            <Field label="Greeting" {...fieldProps('content.greeting')}>
              <Input value={content.greeting} onChange={(_, d) => set({ greeting: d.value })} />
            </Field>
          </div>
          <div data-path="content.intro">
            <Field label="Introduction" {...fieldProps('content.intro')}>
              <Textarea
                resize="vertical"
                rows={3}
                value={content.intro}
                onChange={(_, d) => set({ intro: d.value })}
              />
            </Field>
          </div>
          {content.sections.map((s, i) => (
            <section key={s.id} className={styles.section} aria-labelledby={`section-${s.id}`}>
              <h3 id={`section-${s.id}`}>{s.heading || 'Section'}</h3>
              {s.figures.length > 0 ? (
                <>
                  <Text as="p" weight="semibold" id={`figures-${s.id}`}>
                    From the records
                  </Text>
                  <dl className={styles.figures}>
                    {s.figures.map((f) => (
                      <div key={f.label} style={{ display: 'contents' }}>
                        <dt>{f.label}</dt>
                        <dd>{f.value.toLocaleString('en-GB')}</dd>
                      </div>
                    ))}
                  </dl>
                </>
              ) : null}
              <div data-path={`content.sections.${i}.heading`}>
                <Field label="Heading" required {...fieldProps(`content.sections.${i}.heading`)}>
                  <Input
                    value={s.heading}
                    onChange={(_, d) => setSection(i, { heading: d.value })}
                  />
                </Field>
              </div>
              <div data-path={`content.sections.${i}.text`}>
                <Field
                  label="Text"
                  hint='Leave a blank line between paragraphs; start a line with "- " for a list.'
                  {...fieldProps(`content.sections.${i}.text`)}
                >
                  <Textarea
                    resize="vertical"
                    rows={6}
                    value={s.text}
                    onChange={(_, d) => setSection(i, { text: d.value })}
                  />
                </Field>
              </div>
            </section>
          ))}
          <div data-path="content.closing">
            <Field label="Closing" {...fieldProps('content.closing')}>
              <Textarea
                resize="vertical"
                rows={2}
                value={content.closing}
                onChange={(_, d) => set({ closing: d.value })}
              />
            </Field>
          </div>
          <div className={styles.buttons}>
            <Button type="submit" appearance="primary" disabledFocusable={busy}>
              {busy ? 'Saving…' : `Save as version ${view.current.version + 1}`}
            </Button>
            <Button type="button" onClick={() => void load('fresh')} disabledFocusable={busy}>
              Start again from the records
            </Button>
          </div>
          {view.versions.length > 0 ? (
            <section aria-labelledby="versions-heading" className={styles.section}>
              <h3 id="versions-heading">Saved versions</h3>
              <ul>
                {view.versions.map((v) => (
                  <li key={v.version}>
                    Version {v.version}, {v.savedBy}, {formatDateTime(v.savedAt)}{' '}
                    <Button type="button" size="small" onClick={() => void load(v.version)}>
                      Copy version {v.version} into the editor
                    </Button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="send-heading" className={styles.section}>
            <h3 id="send-heading">Send to agency leads</h3>
            <div ref={sendRef} tabIndex={-1} className={styles.stack}>
              {view.sentAs ? (
                <>
                  <Text as="p" role="status">
                    Sent as briefing {view.sentAs.reference} on {formatDateTime(view.sentAs.sentAt)}{' '}
                    by {view.sentAs.sentBy}: version {view.sentAs.version}. A quarter&rsquo;s
                    newsletter is sent once.
                  </Text>
                  {undo && undo.briefingId === view.sentAs.briefingId ? (
                    <UndoSend
                      api={session.api}
                      briefingId={undo.briefingId}
                      until={undo.until}
                      onWindowClosed={() => setUndo(undefined)}
                      onCancelled={() => {
                        setUndo(undefined);
                        setSendProblem('Sending was cancelled: nothing was sent.');
                        void reloadSent().finally(() =>
                          requestAnimationFrame(() => sendRef.current?.focus()),
                        );
                      }}
                    />
                  ) : null}
                  <Text as="p">
                    <Link href={`#/briefings/${encodeURIComponent(view.sentAs.briefingId)}`}>
                      See each agency&rsquo;s progress with {view.sentAs.reference}
                    </Link>
                  </Text>
                </>
              ) : !canSend ? (
                <Text as="p">
                  The Business Unit sends it to every agency&rsquo;s leads once it is final.
                </Text>
              ) : view.current.version === 0 ? (
                <Text as="p">Save it first: the newsletter is sent exactly as saved.</Text>
              ) : (
                <>
                  <Text as="p" id="send-hint">
                    {unsaved
                      ? `You have changes that are not saved. Save them as version ${view.current.version + 1}, then send that.`
                      : `Sends version ${view.current.version}, as saved, to every agency's leads, as a briefing. They acknowledge it and record how they shared it; it makes no recommendations, so there is no impact to report. A quarter's newsletter is sent once: after sending there is a short time to cancel, then it cannot be unsent.`}
                  </Text>
                  {sendProblem ? <Problem message={sendProblem} /> : null}
                  {confirming && !unsaved ? (
                    <ConfirmSend
                      api={session.api}
                      what={`version ${view.current.version} of the newsletter`}
                      backTitle="Do not send it"
                      onSend={send}
                      onBack={() => {
                        setConfirming(false);
                        requestAnimationFrame(() => sendRef.current?.focus());
                      }}
                    />
                  ) : unsaved ? null : (
                    <div className={styles.buttons}>
                      <Button
                        type="button"
                        aria-describedby="send-hint"
                        disabledFocusable={busy}
                        onClick={() => {
                          setSendProblem(undefined);
                          setConfirming(true);
                        }}
                      >
                        Send version {view.current.version} as a briefing
                      </Button>
                    </div>
                  )}
                </>
              )}
            </div>
          </section>
        </form>
      )}
    </>
  );
}

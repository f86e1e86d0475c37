import { Button, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type {
  BriefingInput,
  BriefingPreview,
  BriefingRecipientStatus,
  BriefingStatus,
  BriefingSummary,
  CascadeMethod,
  FormDescription,
} from '@pathways/core';
import {
  DeclaredForm,
  messageOf,
  type SignedIn,
  withListsAsArrays,
  Empty,
  Loading,
  Problem,
} from '@pathways/ui-shell';
import { formatDate, formatDateTime, plural } from '../engine-room/format';
import {
  createBriefing,
  getBriefing,
  getBriefingForm,
  getRecipients,
  listBriefings,
  previewBriefing,
  sendBriefing,
} from './api';
import { ConfirmSend, UndoSend } from './SendToEveryLead';

const useStyles = makeStyles({
  table: {
    borderCollapse: 'collapse',
    minWidth: '36rem',
    '& th, & td': {
      textAlign: 'start',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    },
    '& caption': {
      textAlign: 'start',
      fontWeight: tokens.fontWeightSemibold,
      paddingBlock: tokens.spacingVerticalS,
    },
  },
  // A table wider than the screen scrolls in its own box, which the keyboard can reach
  // (tabIndex 0, a named region) so it can be scrolled without a mouse (WCAG 2.1.1).
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    '& p': { margin: 0 },
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  preview: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    maxWidth: '44rem',
    '& h3': { margin: 0 },
    '& iframe': {
      width: '100%',
      minHeight: '32rem',
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      // The email is white paper whatever the Teams theme, as in Outlook.
      backgroundColor: '#ffffff',
    },
    '& pre': {
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      padding: tokens.spacingHorizontalM,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      margin: 0,
    },
  },
});

/** The form's answers as the briefing API takes them: the recommendations as an array. */
const asNote = (description: FormDescription, values: Record<string, string>) =>
  withListsAsArrays(
    values,
    description.fields.filter((f) => f.kind === 'list').map((f) => f.id),
  ) as unknown as BriefingInput;

const canWrite = (session: SignedIn) => session.me.roles.includes('BusinessUnit');
const canRead = (session: SignedIn) =>
  session.me.roles.some((r) => r === 'BusinessUnit' || r === 'DevelopmentManager');

const statusText: Record<BriefingSummary['status'], string> = {
  draft: 'Draft',
  sending: 'Sending',
  sent: 'Sent',
};

// The tab takes only types from core: the type keeps this list complete.
const methodTitles: Record<CascadeMethod, string> = {
  'team-meeting': 'Team meeting',
  email: 'Email',
  intranet: 'Intranet',
  supervision: 'Supervision',
  training: 'Training',
};
const methodTitle = (value: CascadeMethod) => methodTitles[value] ?? value;

/** The Business Unit's briefing notes: write, preview and send; then each agency's progress. */
export function BriefingsView({
  session,
  briefingId,
}: {
  session: SignedIn;
  briefingId?: string | undefined;
}) {
  if (!canRead(session)) {
    return (
      <Empty title="Briefing notes are for the Business Unit">
        <Text as="p">
          The Business Unit writes briefing notes and sees how each agency cascaded them. If you are
          an agency lead, open the briefing email in Outlook and choose Pathways.
        </Text>
      </Empty>
    );
  }
  return briefingId ? (
    <BriefingStatusView session={session} id={briefingId} />
  ) : (
    <BriefingList session={session} />
  );
}

function BriefingList({ session }: { session: SignedIn }) {
  const styles = useStyles();
  const [briefings, setBriefings] = useState<BriefingSummary[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [writing, setWriting] = useState<FormDescription>();
  const [preview, setPreview] = useState<BriefingPreview>();
  /** The checked note waiting for the explicit confirmation to send it. */
  const [confirming, setConfirming] = useState<BriefingInput>();
  const [formError, setFormError] = useState<string>();
  const writeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    setError(undefined);
    listBriefings(session.api).then(
      (b) => live && setBriefings(b),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [session.api, attempt]);

  const startWriting = async () => {
    setFormError(undefined);
    try {
      setWriting(await getBriefingForm(session.api));
    } catch (e) {
      setFormError(`The form could not be loaded. ${messageOf(e)}`);
    }
  };

  return (
    <div className={styles.stack}>
      <section aria-labelledby="briefings-heading" className={styles.stack}>
        <h2 id="briefings-heading">All briefing notes</h2>
        {canWrite(session) && !writing ? (
          <div className={styles.buttons}>
            <Button ref={writeButton} appearance="primary" onClick={() => void startWriting()}>
              Write a briefing note
            </Button>
          </div>
        ) : null}
        {formError ? <Problem message={formError} onRetry={() => void startWriting()} /> : null}
        {writing ? (
          <>
            <DeclaredForm
              description={writing}
              heading={`Write a ${writing.title.toLowerCase()}`}
              busyTitle="Preparing the preview…"
              failure="Nothing was sent."
              onValuesChange={() => setConfirming(undefined)}
              onSubmit={async (values) => {
                // Nothing is sent from the form: it shows the email and who it goes to, then
                // the person confirms.
                const note = asNote(writing, values);
                setConfirming(undefined);
                try {
                  setPreview(await previewBriefing(session.api, note));
                  setConfirming(note);
                } catch (error) {
                  // A preview of answers that now need changing would mislead.
                  setPreview(undefined);
                  throw error;
                }
              }}
              onCancel={() => {
                setWriting(undefined);
                setPreview(undefined);
                setConfirming(undefined);
                requestAnimationFrame(() => writeButton.current?.focus());
              }}
            />
            {confirming ? (
              <ConfirmSend
                api={session.api}
                what="this briefing note"
                previewBelow
                backTitle="Change the briefing note"
                onBack={() => {
                  setConfirming(undefined);
                  document
                    .querySelector<HTMLElement>('form input, form textarea, form select')
                    ?.focus();
                }}
                onSend={async (confirmed) => {
                  const draft = await createBriefing(session.api, confirming);
                  await sendBriefing(session.api, draft.id, confirmed);
                  window.location.hash = `#/briefings/${encodeURIComponent(draft.id)}`;
                }}
              />
            ) : null}
            {preview ? <EmailPreview preview={preview} /> : null}
          </>
        ) : null}
        {error ? (
          <Problem
            message={`The briefing notes could not be loaded. ${error}`}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        ) : !briefings ? (
          <Loading label="Loading briefing notes…" />
        ) : briefings.length === 0 ? (
          <Empty title="No briefing notes yet">
            <Text as="p">Briefing notes you send to agency leads will be listed here.</Text>
          </Empty>
        ) : (
          <div className={styles.scroll} role="region" aria-label="Briefing notes" tabIndex={0}>
            <table className={styles.table}>
              <caption>{plural(briefings.length, 'briefing note')}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Briefing</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Agencies</th>
                  <th scope="col">Leads</th>
                </tr>
              </thead>
              <tbody>
                {briefings.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">
                      <Link href={`#/briefings/${encodeURIComponent(b.id)}`}>
                        {b.reference}: {b.title}
                      </Link>
                    </th>
                    <td>{statusText[b.status]}</td>
                    <td>{b.sentAt ? formatDate(b.sentAt) : 'Not yet'}</td>
                    <td>{b.agencies}</td>
                    <td>{b.recipients}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** The email exactly as leads will get it: standard or large print, and its plain-text part. */
function EmailPreview({ preview }: { preview: BriefingPreview }) {
  const styles = useStyles();
  const headingId = useId();
  const [largePrint, setLargePrint] = useState(false);
  // The keyboard goes to the question above it (ConfirmSend); the preview follows it.
  return (
    <section className={styles.preview} aria-labelledby={headingId}>
      <h3 id={headingId}>Preview: {preview.subject}</h3>
      <div className={styles.buttons}>
        <Button type="button" onClick={() => setLargePrint((l) => !l)}>
          {largePrint ? 'Show the standard email' : 'Show the large-print copy'}
        </Button>
      </div>
      <iframe
        // No scripts, no forms, no navigation: the email as HTML only.
        sandbox=""
        title={largePrint ? 'Large-print copy of the email' : 'The email as leads will see it'}
        srcDoc={largePrint ? preview.largePrintHtml : preview.html}
      />
      <details>
        <summary>Plain-text part (for mail programs that do not show HTML)</summary>
        <pre>{preview.text}</pre>
      </details>
    </section>
  );
}

function BriefingStatusView({ session, id }: { session: SignedIn; id: string }) {
  const styles = useStyles();
  const [status, setStatus] = useState<BriefingStatus>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [checking, setChecking] = useState(false);
  const [sendingAgain, setSendingAgain] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refresh = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    setError(undefined);
    setChecking(true);
    getBriefing(session.api, id)
      .then(
        (s) => live && setStatus(s),
        (e: unknown) => live && setError(messageOf(e)),
      )
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, [session.api, id, attempt]);

  // While it is being sent, look again every few seconds.
  useEffect(() => {
    if (status?.status !== 'sending') return;
    const timer = window.setTimeout(() => setAttempt((n) => n + 1), 3000);
    return () => window.clearTimeout(timer);
  }, [status]);

  // The keyboard goes to the heading when a briefing is opened, not on every refresh.
  const statusId = status?.id;
  useEffect(() => {
    if (statusId) headingRef.current?.focus();
  }, [statusId]);

  if (error)
    return (
      <Problem
        message={`This briefing note could not be loaded. ${error}`}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  if (!status) return <Loading label="Loading the briefing note…" />;
  const count = status.recommendations.length;
  return (
    <section aria-labelledby="briefing-heading" className={styles.stack}>
      <p>
        <Link href="#/briefings">Back to briefing notes</Link>
      </p>
      <h2 id="briefing-heading" ref={headingRef} tabIndex={-1}>
        {status.reference}: {status.title}
      </h2>
      {status.kind === 'newsletter' ? (
        <Text as="p">
          The quarterly newsletter, sent as a briefing. It makes no recommendations, so agencies
          acknowledge it and record how they shared it; there is no impact to report.
        </Text>
      ) : null}
      <Text as="p" role="status">
        {status.status === 'draft'
          ? cancelled
            ? 'Sending was cancelled: nothing was sent. It is kept as a draft.'
            : 'Not sent yet.'
          : status.cancellableUntil
            ? `Sent: the first message leaves at ${new Date(status.cancellableUntil).toLocaleTimeString('en-GB', { timeZone: 'Europe/London' })}, unless you cancel.`
            : status.status === 'sending'
              ? `Sending: ${status.messages.sent} of ${status.messages.total} messages sent so far.`
              : `Sent ${status.sentAt ? formatDateTime(status.sentAt) : ''} to ${plural(status.recipients, 'lead')} in ${plural(status.agencies, 'agency', 'agencies')}, in ${plural(status.messages.total, 'message')}.`}
        {status.delivery.failed > 0
          ? ` ${plural(status.delivery.failed, 'lead')} could not be reached: tell the Pathways administrator.`
          : ''}
      </Text>
      {status.cancellableUntil && canWrite(session) ? (
        <UndoSend
          api={session.api}
          briefingId={status.id}
          until={status.cancellableUntil}
          onWindowClosed={refresh}
          onCancelled={() => {
            setCancelled(true);
            refresh();
            headingRef.current?.focus();
          }}
        />
      ) : null}
      {status.status === 'draft' && canWrite(session) ? (
        sendingAgain ? (
          <ConfirmSend
            api={session.api}
            what={status.kind === 'newsletter' ? 'this newsletter' : 'this briefing note'}
            backTitle="Do not send it"
            onBack={() => {
              setSendingAgain(false);
              headingRef.current?.focus();
            }}
            onSend={async (confirmed) => {
              await sendBriefing(session.api, status.id, confirmed);
              setSendingAgain(false);
              setCancelled(false);
              refresh();
            }}
          />
        ) : (
          <div className={styles.buttons}>
            <Button type="button" onClick={() => setSendingAgain(true)}>
              Send it to every agency&rsquo;s leads
            </Button>
          </div>
        )
      ) : null}
      <div className={styles.scroll} role="region" aria-label="Each agency’s progress" tabIndex={0}>
        <table className={styles.table}>
          <caption>Each agency&rsquo;s progress</caption>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Leads reached</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">Cascaded</th>
              {/* A newsletter makes no recommendations: there is no impact to report. */}
              {count > 0 ? <th scope="col">Impact reported</th> : null}
              <th scope="col">Last reminder</th>
            </tr>
          </thead>
          <tbody>
            {status.agencyStatus.map((a) => (
              <tr key={a.agency}>
                <th scope="row">{a.agency}</th>
                <td>
                  {a.delivered} of {a.leads}
                </td>
                <td>
                  {a.acknowledged > 0 ? `Yes, ${a.acknowledged} of ${a.leads} leads` : 'Not yet'}
                </td>
                <td>
                  {a.cascades.length > 0
                    ? `Yes: ${a.cascades.map((c) => `${methodTitle(c.method)} on ${formatDate(c.on)}`).join('; ')}. About ${a.staffReached.toLocaleString('en-GB')} staff.`
                    : 'Not yet'}
                </td>
                {count > 0 ? (
                  <td>
                    {a.impactReportedOn.length === 0
                      ? 'Not yet'
                      : `${a.impactReportedOn.length} of ${count} recommendations`}
                  </td>
                ) : null}
                <td>{a.lastReminderAt ? formatDate(a.lastReminderAt) : 'None'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className={styles.buttons}>
        <Button disabledFocusable={checking} onClick={() => setAttempt((n) => n + 1)}>
          {checking ? 'Checking…' : 'Check for changes'}
        </Button>
      </div>
      {status.recipients > 0 ? (
        <Recipients session={session} id={status.id} count={status.recipients} />
      ) : null}
    </section>
  );
}

const deliveryText: Record<BriefingRecipientStatus['delivery'], string> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Could not be sent',
};

/** Each lead the briefing went to, loaded when opened: hundreds of rows are not drawn unasked. */
function Recipients({ session, id, count }: { session: SignedIn; id: string; count: number }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<BriefingRecipientStatus[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setError(undefined);
    getRecipients(session.api, id).then(
      (r) => live && setRows(r),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [open, session.api, id, attempt]);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Each lead ({count.toLocaleString('en-GB')}): delivery and acknowledgement</summary>
      {error ? (
        <Problem
          message={`The leads could not be loaded. ${error}`}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : !rows ? (
        open ? (
          <Loading label="Loading the leads…" />
        ) : null
      ) : (
        <div
          className={styles.scroll}
          role="region"
          aria-label="Each lead the briefing note was sent to"
          tabIndex={0}
        >
          <table className={styles.table}>
            <caption>Each lead the briefing note was sent to</caption>
            <thead>
              <tr>
                <th scope="col">Lead</th>
                <th scope="col">Agency</th>
                <th scope="col">Email delivery</th>
                <th scope="col">Acknowledged</th>
                <th scope="col">Last reminder</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.agency}-${r.name}-${i}`}>
                  <th scope="row">{r.name}</th>
                  <td>{r.agency}</td>
                  <td>{deliveryText[r.delivery]}</td>
                  <td>{r.acknowledgedAt ? formatDate(r.acknowledgedAt) : 'Not yet'}</td>
                  <td>{r.lastReminderAt ? formatDate(r.lastReminderAt) : 'None'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

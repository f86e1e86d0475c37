import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { FormDescription, KloePrefill, RaisedKloe } from '@pathways/core';
import { DeclaredForm, Loading, messageOf, Problem, type SignedIn } from '@pathways/ui-shell';
import { useEffect, useRef, useState } from 'react';
import { getForm, newIdempotencyKey, raiseKloe } from '../api';
import { kloePrefillRequest, type OpenedEmail } from '../office/mailbox';

type Email = Extract<OpenedEmail, { kind: 'email' }>;

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    '& h2, & p': { margin: 0 },
  },
  heading: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  check: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusWarningBorder2}`,
    borderInlineStartWidth: '6px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorStatusWarningBackground1,
    color: tokens.colorNeutralForeground1,
    '& p': { margin: 0 },
  },
  done: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusSuccessBorder1}`,
    borderInlineStartWidth: '6px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorStatusSuccessBackground1,
    color: tokens.colorNeutralForeground1,
    '& p': { margin: 0 },
  },
  // The form fills the narrow pane.
  form: { alignSelf: 'stretch', '& form': { maxWidth: 'none' } },
});

type Loaded = { description: FormDescription; prefill: KloePrefill | undefined };

/**
 * "Raise a KLOE from this email": the KLOE form from its declaration, started from the
 * email's subject and body with identifying details taken out by the service (and
 * said so), then sent to the Business Unit like a KLOE raised in Teams.
 */
export function RaiseKloe({ session, email }: { session: SignedIn; email?: Email | undefined }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded>();
  const [failure, setFailure] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [raised, setRaised] = useState<RaisedKloe>();
  const key = useRef(newIdempotencyKey());
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setFailure(undefined);
    setLoaded(undefined);
    void (async () => {
      try {
        const [description, prefill] = await Promise.all([
          getForm(session.api, 'kloe'),
          email
            ? session.api.post<KloePrefill>('/api/kloes/from-email', kloePrefillRequest(email))
            : Promise.resolve(undefined),
        ]);
        if (live) setLoaded({ description, prefill });
      } catch (error) {
        if (live) setFailure(`The KLOE form could not be opened. ${messageOf(error)}`);
      }
    })();
    return () => {
      live = false;
    };
  }, [open, attempt, email, session.api]);

  useEffect(() => {
    if (raised) doneRef.current?.focus();
  }, [raised]);

  const heading = email ? 'Raise a KLOE from this email' : 'Raise a KLOE';

  if (raised) {
    return (
      <section aria-labelledby="kloe-heading" className={styles.section}>
        <h2 id="kloe-heading" className={styles.heading}>
          {heading}
        </h2>
        <div ref={doneRef} tabIndex={-1} role="status" className={styles.done}>
          <Text as="p" weight="semibold">
            {raised.reference} has been sent to the Business Unit.
          </Text>
          <Text as="p">
            You can follow it in Teams: open Pathways, then My submissions. Its status now:{' '}
            {raised.statusText}.
          </Text>
        </div>
        <Button
          onClick={() => {
            key.current = newIdempotencyKey();
            setRaised(undefined);
            setOpen(false);
          }}
        >
          Done
        </Button>
      </section>
    );
  }

  const notice = loaded?.prefill ? (
    <div className={styles.check}>
      <Text as="p" weight="semibold">
        Check every answer before you send it
      </Text>
      <Text as="p">
        The subject and the newest part of the email have been copied in. A KLOE is about systems,
        so leave out anything that could identify a child, family or colleague.
      </Text>
      {loaded.prefill.notices.map((n) => (
        <Text as="p" key={n}>
          {n}
        </Text>
      ))}
    </div>
  ) : null;

  return (
    <section aria-labelledby="kloe-heading" className={styles.section}>
      <h2 id="kloe-heading" className={styles.heading}>
        {heading}
      </h2>
      {!open ? (
        <>
          <Text as="p">
            {email
              ? 'If this email is about a safeguarding issue, or good practice, in how agencies work together, you can send it to the partnership as a Key Line of Enquiry. The form starts with what the email says; you check it before it is sent.'
              : 'Tell the partnership about a safeguarding issue, or good practice, in how agencies work together.'}
          </Text>
          <Button appearance="primary" onClick={() => setOpen(true)}>
            {heading}
          </Button>
        </>
      ) : failure ? (
        <Problem message={failure} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !loaded ? (
        <Loading label="Opening the KLOE form…" />
      ) : (
        <div className={styles.form}>
          <DeclaredForm
            description={loaded.description}
            initial={loaded.prefill?.values ?? { contactOfficer: session.me.displayName }}
            notice={notice}
            onSubmit={async (values) => {
              setRaised(await raiseKloe(session.api, values, key.current));
            }}
            onCancel={() => setOpen(false)}
          />
        </div>
      )}
    </section>
  );
}

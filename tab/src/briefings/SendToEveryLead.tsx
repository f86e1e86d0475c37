import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState } from 'react';
import type { BriefingAudience, SendConfirmation } from '@pathways/core';
import { Loading, messageOf, Problem, type ApiClient } from '@pathways/ui-shell';
import { cancelSending, getAudience } from './api';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    maxWidth: '44rem',
    '& h3, & p': { margin: 0 },
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/**
 * The deliberate step before anything goes to every lead: the exact audience, read from the
 * circulation lists now, the undo window, and a button that says both. The send repeats the
 * audience shown, so a list that changed in between is refused rather than sent to.
 */
export function ConfirmSend({
  api,
  what,
  onSend,
  onBack,
  backTitle,
  previewBelow = false,
}: {
  api: ApiClient;
  /** "this briefing note", "version 2 of the newsletter" */
  what: string;
  onSend: (confirmed: SendConfirmation) => Promise<void>;
  onBack: () => void;
  backTitle: string;
  /** The email's preview is shown just after this panel. */
  previewBelow?: boolean;
}) {
  const styles = useStyles();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [audience, setAudience] = useState<BriefingAudience>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let live = true;
    setError(undefined);
    getAudience(api).then(
      (a) => live && setAudience(a),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  // The keyboard goes to the question once it can be answered.
  useEffect(() => {
    if (audience) headingRef.current?.focus();
  }, [audience]);

  const send = async () => {
    if (!audience || sending) return;
    setSending(true);
    setError(undefined);
    try {
      await onSend({ audience: { leads: audience.leads, agencies: audience.agencies } });
    } catch (e) {
      setError(`Nothing was sent. ${messageOf(e)}`);
      // The lists may have changed: show them as they are now.
      setAttempt((n) => n + 1);
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby={headingId} className={styles.panel}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {audience ? `Send ${what} to ${audience.text}?` : `Send ${what}?`}
      </h3>
      {error ? <Problem message={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {!audience ? (
        error ? null : (
          <Loading label="Finding who it goes to…" />
        )
      ) : (
        <>
          <Text as="p">
            It goes to every lead on the agencies&rsquo; circulation lists: {audience.text}.
            {previewBelow ? ' Check the email below first.' : ''}
          </Text>
          <Text as="p">
            After you send it you have {audience.undoSeconds} seconds to cancel. Then the first
            message leaves, and it cannot be unsent.
          </Text>
          <div className={styles.buttons}>
            <Button
              type="button"
              appearance="primary"
              disabledFocusable={sending}
              onClick={() => void send()}
            >
              {sending ? 'Sending…' : `Send to ${audience.text}`}
            </Button>
            <Button type="button" disabledFocusable={sending} onClick={onBack}>
              {backTitle}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * While a send can still be cancelled: how long is left, and the button. The countdown is
 * not a live region (a screen reader would hear it every second); it is read with the panel.
 */
export function UndoSend({
  api,
  briefingId,
  until,
  onCancelled,
  onWindowClosed,
}: {
  api: ApiClient;
  briefingId: string;
  /** ISO time the window closes (BriefingStatus.cancellableUntil). */
  until: string;
  onCancelled: () => void;
  onWindowClosed: () => void;
}) {
  const styles = useStyles();
  const [now, setNow] = useState(() => Date.now());
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string>();
  const left = Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));

  useEffect(() => {
    if (left === 0) {
      onWindowClosed();
      return;
    }
    const timer = window.setTimeout(() => setNow(Date.now()), 1000);
    return () => window.clearTimeout(timer);
  }, [left, onWindowClosed]);

  const cancel = async () => {
    if (cancelling) return;
    setCancelling(true);
    setError(undefined);
    try {
      await cancelSending(api, briefingId);
      onCancelled();
    } catch (e) {
      setError(`It could not be cancelled. ${messageOf(e)}`);
    } finally {
      setCancelling(false);
    }
  };

  return (
    <div className={styles.panel}>
      <Text as="p" weight="semibold">
        {left > 0
          ? `Nothing has left yet. You can cancel for ${left} more second${left === 1 ? '' : 's'}.`
          : 'The time to cancel has passed: it is being sent.'}
      </Text>
      {error ? <Problem message={error} /> : null}
      {left > 0 ? (
        <div className={styles.buttons}>
          <Button
            type="button"
            appearance="primary"
            disabledFocusable={cancelling}
            onClick={() => void cancel()}
          >
            {cancelling ? 'Cancelling…' : 'Cancel sending'}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

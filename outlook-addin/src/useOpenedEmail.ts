import { messageOf } from '@pathways/ui-shell/app';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  briefingIdFromAddress,
  nominationIdFromAddress,
  onItemChanged,
  readOpenedEmail,
  type OpenedEmail,
} from './office/mailbox';
import { officeGlobal } from './officeHost';

export type EmailState =
  | { status: 'reading' }
  | { status: 'ready'; email: OpenedEmail }
  /** A plain browser: no Outlook, so no email. */
  | { status: 'no-outlook' }
  | { status: 'failed'; message: string };

/** The email open in Outlook, read again when the person moves to another one (pinned pane). */
export function useOpenedEmail(): { state: EmailState; retry: () => void } {
  const [state, setState] = useState<EmailState>(() => {
    if (officeGlobal()?.context?.mailbox) return { status: 'reading' };
    // Outside Outlook: a reminder's link names the briefing, an invitation's the set, in the address.
    const briefingId = briefingIdFromAddress(window.location.search);
    if (briefingId)
      return { status: 'ready', email: { kind: 'briefing', briefingId, subject: '' } };
    const setId = nominationIdFromAddress(window.location.search);
    if (setId) return { status: 'ready', email: { kind: 'nomination', setId, subject: '' } };
    return { status: 'no-outlook' };
  });
  // Each read gets a number; an answer to an older read (an earlier email) is dropped.
  const reads = useRef(0);

  const read = useCallback(() => {
    const office = officeGlobal();
    if (!office?.context?.mailbox) return;
    const current = ++reads.current;
    setState({ status: 'reading' });
    readOpenedEmail(office).then(
      (email) => reads.current === current && setState({ status: 'ready', email }),
      (error: unknown) =>
        reads.current === current &&
        setState({
          status: 'failed',
          message: `Outlook could not give Pathways this email. Select the email again, then try again. (Details: ${messageOf(error)})`,
        }),
    );
  }, []);

  useEffect(() => {
    const office = officeGlobal();
    if (!office?.context?.mailbox) return;
    read();
    onItemChanged(office, read);
    return () => {
      reads.current++;
    };
  }, [read]);

  return { state, retry: read };
}

import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { FormDescription, NominationRequest } from '@pathways/core';
import {
  ApiError,
  DeclaredForm,
  Empty,
  Loading,
  messageOf,
  Problem,
  type SignedIn,
} from '@pathways/ui-shell';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { findPeople, getForm, getNominationRequests, nominate } from '../api';
import { formatDate } from '../format';
import { useReadingStyles } from './reading-styles';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    // Long words and names wrap inside the narrow pane instead of pushing it wider.
    overflowWrap: 'anywhere',
    '& h2, & h3, & p, & dl, & dd, & ul': { margin: 0 },
  },
  requests: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBlockStart: tokens.spacingVerticalXL,
    '& > h2': { margin: 0 },
  },
  request: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  form: {
    alignSelf: 'stretch',
    '& form': { maxWidth: 'none', padding: tokens.spacingHorizontalM },
  },
});

const NOMINATION_FORM = 'active-learning.nomination';

/** "A", "A and B", "A, B and C". */
function names(people: { name: string }[]): string {
  const all = people.map((p) => p.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

/**
 * One request to nominate: what the Business Unit asks, who has been nominated for the lead's
 * agency so far, and the nomination form from its declaration, with a people picker that looks
 * people up in the lead's own organisation. Both representatives are saved together or not at
 * all; a problem is shown beside the person it is about.
 */
function NominationPanel({
  session,
  request,
  form,
  level,
  startOpen,
  onSaved,
}: {
  session: SignedIn;
  request: NominationRequest;
  form: FormDescription;
  level: 2 | 3;
  startOpen: boolean;
  onSaved: (request: NominationRequest) => void;
}) {
  const styles = { ...useReadingStyles(), ...useStyles() };
  const Heading = level === 2 ? 'h2' : 'h3';
  const Part = level === 2 ? 'h3' : 'h4';
  const headingId = useId();
  const [open, setOpen] = useState(startOpen && request.open && request.nominated.length === 0);
  const [said, setSaid] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);

  const find = useCallback(
    (_field: string, text: string) => findPeople(session.api, request.agency, text),
    [session.api, request.agency],
  );

  return (
    <section aria-labelledby={headingId} className={styles.panel}>
      <Heading id={headingId} className={level === 2 ? styles.title : styles.part}>
        Nominate representatives: {request.theme}
      </Heading>
      <dl className={styles.facts}>
        <dt>Activity</dt>
        <dd>{request.kindTitle}</dd>
        <dt>Planned</dt>
        <dd>
          {formatDate(request.plannedFrom)} to {formatDate(request.plannedTo)}
        </dd>
        <dt>Nominations by</dt>
        <dd>{formatDate(request.nominationsBy)}</dd>
        <dt>Your agency</dt>
        <dd>{request.agency}</dd>
      </dl>
      <Text as="p" className={styles.text}>
        {request.description}
      </Text>

      <p ref={statusRef} tabIndex={-1} role="status" className={styles.small}>
        {said}
      </p>

      <Part className={styles.small}>Nominated for {request.agency}</Part>
      {request.nominated.length === 0 ? (
        <Text as="p">Nobody yet.</Text>
      ) : (
        <ul className={styles.list}>
          {request.nominated.map((n) => (
            <li key={n.personId}>{n.name}</li>
          ))}
        </ul>
      )}

      {!request.open ? (
        <Text as="p">
          This Active Learning has been held, so nominations are closed. The Business Unit has the
          names above.
        </Text>
      ) : open ? (
        <div className={styles.form}>
          <DeclaredForm
            description={form}
            headingLevel={3}
            people={{ nominee1: request.people, nominee2: request.people }}
            findPeople={find}
            onSubmit={async (values) => {
              const updated = await nominate(session.api, request.setId, values);
              onSaved(updated);
              setOpen(false);
              setSaid(
                `Nominations sent. The Business Unit now has ${names(updated.nominated)} for ${updated.agency}.`,
              );
              requestAnimationFrame(() => statusRef.current?.focus());
            }}
            onCancel={() => {
              setOpen(false);
              requestAnimationFrame(() => openerRef.current?.focus());
            }}
          />
        </div>
      ) : (
        <Button
          ref={openerRef}
          appearance={request.nominated.length === 0 ? 'primary' : 'secondary'}
          aria-label={`${request.nominated.length === 0 ? 'Nominate representatives' : 'Nominate someone else'} for ${request.theme}`}
          onClick={() => {
            setSaid('');
            setOpen(true);
          }}
        >
          {request.nominated.length === 0 ? 'Nominate representatives' : 'Nominate someone else'}
        </Button>
      )}
    </section>
  );
}

type Loadable =
  | { status: 'loading' }
  | { status: 'ready'; requests: NominationRequest[]; form: FormDescription }
  | { status: 'not-a-lead' }
  | { status: 'failed'; message: string };

/** The lead's requests to nominate and the form's declaration, loaded together. */
function useNominationRequests(session: SignedIn) {
  const [state, setState] = useState<Loadable>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void (async () => {
      try {
        const [requests, form] = await Promise.all([
          getNominationRequests(session.api),
          getForm(session.api, NOMINATION_FORM),
        ]);
        if (live) setState({ status: 'ready', requests, form });
      } catch (error) {
        if (!live) return;
        if (error instanceof ApiError && error.status === 403) setState({ status: 'not-a-lead' });
        else
          setState({
            status: 'failed',
            message: `Your requests to nominate could not be loaded. ${messageOf(error)}`,
          });
      }
    })();
    return () => {
      live = false;
    };
  }, [session.api, attempt]);
  /** After a nomination: the request as the service now has it. */
  const replace = useCallback((updated: NominationRequest) => {
    setState((s) =>
      s.status === 'ready'
        ? {
            ...s,
            requests: s.requests.map((r) => (r.setId === updated.setId ? updated : r)),
          }
        : s,
    );
  }, []);
  return { state, retry: () => setAttempt((n) => n + 1), replace };
}

/** Opened on the email asking this lead to nominate for one Active Learning set. */
export function NominationView({ session, setId }: { session: SignedIn; setId: string }) {
  const { state, retry, replace } = useNominationRequests(session);
  if (state.status === 'loading') return <Loading label="Loading the request to nominate…" />;
  if (state.status === 'failed') return <Problem message={state.message} onRetry={retry} />;
  if (state.status === 'not-a-lead')
    return (
      <Empty title="Nominations are made by agency leads">
        <Text as="p">
          The Business Unit asks each agency&rsquo;s leads to nominate representatives for Active
          Learning. If you lead for your agency, ask the Business Unit to give you the agency lead
          role.
        </Text>
      </Empty>
    );
  const request = state.requests.find((r) => r.setId === setId);
  if (!request)
    return (
      <Empty title="This request to nominate was not sent to you">
        <Text as="p">
          Pathways has no record of asking you to nominate for this Active Learning, so you cannot
          nominate for it here. It may have been forwarded to you: the lead it was sent to can
          nominate, or ask the Business Unit.
        </Text>
      </Empty>
    );
  return (
    <NominationPanel
      session={session}
      request={request}
      form={state.form}
      level={2}
      startOpen
      onSaved={replace}
    />
  );
}

/**
 * The lead's open requests to nominate, whatever email is open (but the one already shown):
 * each can be answered here. Nothing is shown when there are none.
 */
export function NominationRequests({ session, except }: { session: SignedIn; except?: string }) {
  const styles = { ...useReadingStyles(), ...useStyles() };
  const headingId = useId();
  const { state, retry, replace } = useNominationRequests(session);
  if (state.status === 'loading' || state.status === 'not-a-lead') return null;
  if (state.status === 'failed')
    return (
      <section aria-labelledby={headingId} className={styles.requests}>
        <h2 id={headingId} className={styles.title}>
          Requests to nominate
        </h2>
        <Problem message={state.message} onRetry={retry} />
      </section>
    );
  const open = state.requests.filter((r) => r.open && r.setId !== except);
  if (open.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className={styles.requests}>
      <h2 id={headingId} className={styles.title}>
        {open.length === 1
          ? 'A request to nominate for Active Learning'
          : `${open.length} requests to nominate for Active Learning`}
      </h2>
      {open.map((request) => (
        <div key={request.setId} className={styles.request}>
          <NominationPanel
            session={session}
            request={request}
            form={state.form}
            level={3}
            startOpen={false}
            onSaved={replace}
          />
        </div>
      ))}
    </section>
  );
}

import { Text } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { Empty, Loading, PathwaysApp, Problem, type SignedIn } from '@pathways/ui-shell/app';
import { detectOfficeHost } from './officeHost';
import { useOpenedEmail } from './useOpenedEmail';

// Each view is its own chunk: the pane's first screen loads only what the opened email needs.
const BriefingView = lazy(() =>
  import('./views/BriefingView').then((m) => ({ default: m.BriefingView })),
);
const NominationView = lazy(() =>
  import('./views/Nominations').then((m) => ({ default: m.NominationView })),
);
const NominationRequests = lazy(() =>
  import('./views/Nominations').then((m) => ({ default: m.NominationRequests })),
);
const RaiseKloe = lazy(() => import('./views/RaiseKloe').then((m) => ({ default: m.RaiseKloe })));

/**
 * What the pane shows for the email open in Outlook and, for an agency lead, their open
 * requests to nominate for Active Learning, whatever email is open.
 */
function ForThisEmail({ session }: { session: SignedIn }) {
  const { state, retry } = useOpenedEmail();
  const lead = session.me.roles.includes('AgencyLead');
  const shown =
    state.status === 'ready' && state.email.kind === 'nomination' ? state.email.setId : undefined;
  return (
    <>
      <OpenedEmailView session={session} state={state} retry={retry} />
      {lead && state.status !== 'reading' ? (
        <NominationRequests session={session} {...(shown ? { except: shown } : {})} />
      ) : null}
    </>
  );
}

function OpenedEmailView({
  session,
  state,
  retry,
}: {
  session: SignedIn;
  state: ReturnType<typeof useOpenedEmail>['state'];
  retry: () => void;
}) {
  switch (state.status) {
    case 'reading':
      return <Loading label="Reading this email…" />;
    case 'failed':
      return <Problem message={state.message} onRetry={retry} />;
    case 'no-outlook':
      return (
        <>
          <Empty title="No email open">
            <Text as="p">
              In Outlook, open a briefing email from the partnership, then select Pathways on the
              ribbon or in the Apps menu, to acknowledge it and report back; or open a request to
              nominate for Active Learning to nominate. Opened on any other email, Pathways offers
              to raise a KLOE from it.
            </Text>
          </Empty>
          <RaiseKloe session={session} />
        </>
      );
    case 'ready': {
      const { email } = state;
      switch (email.kind) {
        case 'briefing':
          return (
            <BriefingView key={email.briefingId} session={session} briefingId={email.briefingId} />
          );
        case 'nomination':
          return <NominationView key={email.setId} session={session} setId={email.setId} />;
        case 'email':
          // A new form for each email: nothing typed for one is sent with another.
          return (
            <RaiseKloe
              key={`${email.subject}\n${email.body.length}`}
              session={session}
              email={email}
            />
          );
        case 'none':
          return email.reason === 'unsupported' ? (
            <Empty title="This version of Outlook is too old for Pathways">
              <Text as="p">
                Pathways needs Outlook to let it read an email&rsquo;s headers (Mailbox 1.8). Use
                Outlook on the web, the new Outlook for Windows, or update Outlook, then open the
                email again.
              </Text>
            </Empty>
          ) : (
            <Empty title="Select an email">
              <Text as="p">
                Select an email in your inbox: a briefing from the partnership to acknowledge it, or
                any other email to raise a KLOE from it.
              </Text>
            </Empty>
          );
      }
    }
  }
}

/** The Outlook task pane: briefing notes from the partnership, or a KLOE from any email. */
export function TaskPane() {
  return (
    <PathwaysApp
      detectHost={detectOfficeHost}
      hostLabel="Outlook"
      openInHostHelp="In Outlook, open a briefing email from the partnership, then select Pathways on the ribbon or in the Apps menu."
      heading="Pathways"
    >
      {(session) => (
        <Suspense fallback={<Loading label="Opening…" />}>
          <ForThisEmail session={session} />
        </Suspense>
      )}
    </PathwaysApp>
  );
}

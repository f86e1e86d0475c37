import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { PartnershipChooser } from './PartnershipChooser';
import { canChangePartnership } from './partnerships';
import { PersonaPicker } from './PersonaPicker';
import { useSession, type SignedIn } from './session';
import { ShellFrame } from './ShellFrame';
import { SignedInAs } from './SignedInAs';
import type { HostAdapter, Me } from './types';
import { useHost } from './useHost';

const useStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    '& p': { margin: 0 },
  },
});

export interface PathwaysAppProps {
  /** Finds out whether we are in Teams, Outlook or a plain browser. Runs once. */
  detectHost: () => Promise<HostAdapter>;
  /** 'Microsoft Teams' or 'Outlook', for messages. */
  hostLabel: string;
  /** Plain-English steps to open this page in its host, for a plain browser with a real tenant. */
  openInHostHelp: string;
  heading: string;
  /** Changes when the person moves to another view (the address): the keyboard goes to its heading. */
  focusKey?: string;
  /**
   * Links between views, for the signed-in person (only the pages they can use); shown in a
   * plain browser only (the host has its own navigation).
   */
  navigation?: (me: Me) => ReactNode;
  /** The view, once someone is signed in. */
  children: (session: SignedIn) => ReactNode;
}

/** Host detection, theme, sign-in and error display around a signed-in view. */
export function PathwaysApp({
  detectHost,
  hostLabel,
  openInHostHelp,
  heading,
  focusKey = '',
  navigation,
  children,
}: PathwaysAppProps) {
  const styles = useStyles();
  const host = useHost(detectHost);
  const {
    state,
    signInAs,
    switchPersona,
    choosePartnership,
    changePartnership,
    keepPartnership,
    retry,
  } = useSession(host, hostLabel);

  const config =
    state.status === 'signed-in' ? state.session.config : 'config' in state ? state.config : null;
  const error =
    state.status === 'failed' || state.status === 'choose-persona' ? state.error : undefined;

  let body: ReactNode;
  switch (state.status) {
    case 'starting':
      body = (
        <div role="status">
          <Spinner size="small" labelPosition="after" label="Connecting to Pathways…" />
        </div>
      );
      break;
    case 'signing-in':
      body = (
        <div role="status">
          <Spinner size="small" labelPosition="after" label={state.message} />
        </div>
      );
      break;
    case 'choose-persona':
      body = (
        <div className={styles.stack}>
          {state.notice ? <Text as="p">{state.notice}</Text> : null}
          <PersonaPicker personas={state.personas} selected={state.selected} onSignIn={signInAs} />
        </div>
      );
      break;
    case 'choose-partnership':
      body = (
        <PartnershipChooser
          partnerships={state.partnerships}
          current={state.current?.partnership}
          onChoose={choosePartnership}
          onKeep={keepPartnership}
        />
      );
      break;
    case 'open-in-host':
      body = (
        <div className={styles.stack}>
          <Text as="p" weight="semibold">
            Open this page in {hostLabel}.
          </Text>
          <Text as="p">
            Pathways for {state.config.partnership.name} signs you in with your work account through{' '}
            {hostLabel}, so it does not work in a web browser on its own.
          </Text>
          <Text as="p">{openInHostHelp}</Text>
        </div>
      );
      break;
    case 'failed':
      body = (
        <Button appearance="primary" onClick={retry}>
          Try again
        </Button>
      );
      break;
    case 'signed-in':
      body = children(state.session);
      break;
  }

  const account =
    state.status === 'signed-in' ? (
      <SignedInAs
        me={state.session.me}
        onSwitch={state.session.persona ? switchPersona : undefined}
        onChangePartnership={
          canChangePartnership(state.session.me.partnerships) ? changePartnership : undefined
        }
      />
    ) : state.status === 'choose-partnership' ? (
      <SignedInAs me={state.me} onSwitch={state.persona ? switchPersona : undefined} />
    ) : null;
  // The partnership they act for; while they choose, none; before sign-in, the deployment's.
  const partnershipName =
    state.status === 'signed-in'
      ? (state.session.partnership?.name ?? state.session.config.partnership.name)
      : state.status === 'choose-partnership'
        ? undefined
        : config?.partnership.name;
  // Signing in, choosing a partnership and changing it are new views too.
  const viewKey =
    state.status === 'signed-in'
      ? `${state.session.me.id}|${state.session.partnership?.id ?? ''}`
      : state.status === 'choose-partnership'
        ? 'choose-partnership'
        : '';

  return (
    <ShellFrame
      host={host}
      heading={heading}
      // Signing in is a new view too: the keyboard goes to the page's heading, not the body.
      focusKey={`${focusKey}|${viewKey}`}
      partnershipName={partnershipName}
      account={account}
      navigation={
        host?.kind === 'browser' && navigation && state.status === 'signed-in'
          ? navigation(state.session.me)
          : undefined
      }
    >
      <ErrorNotice message={error} />
      {body}
    </ShellFrame>
  );
}

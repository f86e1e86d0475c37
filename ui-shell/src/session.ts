import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ApiClient,
  ApiError,
  getConfig,
  getMe,
  getSandboxToken,
  listPersonas,
  messageOf,
  type SandboxToken,
} from './api';
import { decidePartnership, rememberedPartnership, rememberPartnership } from './partnerships';
import type { HostAdapter, Me, Partnership, PathwaysConfig, Persona } from './types';

/** Everything a signed-in view needs. */
export interface SignedIn {
  me: Me;
  config: PathwaysConfig;
  /** Calls the Pathways API as the signed-in person. */
  api: ApiClient;
  /** Set when signed in with a sandbox persona in a plain browser. */
  persona?: Persona;
  /** The partnership they are acting for; absent when the service lists none. */
  partnership?: Partnership;
}

/** Who is signed in, before a partnership is settled; `api` carries no partnership header. */
interface Account {
  me: Me;
  config: PathwaysConfig;
  api: ApiClient;
  persona?: Persona | undefined;
}

export type SessionState =
  | { status: 'starting' }
  | { status: 'signing-in'; config: PathwaysConfig; message: string }
  | {
      status: 'choose-persona';
      config: PathwaysConfig;
      personas: Persona[];
      selected?: string;
      notice?: string;
      error?: string;
    }
  | {
      /** Signed in and in two or more partnerships: which one are they working for? */
      status: 'choose-partnership';
      config: PathwaysConfig;
      me: Me;
      partnerships: Partnership[];
      persona?: Persona;
      /** Set when they asked to change: they may go on working for this one. */
      current?: SignedIn;
    }
  | { status: 'signed-in'; session: SignedIn }
  | { status: 'open-in-host'; config: PathwaysConfig }
  | { status: 'failed'; error: string; config?: PathwaysConfig };

export interface Session {
  state: SessionState;
  /** Sign in as a sandbox persona (browser mode with m365 = 'sandbox'). */
  signInAs: (personaId: string) => void;
  /** Forget the remembered persona and show the picker again. */
  switchPersona: () => void;
  /** Act for this partnership (one of those offered), remembered for the session. */
  choosePartnership: (partnershipId: string) => void;
  /** Show the partnership chooser again (a person in two or more). */
  changePartnership: () => void;
  /** Leave the chooser and go on working for the partnership they had. */
  keepPartnership: () => void;
  /** Start again from the beginning. */
  retry: () => void;
}

const personaKey = (config: PathwaysConfig) => `pathways.sandboxPersona.${config.tenantId}`;

function rememberedPersona(config: PathwaysConfig): string | undefined {
  try {
    return window.sessionStorage.getItem(personaKey(config)) ?? undefined;
  } catch {
    return undefined;
  }
}

function rememberPersona(config: PathwaysConfig, personaId: string | undefined): void {
  try {
    if (personaId) window.sessionStorage.setItem(personaKey(config), personaId);
    else window.sessionStorage.removeItem(personaKey(config));
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
}

function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

const noPartnershipFound =
  'Pathways could not tell which partnership you are working for. Close and reopen Pathways; if it keeps happening, tell the Business Unit.';

function hostSignInFailed(hostLabel: string, error: unknown): string {
  if (error instanceof ApiError) return error.message;
  const detail = messageOf(error);
  return `${hostLabel} could not sign you in to Pathways. Close and reopen Pathways, then try again. (Details: ${detail})`;
}

/**
 * Signs the person in once the host is known:
 * - in Teams or Outlook, with the host's single sign-on token;
 * - in a plain browser with the sandbox, with a persona they choose (remembered for this tab session);
 * - in a plain browser with a real tenant, not at all: the page must be opened in the host.
 */
export function useSession(host: HostAdapter | null, hostLabel: string): Session {
  const [state, setState] = useState<SessionState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);
  // Each sign-in run gets a number; answers from older runs are ignored.
  const run = useRef(0);
  const personas = useRef<Persona[]>([]);
  // The signed-in view whose API calls may bring the partnership chooser up (none while it is up).
  const live = useRef<SignedIn | null>(null);
  // Who is signed in, for the chooser to continue from.
  const account = useRef<Account | null>(null);

  const show = useCallback((next: SessionState) => {
    live.current = next.status === 'signed-in' ? next.session : null;
    setState(next);
  }, []);

  /**
   * Signed in: act for their only partnership, the one `chosen` or remembered for the session,
   * or ask which one. Run `current`'s answer is shown only while it is the latest run.
   */
  const enter = useCallback(
    function enter(signedIn: Account, current: number, chosen?: string): void {
      const update = (next: SessionState) => {
        if (run.current === current) show(next);
      };
      account.current = signedIn;
      const { me, config, persona } = signedIn;
      const decision = decidePartnership(
        me.partnerships,
        chosen ?? rememberedPartnership(sessionStore(), me.id),
      );
      if (decision.kind === 'choose') {
        update({
          status: 'choose-partnership',
          config,
          me,
          partnerships: decision.partnerships,
          ...(persona && { persona }),
        });
        return;
      }
      const partnership = decision.kind === 'decided' ? decision.partnership : undefined;
      if (partnership && chosen) rememberPartnership(sessionStore(), me.id, partnership.id);

      // The service said to choose: read their partnerships afresh and ask.
      const askAgain = () => {
        const next = ++run.current;
        const after = (state: SessionState) => {
          if (run.current === next) show(state);
        };
        rememberPartnership(sessionStore(), me.id, undefined);
        after({
          status: 'signing-in',
          config,
          message: 'Checking which partnerships you belong to…',
        });
        getMe(signedIn.api).then(
          (fresh) => {
            if (run.current !== next) return;
            const again = decidePartnership(fresh.partnerships, undefined);
            // Nothing to choose from, or only the one the service just refused: do not loop.
            const stuck =
              again.kind === 'unlisted' ||
              (again.kind === 'decided' && again.partnership.id === partnership?.id);
            if (stuck) {
              after({ status: 'failed', config, error: noPartnershipFound });
            } else {
              enter({ ...signedIn, me: fresh }, next);
            }
          },
          (error: unknown) => after({ status: 'failed', config, error: messageOf(error) }),
        );
      };
      const session: SignedIn = {
        me,
        config,
        api: signedIn.api.forPartnership({
          id: partnership?.id,
          onChoosePartnership: () => {
            if (live.current === session) askAgain();
          },
        }),
        ...(persona && { persona }),
        ...(partnership && { partnership }),
      };
      update({ status: 'signed-in', session });
    },
    [show],
  );

  const signInWithPersona = useCallback(
    async (config: PathwaysConfig, personaId: string, current: number) => {
      const update = (next: SessionState) => {
        if (run.current === current) show(next);
      };
      const persona = personas.current.find((p) => p.id === personaId);
      update({
        status: 'signing-in',
        config,
        message: `Signing in as ${persona?.displayName ?? 'the chosen persona'}…`,
      });
      try {
        let token: SandboxToken = await getSandboxToken(config, personaId);
        const api = new ApiClient(async () => {
          if (token.expiresAt - Date.now() < 60_000)
            token = await getSandboxToken(config, personaId);
          return token.accessToken;
        });
        const me = await getMe(api);
        rememberPersona(config, personaId);
        enter({ me, config, api, persona }, current);
      } catch (error) {
        rememberPersona(config, undefined);
        update({
          status: 'choose-persona',
          config,
          personas: personas.current,
          selected: personaId,
          error: messageOf(error),
        });
      }
    },
    [enter, show],
  );

  useEffect(() => {
    if (!host) return;
    const current = ++run.current;
    const update = (next: SessionState) => {
      if (run.current === current) show(next);
    };
    void (async () => {
      update({ status: 'starting' });
      let config: PathwaysConfig;
      try {
        config = await getConfig();
      } catch (error) {
        update({ status: 'failed', error: messageOf(error) });
        return;
      }

      let notice: string | undefined;
      if (host.getToken) {
        try {
          const getToken = host.getToken;
          const api = new ApiClient(() => getToken(config));
          const me = await getMe(api);
          enter({ me, config, api }, current);
          return;
        } catch (error) {
          if (config.m365 !== 'sandbox') {
            update({ status: 'failed', config, error: hostSignInFailed(hostLabel, error) });
            return;
          }
          notice = `${hostLabel} single sign-on did not work with the test sandbox, so choose a test persona instead.`;
        }
      } else if (config.m365 === 'tenant') {
        update({ status: 'open-in-host', config });
        return;
      }

      try {
        personas.current = await listPersonas(config);
      } catch (error) {
        update({ status: 'failed', config, error: messageOf(error) });
        return;
      }
      const remembered = rememberedPersona(config);
      if (remembered && personas.current.some((p) => p.id === remembered)) {
        await signInWithPersona(config, remembered, current);
        return;
      }
      update({
        status: 'choose-persona',
        config,
        personas: personas.current,
        ...(notice && { notice }),
      });
    })();
  }, [host, hostLabel, attempt, signInWithPersona, enter, show]);

  const signInAs = useCallback(
    (personaId: string) => {
      if (state.status !== 'choose-persona') return;
      void signInWithPersona(state.config, personaId, ++run.current);
    },
    [state, signInWithPersona],
  );

  const switchPersona = useCallback(() => {
    if (state.status !== 'signed-in' && state.status !== 'choose-partnership') return;
    const { config, persona } = state.status === 'signed-in' ? state.session : state;
    rememberPersona(config, undefined);
    run.current++;
    show({
      status: 'choose-persona',
      config,
      personas: personas.current,
      ...(persona && { selected: persona.id }),
    });
  }, [state, show]);

  const choosePartnership = useCallback(
    (partnershipId: string) => {
      if (state.status !== 'choose-partnership' || !account.current) return;
      enter(account.current, ++run.current, partnershipId);
    },
    [state, enter],
  );

  const changePartnership = useCallback(() => {
    if (state.status !== 'signed-in') return;
    const { session } = state;
    const { config, me, persona } = session;
    if (!me.partnerships || me.partnerships.length < 2) return;
    run.current++;
    show({
      status: 'choose-partnership',
      config,
      me,
      partnerships: me.partnerships,
      ...(persona && { persona }),
      current: session,
    });
  }, [state, show]);

  const keepPartnership = useCallback(() => {
    if (state.status !== 'choose-partnership' || !state.current) return;
    run.current++;
    show({ status: 'signed-in', session: state.current });
  }, [state, show]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return {
    state,
    signInAs,
    switchPersona,
    choosePartnership,
    changePartnership,
    keepPartnership,
    retry,
  };
}

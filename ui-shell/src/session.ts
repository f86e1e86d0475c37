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
import type { HostAdapter, Me, PathwaysConfig, Persona } from './types';

/** Everything a signed-in view needs. */
export interface SignedIn {
  me: Me;
  config: PathwaysConfig;
  /** Calls the Pathways API as the signed-in person. */
  api: ApiClient;
  /** Set when signed in with a sandbox persona in a plain browser. */
  persona?: Persona;
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
  | { status: 'signed-in'; session: SignedIn }
  | { status: 'open-in-host'; config: PathwaysConfig }
  | { status: 'failed'; error: string; config?: PathwaysConfig };

export interface Session {
  state: SessionState;
  /** Sign in as a sandbox persona (browser mode with m365 = 'sandbox'). */
  signInAs: (personaId: string) => void;
  /** Forget the remembered persona and show the picker again. */
  switchPersona: () => void;
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

  const signInWithPersona = useCallback(
    async (config: PathwaysConfig, personaId: string, current: number) => {
      const update = (next: SessionState) => {
        if (run.current === current) setState(next);
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
        update({ status: 'signed-in', session: { me, config, api, ...(persona && { persona }) } });
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
    [],
  );

  useEffect(() => {
    if (!host) return;
    const current = ++run.current;
    const update = (next: SessionState) => {
      if (run.current === current) setState(next);
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
          update({ status: 'signed-in', session: { me, config, api } });
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
  }, [host, hostLabel, attempt, signInWithPersona]);

  const signInAs = useCallback(
    (personaId: string) => {
      if (state.status !== 'choose-persona') return;
      void signInWithPersona(state.config, personaId, ++run.current);
    },
    [state, signInWithPersona],
  );

  const switchPersona = useCallback(() => {
    if (state.status !== 'signed-in') return;
    const { config, persona } = state.session;
    rememberPersona(config, undefined);
    run.current++;
    setState({
      status: 'choose-persona',
      config,
      personas: personas.current,
      ...(persona && { selected: persona.id }),
    });
  }, [state]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { state, signInAs, switchPersona, retry };
}
